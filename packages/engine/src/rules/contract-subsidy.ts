/**
 * The subsidy of one registered technology contract, as the server records it and as the template's
 * "expected subsidy" column computes it: which amount and which date the TECHSUBSIDY rule is applied to.
 *
 *   CN-HL (001 二(四), basis 技术交易实际到账金额): the receipts dated within the reporting year, summed
 *         (POLICY.md §4.2: receipts of other years belong to the report of their own year); the rules in
 *         force on the last of those receipts; with none, the signing date (the amount is then 0).
 *   CN-HE (004 item 9, basis 技术合同实际交易额): the contract amount, on the signing date.
 *   source: "京津" when the achievement comes from Beijing or Tianjin (only the Hebei rule uses it).
 *
 * A PolicyError is returned, not thrown: NO_SUCH_RULE (e.g. a CN-HE seller) → status "no-rule"; any
 * other (e.g. a date before the policy) → "not-computable".
 */
import { isPolicyError, type Bilingual } from "../errors";
import { Decimal } from "../money";
import type { RegionCode } from "../policy/file-schema";
import { techSubsidy } from "./tech-subsidy";

export interface SubsidyBasis {
  amount: string;
  date: string;
  source: string;
  /** Which amount and date were used, in words. */
  reading: string;
}

interface Head {
  registrationNumber: string;
  role: "buyer" | "seller";
  basis: SubsidyBasis;
}

export type ContractSubsidy =
  | (Head & { status: "computed"; amount: string; eligible: boolean; reason?: Bilingual; clauses: string[] })
  | (Head & { status: "no-rule" | "not-computable"; code: string; message: Bilingual });

/** How each province measures the amount a subsidy is computed on. */
export const SUBSIDY_BASIS: Readonly<Record<RegionCode, "received-in-year" | "contract-amount">> = {
  "CN-HL": "received-in-year",
  "CN-HE": "contract-amount",
};

/** The fields of a technology contract the subsidy reads (the contract package's `TechnologyContract` satisfies it). */
export interface ContractForSubsidy {
  registrationNumber: string;
  role: "buyer" | "seller";
  receipts: readonly { date: string; amount: string }[];
  contractAmount: string;
  signedDate: string;
  sourceJingJin?: boolean;
}

export function subsidyBasis(report: { region: RegionCode; year: number }, c: ContractForSubsidy): SubsidyBasis {
  const source = c.sourceJingJin ? "京津" : "";
  if (SUBSIDY_BASIS[report.region] === "received-in-year") {
    const counted = c.receipts.filter((r) => r.date.startsWith(`${report.year}-`));
    const amount = counted.reduce((sum, r) => sum.plus(r.amount), new Decimal(0));
    const last = counted.map((r) => r.date).sort().at(-1);
    return {
      amount: amount.toFixed(2),
      date: last ?? c.signedDate,
      source,
      reading: `${report.region}: receipts dated in ${report.year} (${counted.length} of ${c.receipts.length}), on the date of the last of them`,
    };
  }
  return {
    amount: new Decimal(c.contractAmount).toFixed(2),
    date: c.signedDate,
    source,
    reading: `${report.region}: contract amount, on the signing date`,
  };
}

export function contractSubsidy(report: { region: RegionCode; year: number }, c: ContractForSubsidy): ContractSubsidy {
  const basis = subsidyBasis(report, c);
  const head: Head = { registrationNumber: c.registrationNumber, role: c.role, basis };
  try {
    const r = techSubsidy({ amount: basis.amount, region: report.region, role: c.role, source: basis.source, date: basis.date });
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
