/**
 * The server's own subsidy figures for every contract of a submission (the client's are never read: the
 * schema has no field for them). One call to the engine's `techSubsidy` per contract:
 *
 *   region = the submission's region;  role = contract.role;  source = sourceJingJin ? "京津" : "".
 *   amount — CN-HL (001 二(四), basis 实际到账金额): the receipts dated within the submission year, summed;
 *            receipts of other years belong to the submission of their own year.
 *          — CN-HE (004 item 9, basis 实际交易额): the contract amount.
 *   date   — CN-HL: the date of the last receipt counted (the rules in force when the money arrived);
 *            the signing date when no receipt falls in the year (then the amount is 0 and ineligible).
 *          — CN-HE: the signing date (the transaction the rule rewards).
 *
 * A PolicyError is stored, not thrown: NO_SUCH_RULE (e.g. a CN-HE seller) → status "no-rule"; any other
 * (e.g. a date before the policy) → status "not-computable". The full trace is not stored (it would
 * make large submissions exceed the document limit): it is reproducible with the engine from the stored
 * basis and rules version; the clauses used are kept.
 */
import { Decimal, isPolicyError, techSubsidy, type Bilingual, type Submission, type TechnologyContract } from "../../shared/src";

export interface SubsidyBasis {
  amount: string;
  date: string;
  source: string;
  reading: string;
}

export type SubsidyOutcome =
  | {
      registrationNumber: string;
      role: "buyer" | "seller";
      basis: SubsidyBasis;
      status: "computed";
      amount: string;
      eligible: boolean;
      reason?: Bilingual;
      clauses: string[];
    }
  | {
      registrationNumber: string;
      role: "buyer" | "seller";
      basis: SubsidyBasis;
      status: "no-rule" | "not-computable";
      code: string;
      message: Bilingual;
    };

export function basisOf(s: Pick<Submission, "region" | "year">, c: TechnologyContract): SubsidyBasis {
  const source = c.sourceJingJin ? "京津" : "";
  if (s.region === "CN-HL") {
    const counted = c.receipts.filter((r) => r.date.startsWith(`${s.year}-`));
    const amount = counted.reduce((sum, r) => sum.plus(r.amount), new Decimal(0));
    const last = counted.map((r) => r.date).sort().at(-1);
    return {
      amount: amount.toFixed(2),
      date: last ?? c.signedDate,
      source,
      reading: `CN-HL: receipts dated in ${s.year} (${counted.length} of ${c.receipts.length}); date of the last of them`,
    };
  }
  return { amount: new Decimal(c.contractAmount).toFixed(2), date: c.signedDate, source, reading: "CN-HE: contract amount; signing date" };
}

export function subsidyOf(s: Pick<Submission, "region" | "year">, c: TechnologyContract): SubsidyOutcome {
  const basis = basisOf(s, c);
  const head = { registrationNumber: c.registrationNumber, role: c.role, basis };
  try {
    const r = techSubsidy({ amount: basis.amount, region: s.region, role: c.role, source: basis.source, date: basis.date });
    return {
      ...head,
      status: "computed",
      amount: r.amount.toFixed(2),
      eligible: r.eligible,
      ...(r.reason ? { reason: r.reason } : {}),
      clauses: [...new Set(r.steps.flatMap((step) => (step.clause ? [step.clause] : [])))],
    };
  } catch (e) {
    if (!isPolicyError(e)) throw e;
    return { ...head, status: e.code === "NO_SUCH_RULE" ? "no-rule" : "not-computable", code: e.code, message: e.text };
  }
}

export const subsidiesOf = (s: Submission): SubsidyOutcome[] => s.contracts.map((c) => subsidyOf(s, c));

/** Sum of computed amounts (no-rule and not-computable contribute nothing). */
export function subsidyTotal(outcomes: SubsidyOutcome[]): string {
  return outcomes.reduce((sum, o) => (o.status === "computed" ? sum.plus(o.amount) : sum), new Decimal(0)).toFixed(2);
}
