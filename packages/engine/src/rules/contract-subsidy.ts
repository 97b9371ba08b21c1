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
import { citationOf } from "../policy/citation";

export interface SubsidyBasis {
  amount: string;
  date: string;
  source: string;
  /** Which amount and date were used, in words (Chinese; `readingEn` in English). */
  reading: string;
  readingEn: string;
}

interface Head {
  registrationNumber: string;
  role: "buyer" | "seller";
  basis: SubsidyBasis;
}

export type ContractSubsidy =
  | (Head & {
      status: "computed";
      amount: string;
      eligible: boolean;
      reason?: Bilingual;
      /** Short citations in words (文号 or title, and the article), one per clause used. */
      clauses: string[];
      /** Full citations: document title, 文号, article, effective date. */
      citations: Bilingual[];
      /** The readings applied ("解读：…"). */
      readings: Bilingual[];
    })
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
    const last = counted
      .map((r) => r.date)
      .sort()
      .at(-1);
    return {
      amount: amount.toFixed(2),
      date: last ?? c.signedDate,
      source,
      reading:
        `技术交易实际到账金额：${report.year} 年内到账的 ${counted.length} 笔（共 ${c.receipts.length} 笔）之和，` +
        `按最后一笔到账日（${last ?? `无到账，按签订日 ${c.signedDate}`}）适用的规定计算`,
      readingEn: `Amount actually received: the ${counted.length} of ${c.receipts.length} receipts dated in ${report.year}, under the rules in force on the last of them (${last ?? `none: signing date ${c.signedDate}`})`,
    };
  }
  return {
    amount: new Decimal(c.contractAmount).toFixed(2),
    date: c.signedDate,
    source,
    reading: `技术合同实际交易额：解读为登记的技术合同成交额（不是当年到账额），按签订日（${c.signedDate}）适用的规定计算`,
    readingEn: `Actual contract amount (技术合同实际交易额): read as the registered contract amount (not the receipts of the year), under the rules in force on the signing date (${c.signedDate})`,
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
      citations: [...new Map(r.parameters.map((p) => citationOf(p.reference).words).map((w) => [w.zh, w])).values()],
      readings: r.readings.map((s) => ({ zh: s.zh, en: s.en })),
    };
  } catch (e) {
    if (!isPolicyError(e)) throw e;
    return { ...head, status: e.code === "NO_SUCH_RULE" ? "no-rule" : "not-computable", code: e.code, message: e.text };
  }
}
