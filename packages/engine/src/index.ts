/**
 * The policy engine: one calculation library for the Excel functions (addin/) and the cloud functions
 * (functions/). No DOM, no Node built-ins, no zod at run time. Every amount is exact (decimal.js), rounded once to 0.01 CNY half-up, and carries a trace
 * naming the clause it comes from. See packages/engine/README.md.
 */
export { PolicyError, isPolicyError, FIELD_NAMES, ERRORS, type ErrorCode, type ErrorKind, type Bilingual } from "./errors";
export { Decimal, roundMoney, formatMoney, parseAmount } from "./money";
export { parseDate, parseYear, todayInChina, isCalendarDate, type IsoDate } from "./dates";
export { RULES_VERSION, PARAMETERS, TARGETS } from "./generated/policy-data";
export type { ParameterId, MetricId } from "./generated/ids";
export { parameterAt, clauseOf, allParameters, type ParameterUse } from "./policy/parameters";
export type { ParameterFile, TargetFile, Reference, RegionCode, Measure, TargetBound, Wording } from "./policy/file-schema";
export type { RuleResult, TraceStep } from "./trace";
export { parseRegion, parseRole, parseSource, REGION_CODES, type Role, type Source } from "./rules/inputs";
export {
  techSubsidy,
  techSubsidyCalculator,
  TECH_SUBSIDY_RULES,
  type TechSubsidyInput,
  type TechSubsidyOptions,
} from "./rules/tech-subsidy";
export {
  target,
  cumulativeTargetCovering,
  metricsOf,
  seriesOf,
  DEFAULT_METRIC,
  DEFAULT_REGION,
  defaultCumulativeMetric,
  type TargetValue,
  type TargetQuery,
} from "./targets/targets";
export { targetGap, stillNeededPerYear, followSchedule, spreadEvenly, type GapResult, type StillNeededResult } from "./targets/progress";
export {
  SECTORS,
  SECTOR_IDS,
  sectorMetric,
  regionSectors,
  regionSectorsReading,
  achievementFlags,
  type Sector,
  type AchievementFlag,
  MODES,
  MODE_IDS,
  CONTRACT_TYPES,
  CONTRACT_TYPE_IDS,
  type SectorId,
  type ModeId,
  type ContractTypeId,
} from "./sectors";
export { BOUND_OF_WORD, BOUND_TEXT, BOUNDS_WITHOUT_WORD, boundOf, meets, wordingMismatch } from "./targets/bounds";
export { specialistShare, commissionerShare, type ShareOfSubsidyInput } from "./rules/shares";
export {
  checkOneSidePerTransaction,
  oneSideApplies,
  oneSideRegions,
  sidesPerTransaction,
  type SubsidyClaim,
  type OneSideViolation,
} from "./rules/one-side-per-transaction";
export {
  transferInstitutionReward,
  rankTransferInstitutions,
  type TransferRewardInput,
  type TransferRewardResult,
  type InstitutionTurnover,
  type RankedInstitution,
} from "./rules/transfer-institution-reward";
export {
  incomeShare,
  inventorEquity,
  taxableRewardAmount,
  INCOME_SHARE_PARTIES,
  type IncomeShareInput,
  type InventorEquityInput,
  type TaxableRewardInput,
} from "./rules/income-share";
export { insuranceCompensation, type InsuranceInput } from "./rules/insurance-compensation";
export {
  highTechEnterpriseAward,
  seedInvestmentReward,
  consortiumSupport,
  listingAward,
  enterpriseLabGrant,
  demonstrationGrant,
} from "./rules/awards";
export { contractSubsidy, subsidyBasis, SUBSIDY_BASIS, type ContractSubsidy, type SubsidyBasis } from "./rules/contract-subsidy";
export { isBlank } from "./blank";
export { brokerShare } from "./rules/broker-share";
export { citationOf, articleOf, documentOf, documentName, type Citation } from "./policy/citation";
export { DOCUMENTS } from "./generated/policy-data";
export type { DocumentFile } from "./policy/document-schema";
export { regionWithRule, noSuchRule, FALLBACK_REGION } from "./rules/rule-region";
export { readingsOf } from "./trace";
export { targetYears } from "./policy/target-years";
export * from "./lifecycle/transition";
export { PROVINCES, PARTY_REGION_CODES, TEMPLATE_VERSION, READABLE_TEMPLATE_VERSIONS, TEMPLATE_VERSIONS_BY_REGION } from "./codes";
export * from "./regions";
export { techSubsidyFenCalculator, fenSchedule } from "./rules/tech-subsidy-fen";
export { resolveTechSubsidy, type Resolved, type Schedule } from "./rules/tech-subsidy";
export { SAFE, fenOf, fractionOf, parameterFen, divideHalfUp } from "./exact-fen";
