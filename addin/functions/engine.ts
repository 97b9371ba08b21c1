/**
 * The policy engine as the add-in sees it: imported module by module, never through shared/src/index.ts,
 * because the index also exports the zod submission schemas and zod must stay out of the functions bundle
 * (tests/addin/bundle.test.ts checks the built script for it).
 */
export { PolicyError, isPolicyError, type Bilingual, type ErrorKind } from "../../shared/src/errors";
export { Decimal } from "../../shared/src/money";
export { RULES_VERSION } from "../../shared/src/generated/policy-data";
export type { RuleResult, TraceStep } from "../../shared/src/trace";
export type { RegionCode } from "../../shared/src/policy/file-schema";
export { parseRegion } from "../../shared/src/rules/inputs";
export { parseYear } from "../../shared/src/dates";
export { techSubsidy, techSubsidyCalculator } from "../../shared/src/rules/tech-subsidy";
export { techSubsidyFenCalculator } from "../../shared/src/rules/tech-subsidy-fen";
export { transferInstitutionReward } from "../../shared/src/rules/transfer-institution-reward";
export { incomeShare, inventorEquity, taxableRewardAmount } from "../../shared/src/rules/income-share";
export { insuranceCompensation } from "../../shared/src/rules/insurance-compensation";
export { specialistShare, commissionerShare } from "../../shared/src/rules/shares";
export {
  highTechEnterpriseAward,
  seedInvestmentReward,
  consortiumSupport,
  listingAward,
  enterpriseLabGrant,
  demonstrationGrant,
} from "../../shared/src/rules/awards";
export { target, metricsOf, DEFAULT_METRIC, DEFAULT_REGION, type TargetValue } from "../../shared/src/targets/targets";
export { targetGap, type GapResult } from "../../shared/src/targets/progress";
