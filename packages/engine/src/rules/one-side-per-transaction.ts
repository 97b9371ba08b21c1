/**
 * 001 二(四): "对同一年度同一技术交易项目的双方给予单方面支持" — the same transaction in the same year is
 * supported on one side only. Reading (POLICY.md §4.2): one payment per transaction per year, to the buyer
 * or the seller, never both, and never twice to the same side; who chooses is not said, so the check only
 * reports conflicts for a person to resolve.
 */
import { parseYear } from "../dates";
import { allParameters, clauseOf, parameterAt } from "../policy/parameters";
import type { ParameterId } from "../generated/ids";
import type { IsoDate } from "../dates";
import { isPolicyError } from "../errors";
import type { Bilingual } from "../errors";
import { parseRole, ruleDate, type Role } from "./inputs";

export interface SubsidyClaim {
  /** Contract registration number (技术合同登记号) identifying the transaction. */
  transactionId: string;
  year: unknown;
  role: unknown;
  /** Who claims (institute or enterprise id), for the message. */
  claimant: string;
}

export interface OneSideViolation {
  transactionId: string;
  year: number;
  claims: { claimant: string; role: Role }[];
  message: Bilingual;
  clause: string;
}

/** The parameter of each region that has the rule: how many parties of one transaction may be supported a year. */
const SIDES_SUFFIX = ".tech-subsidy.sides-per-transaction";

/**
 * How many parties of one transaction `region` supports in a year on `date`, or null where the policy data
 * has no one-side rule then (no parameter, not yet in force, repealed): the regions come from the data.
 */
export function sidesPerTransaction(region: string, date: IsoDate): { sides: number; clause: string } | null {
  const p = allParameters().find((x) => x.region === region && x.id.endsWith(SIDES_SUFFIX));
  if (!p) return null;
  try {
    const use = parameterAt(p.id as ParameterId, date);
    return { sides: Number(use.value), clause: clauseOf(use.reference) };
  } catch (e) {
    if (isPolicyError(e) && (e.code === "DATE_BEFORE_POLICY" || e.code === "POLICY_REPEALED")) return null;
    throw e;
  }
}

/** Whether the one-side rule applies in `region` on `date` (from the policy data). */
export const oneSideApplies = (region: string, date: IsoDate): boolean => sidesPerTransaction(region, date) !== null;

/** The regions whose policy data has a one-side rule on `date`. */
export const oneSideRegions = (date: IsoDate): string[] =>
  [...new Set(allParameters().map((p) => p.region))].filter((r) => oneSideApplies(r, date)).sort();

export function checkOneSidePerTransaction(
  claims: readonly SubsidyClaim[],
  date?: unknown,
): { ok: boolean; violations: OneSideViolation[] } {
  const rule = parameterAt("cn-hl.tech-subsidy.sides-per-transaction", ruleDate(date));
  const clause = clauseOf(rule.reference);
  const sides = Number(rule.value);
  const groups = new Map<string, { transactionId: string; year: number; claims: { claimant: string; role: Role }[] }>();
  for (const c of claims) {
    const year = parseYear(c.year);
    const key = `${c.transactionId.trim()}|${year}`;
    const g = groups.get(key) ?? { transactionId: c.transactionId.trim(), year, claims: [] };
    g.claims.push({ claimant: c.claimant, role: parseRole(c.role) });
    groups.set(key, g);
  }
  const violations = [...groups.values()]
    .filter((g) => g.claims.length > sides)
    .map((g) => {
      const who = g.claims.map((c) => `${c.claimant} (${c.role})`).join(", ");
      return {
        ...g,
        clause,
        message: {
          zh: `技术交易 ${g.transactionId} 在 ${g.year} 年有 ${g.claims.length} 项申请（${who}），同一年度同一项目只能支持一方`,
          en: `Transaction ${g.transactionId} has ${g.claims.length} claims in ${g.year} (${who}); only one side may be supported per year`,
        },
      };
    });
  return { ok: violations.length === 0, violations };
}
