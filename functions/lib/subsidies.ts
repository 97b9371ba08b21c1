/**
 * The server's own subsidy figures for every contract of a submission (the client's are never read: the
 * schema has no field for them). The reading — which amount and date each province's rule is applied to,
 * and how a missing rule is recorded — lives in the engine (`contractSubsidy`, packages/engine/src/rules/
 * contract-subsidy.ts), so the workbook's "expected subsidy" column and the server agree:
 *   CN-HL: receipts dated within the submission year, on the last of them (signing date if none);
 *   CN-HE: the contract amount, on the signing date; NO_SUCH_RULE → "no-rule", other refusals → "not-computable".
 * The full trace is not stored (it would make large submissions exceed the document limit): it is
 * reproducible with the engine from the stored basis and rules version; the clauses used are kept.
 */
import { Decimal, contractSubsidy, type ContractSubsidy } from "@tt/engine";
import { type Submission } from "@tt/contract";

export type SubsidyOutcome = ContractSubsidy;

export const subsidiesOf = (s: Submission): SubsidyOutcome[] => s.contracts.map((c) => contractSubsidy(s, c));

/** Sum of computed amounts (no-rule and not-computable contribute nothing). */
export function subsidyTotal(outcomes: SubsidyOutcome[]): string {
  return outcomes.reduce((sum, o) => (o.status === "computed" ? sum.plus(o.amount) : sum), new Decimal(0)).toFixed(2);
}
