/**
 * The award roster: one row per contract whose subsidy the server computed and found payable, with the
 * basis, the rule and its citation in words, the submission's status and who approved it when; and totals
 * by city and by institute type. One model for GET /api/awards (JSON), GET /api/awards.xlsx (exceljs)
 * and the task pane's "insert roster" (Office.js): browser-safe, no Node, no exceljs.
 */
import { Decimal } from "@tt/engine";
import type { Bilingual } from "@tt/engine";

export interface AwardRow {
  instituteId: string;
  instituteName: Bilingual;
  city: string;
  instituteType: string;
  submissionId: string;
  period: string;
  registrationNumber: string;
  /** The side the institute is on (the one paid): buyer / seller. */
  role: "buyer" | "seller";
  buyer: string;
  seller: string;
  /** The amount the subsidy is computed on, and how it was measured, in words. */
  basisAmount: string;
  basisDate: string;
  basisReading: Bilingual;
  subsidy: string;
  /** The rule in words (e.g. 技术交易补助（受让方企业）). */
  rule: Bilingual;
  /** Document title, 文号, article and effective date of each clause used. */
  citations: Bilingual[];
  readings: Bilingual[];
  status: "submitted" | "approved" | "returned";
  approvedBy: string | null;
  approvedAt: string | null;
  rulesVersion: string;
}

export interface AwardTotal {
  key: string;
  label: Bilingual;
  contracts: number;
  subsidy: string;
}

export interface AwardRoster {
  region: string;
  year: number;
  /** "approved" when only approved submissions were asked for, else "all". */
  status: "approved" | "all";
  generatedAt: string;
  rows: AwardRow[];
  totals: { byCity: AwardTotal[]; byInstituteType: AwardTotal[]; all: { contracts: number; subsidy: string } };
}

export const INSTITUTE_TYPE_NAMES: Readonly<Record<string, Bilingual>> = {
  "research-institute": { zh: "科研院所", en: "Research institute" },
  university: { zh: "高等院校", en: "University" },
  enterprise: { zh: "企业", en: "Enterprise" },
};

export const ROLE_NAMES: Readonly<Record<string, Bilingual>> = {
  buyer: { zh: "受让方", en: "Buyer" },
  seller: { zh: "出让方", en: "Seller" },
};

export const STATUS_NAMES: Readonly<Record<string, Bilingual>> = {
  submitted: { zh: "已提交待审核", en: "Submitted, awaiting review" },
  approved: { zh: "已审核通过", en: "Approved" },
  returned: { zh: "已退回", en: "Returned" },
};

/** Totals of `rows` grouped by `keyOf` (sorted by label), amounts summed exactly. */
export function totalsBy(rows: readonly AwardRow[], keyOf: (r: AwardRow) => string, labelOf: (key: string) => Bilingual): AwardTotal[] {
  const groups = new Map<string, { contracts: number; subsidy: Decimal }>();
  for (const r of rows) {
    const k = keyOf(r);
    const g = groups.get(k) ?? { contracts: 0, subsidy: new Decimal(0) };
    g.contracts += 1;
    g.subsidy = g.subsidy.plus(r.subsidy);
    groups.set(k, g);
  }
  return [...groups.entries()]
    .map(([key, g]) => ({ key, label: labelOf(key), contracts: g.contracts, subsidy: g.subsidy.toFixed(2) }))
    .sort((a, b) => a.label.zh.localeCompare(b.label.zh, "zh-CN"));
}

export function rosterTotals(rows: readonly AwardRow[]): AwardRoster["totals"] {
  return {
    byCity: totalsBy(
      rows,
      (r) => r.city,
      (city) => ({ zh: city, en: city }),
    ),
    byInstituteType: totalsBy(
      rows,
      (r) => r.instituteType,
      (t) => INSTITUTE_TYPE_NAMES[t] ?? { zh: t, en: t },
    ),
    all: { contracts: rows.length, subsidy: rows.reduce((s, r) => s.plus(r.subsidy), new Decimal(0)).toFixed(2) },
  };
}

/** Columns of the roster sheet: heading per language and the cell value of a row. */
export const ROSTER_COLUMNS: readonly {
  heading: Bilingual;
  width: number;
  money?: boolean;
  value: (r: AwardRow, lang: "zh" | "en") => string | number;
}[] = [
  { heading: { zh: "序号", en: "No." }, width: 5, value: () => "" },
  { heading: { zh: "单位名称", en: "Institute" }, width: 22, value: (r, l) => r.instituteName[l] },
  { heading: { zh: "单位编号", en: "Institute id" }, width: 10, value: (r) => r.instituteId },
  { heading: { zh: "市（地）", en: "City" }, width: 8, value: (r) => r.city },
  {
    heading: { zh: "单位类型", en: "Type" },
    width: 9,
    value: (r, l) => (INSTITUTE_TYPE_NAMES[r.instituteType] ?? { zh: r.instituteType, en: r.instituteType })[l],
  },
  { heading: { zh: "技术合同登记号", en: "Registration no." }, width: 18, value: (r) => r.registrationNumber },
  { heading: { zh: "本单位角色", en: "Side" }, width: 7, value: (r, l) => ROLE_NAMES[r.role]![l] },
  { heading: { zh: "受让方", en: "Buyer" }, width: 16, value: (r) => r.buyer },
  { heading: { zh: "出让方", en: "Seller" }, width: 16, value: (r) => r.seller },
  { heading: { zh: "计算基数（元）", en: "Basis (CNY)" }, width: 14, money: true, value: (r) => Number(r.basisAmount) },
  { heading: { zh: "基数口径", en: "How measured" }, width: 28, value: (r, l) => r.basisReading[l] },
  { heading: { zh: "补助金额（元）", en: "Subsidy (CNY)" }, width: 14, money: true, value: (r) => Number(r.subsidy) },
  {
    heading: { zh: "规定与依据", en: "Rule and basis" },
    width: 44,
    value: (r, l) => [r.rule[l], ...r.citations.map((c) => c[l])].join("；"),
  },
  { heading: { zh: "审核状态", en: "Status" }, width: 10, value: (r, l) => (STATUS_NAMES[r.status] ?? { zh: r.status, en: r.status })[l] },
  { heading: { zh: "审核人", en: "Approved by" }, width: 16, value: (r) => r.approvedBy ?? "" },
  {
    heading: { zh: "审核时间", en: "Approved at" },
    width: 17,
    value: (r) => (r.approvedAt ? r.approvedAt.slice(0, 16).replace("T", " ") : ""),
  },
];

/** The roster as a matrix of cells (heading row first), numbered; what both Office.js and exceljs write. */
export function rosterMatrix(roster: AwardRoster, lang: "zh" | "en"): (string | number)[][] {
  return [
    ROSTER_COLUMNS.map((c) => c.heading[lang]),
    ...roster.rows.map((r, i) => ROSTER_COLUMNS.map((c, j) => (j === 0 ? i + 1 : c.value(r, lang)))),
  ];
}

/** The totals as matrices: [heading, ...rows, total]. */
export function rosterTotalsMatrix(
  totals: AwardTotal[],
  heading: Bilingual,
  all: AwardRoster["totals"]["all"],
  lang: "zh" | "en",
): (string | number)[][] {
  const words = {
    contracts: { zh: "合同数", en: "Contracts" },
    subsidy: { zh: "补助金额（元）", en: "Subsidy (CNY)" },
    total: { zh: "合计", en: "Total" },
  };
  return [
    [heading[lang], words.contracts[lang], words.subsidy[lang]],
    ...totals.map((t) => [t.label[lang], t.contracts, Number(t.subsidy)]),
    [words.total[lang], all.contracts, Number(all.subsidy)],
  ];
}
