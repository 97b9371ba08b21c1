/**
 * The TT functions' positional arguments mapped onto the engine's input objects, in one table: the
 * numeric functions (functions.ts) and TT.EXPLAIN both call through it, so an argument order exists once.
 * Excel passes null for an omitted optional argument; the engine treats null, undefined and "" as
 * "use the default", so values are passed through untouched.
 */
import {
  commissionerShare,
  consortiumSupport,
  demonstrationGrant,
  enterpriseLabGrant,
  highTechEnterpriseAward,
  incomeShare,
  insuranceCompensation,
  inventorEquity,
  listingAward,
  seedInvestmentReward,
  specialistShare,
  taxableRewardAmount,
  techSubsidy,
  transferInstitutionReward,
  brokerShare,
  type RuleResult,
} from "@tt/engine";
import { addinError } from "./excel-errors";
import { defaultRegion } from "./runtime-state";
import { isBlank } from "@tt/engine";

/** An omitted region (Excel passes null) becomes the workbook's default region, when one is set. */
export const regionArg = (region: unknown): unknown => (isBlank(region) ? (defaultRegion() ?? region) : region);

type RuleCall = (...args: unknown[]) => RuleResult;

/** Function name (as typed after "TT.") → engine call with the same argument order as the Excel function. */
export const RULES = {
  TECHSUBSIDY: (amount, region, role, source, date) => techSubsidy({ amount, region: regionArg(region), role, source, date }),
  TRANSFERREWARD: (paidTotal, rank, region, date) => transferInstitutionReward({ paidTotal, rank, region: regionArg(region), date }),
  INCOMESHARE: (netIncome, party, region, date) => incomeShare({ income: netIncome, party, region: regionArg(region), date }),
  INSURANCECOMP: (premium, termYears, region, date) => insuranceCompensation({ premium, termYears, region: regionArg(region), date }),
  SPECIALISTSHARE: (subsidy, region, date) => specialistShare({ subsidy, region: regionArg(region), date }),
  COMMISSIONERSHARE: (subsidy, region, date) => commissionerShare({ subsidy, region: regionArg(region), date }),
  INVENTOREQUITY: (equity, region, date) => inventorEquity({ equity, region: regionArg(region), date }),
  HIGHTECHAWARD: (count, region, date) => highTechEnterpriseAward({ count, region: regionArg(region), date }),
  SEEDINVESTREWARD: (invested, region, date) => seedInvestmentReward({ invested, region: regionArg(region), date }),
  CONSORTIUMSUPPORT: (requested, region, date) => consortiumSupport({ requested, region: regionArg(region), date }),
  LISTINGAWARD: (_bound, region, date) => listingAward({ region: regionArg(region), date }),
  LABGRANT: (_bound, region, date) => enterpriseLabGrant({ region: regionArg(region), date }),
  DEMOGRANT: (_bound, region, date) => demonstrationGrant({ region: regionArg(region), date }),
  BROKERSHARE: (funding, region, date) => brokerShare({ funding, region: regionArg(region), date }),
  TAXABLEREWARD: (cashReward, incomeDate, paidDate, nonProfit) =>
    taxableRewardAmount({ cashReward, incomeDate, paidDate, nonProfit: parseNonProfit(nonProfit) }),
} satisfies Record<string, RuleCall>;

export type RuleName = keyof typeof RULES;

/** Position of the region argument of each function that takes one (for EXPLAIN's "地区" row). */
export const REGION_ARGUMENT: Partial<Record<RuleName | "TARGET" | "TARGETGAP" | "PROGRESS", number>> = {
  TECHSUBSIDY: 1,
  TRANSFERREWARD: 2,
  INCOMESHARE: 2,
  INSURANCECOMP: 2,
  SPECIALISTSHARE: 1,
  COMMISSIONERSHARE: 1,
  INVENTOREQUITY: 1,
  HIGHTECHAWARD: 1,
  SEEDINVESTREWARD: 1,
  CONSORTIUMSUPPORT: 1,
  LISTINGAWARD: 1,
  LABGRANT: 1,
  DEMOGRANT: 1,
  BROKERSHARE: 1,
  TARGET: 2,
  TARGETGAP: 3,
  PROGRESS: 2,
};

/** The awards whose amount the texts leave to assessment within a range: the first argument picks the bound. */
export const RANGED: readonly RuleName[] = ["LISTINGAWARD", "LABGRANT", "DEMOGRANT"];

const BOUNDS: Record<string, "min" | "max"> = { MAX: "max", 最高: "max", 上限: "max", MIN: "min", 最低: "min", 下限: "min" };

/** "max" (default: the maximum entitlement, as the engine's `amount`) or "min". */
export function parseBound(input: unknown): "min" | "max" {
  if (input === null || input === undefined || input === "") return "max";
  const bound = typeof input === "string" ? BOUNDS[input.trim().toUpperCase()] : undefined;
  if (!bound) throw addinError("UNKNOWN_BOUND", "invalid", { received: typeof input === "string" ? JSON.stringify(input) : String(input) });
  return bound;
}

/** The figure a cell shows for a rule result: the amount, or for a ranged award the chosen end of the range. */
export function amountOf(result: RuleResult, bound: "min" | "max" = "max"): number {
  if (result.range) return result.range[bound].toNumber();
  return result.amount.toNumber();
}

/** TRUE/FALSE as Excel passes them; also 1/0 and 是/否 typed as text. Anything else is #VALUE!. */
function parseNonProfit(input: unknown): boolean {
  if (typeof input === "boolean") return input;
  if (input === 1 || input === 0) return input === 1;
  if (typeof input === "string") {
    const k = input.trim().toUpperCase();
    if (["TRUE", "是", "1"].includes(k)) return true;
    if (["FALSE", "否", "0"].includes(k)) return false;
  }
  throw addinError("NOT_BOOLEAN", "invalid", {
    field: "nonProfit",
    received: input === undefined || input === null ? "" : JSON.stringify(input),
  });
}

export function isRuleName(name: string): name is RuleName {
  return Object.prototype.hasOwnProperty.call(RULES, name);
}
