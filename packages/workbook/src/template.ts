/**
 * The institute's submission workbook, defined once and built two ways: by the task pane with Office.js
 * (addin/taskpane) and by the server with exceljs (GET /api/templates/institute.xlsx). Both read it back
 * through `readSubmissionTables` (rows.ts), so a row means the same thing on either path.
 *
 * Headers are Chinese and English ("成果名称 Title"); columns are found by header, never by position, and
 * the template version stamped in the workbook decides whether it can be read at all.
 */
import type { RegionCode } from "@tt/engine";
import { CONTRACT_TYPES, MODES, SECTORS, achievementFlags, regionSectors } from "@tt/engine";
import { SUBSIDY_BASIS } from "@tt/engine";
import { PROVINCES } from "@tt/engine";

export { TEMPLATE_VERSION, READABLE_TEMPLATE_VERSIONS } from "@tt/engine";

export type ColumnType = "text" | "money" | "date" | "list" | "computed";

export interface ColumnSpec {
  key: string;
  zh: string;
  en: string;
  type: ColumnType;
  /** Name of the list (sheet LISTS) a list column validates against. */
  list?: ListName;
  required: boolean;
  width: number;
}

export type ListName = "sectors" | "modes" | "contractTypes" | "roles" | "yesNo" | "regions";

export interface TableSpec {
  key: "achievements" | "contracts" | "receipts";
  sheet: string;
  table: string;
  columns: readonly ColumnSpec[];
}

const col = (key: string, zh: string, en: string, type: ColumnType, opts: Partial<ColumnSpec> = {}): ColumnSpec => ({
  key,
  zh,
  en,
  type,
  required: type !== "computed",
  width: type === "money" ? 16 : type === "date" ? 13 : 18,
  ...opts,
});

export const headerOf = (c: Pick<ColumnSpec, "zh" | "en">): string => `${c.zh} ${c.en}`;

export const META_SHEET = "报送信息 Submission";
export const LISTS_SHEET = "选项 Lists";

/** Cells of the meta sheet (label in A, value in B) and the defined names that point at the values. */
export const META_FIELDS = [
  { key: "instituteId", zh: "单位编号", en: "Institute id", row: 2, name: "TT_InstituteId" },
  { key: "region", zh: "地区", en: "Region", row: 3, name: "TT_Region" },
  { key: "year", zh: "报送年度", en: "Year", row: 4, name: "TT_Year" },
  { key: "period", zh: "报告期", en: "Period", row: 5, name: "TT_Period" },
  { key: "templateVersion", zh: "模板版本", en: "Template version", row: 6, name: "TT_TemplateVersion" },
  { key: "submissionId", zh: "报送编号（自动）", en: "Submission id (automatic)", row: 7, name: "TT_SubmissionId" },
  { key: "contentHash", zh: "已报送内容摘要（自动）", en: "Submitted content hash (automatic)", row: 8, name: "TT_ContentHash" },
  { key: "etag", zh: "版本标记（自动）", en: "Server version tag (automatic)", row: 9, name: "TT_ETag" },
  /**
   * The stored version this workbook was made from (a whole number, stamped by GET
   * /api/submissions/{id}/workbook through `stampVersion` in version-stamp.ts). Uploading a workbook with
   * it is a correction of that version (implicit If-Match): 412 if the submission changed meanwhile.
   */
  { key: "version", zh: "已报送版本（自动）", en: "Stored version (automatic)", row: 10, name: "TT_Version" },
] as const;
export type MetaKey = (typeof META_FIELDS)[number]["key"];

export const ACHIEVEMENTS: TableSpec = {
  key: "achievements",
  sheet: "成果产业化 Achievements",
  table: "TT_Achievements",
  columns: [
    col("title", "成果名称", "Title", "text", { width: 30 }),
    col("sector", "领域", "Sector", "list", { list: "sectors", width: 28 }),
    col("mode", "转化方式", "Mode", "list", { list: "modes" }),
    col("city", "落地城市", "City", "text", { width: 12 }),
    col("date", "产业化日期", "Date", "date"),
    col("contractAmount", "合同金额", "Contract amount", "money"),
    col("receivedAmount", "到账金额", "Amount received", "money"),
    col("investmentAmount", "投资额", "Investment", "money", { required: false }),
  ],
};

export const CONTRACTS: TableSpec = {
  key: "contracts",
  sheet: "技术合同 Contracts",
  table: "TT_Contracts",
  columns: [
    col("registrationNumber", "登记号", "Registration no.", "text", { width: 20 }),
    col("type", "合同类型", "Type", "list", { list: "contractTypes" }),
    col("buyerName", "受让方", "Buyer", "text", { width: 26 }),
    col("buyerRegion", "受让方地区", "Buyer region", "list", { list: "regions", width: 14 }),
    col("sellerName", "出让方", "Seller", "text", { width: 26 }),
    col("sellerRegion", "出让方地区", "Seller region", "list", { list: "regions", width: 14 }),
    col("role", "本单位角色", "Our side", "list", { list: "roles", width: 12 }),
    col("signedDate", "签订日期", "Signed", "date"),
    col("contractAmount", "合同成交额", "Contract amount", "money"),
    col("sourceJingJin", "成果来源于京津", "From Beijing/Tianjin", "list", { list: "yesNo", width: 16 }),
    col("expectedSubsidy", "预计补助", "Expected subsidy", "computed"),
    col("serverSubsidy", "核定补助", "Subsidy (server)", "computed"),
  ],
};

export const RECEIPTS: TableSpec = {
  key: "receipts",
  sheet: "到账 Receipts",
  table: "TT_Receipts",
  columns: [
    col("registrationNumber", "登记号", "Registration no.", "text", { width: 20 }),
    col("date", "到账日期", "Date received", "date"),
    col("amount", "到账金额", "Amount received", "money"),
  ],
};

export const TABLES: readonly TableSpec[] = [ACHIEVEMENTS, CONTRACTS, RECEIPTS];

/** Key of the yes/no column of a region's achievement question (policy/categories `flags`), e.g. flag:major-achievement. */
export const flagKey = (id: string): string => `flag:${id}`;

/**
 * The achievements table of a region: the common columns, then one yes/no column per question its targets count
 * by (Hebei: 重大科技成果, 004 一(二); 专项项目, 004 第10条). Heilongjiang's has none, so it is ACHIEVEMENTS itself.
 */
export function achievementsTable(region: RegionCode): TableSpec {
  const flags = achievementFlags(region);
  if (!flags.length) return ACHIEVEMENTS;
  return {
    ...ACHIEVEMENTS,
    columns: [
      ...ACHIEVEMENTS.columns,
      ...flags.map((f) => col(flagKey(f.id), f.question.zh, f.question.en, "list", { list: "yesNo", required: false, width: 20 })),
    ],
  };
}

/** The tables of a region's template, in sheet order. */
export const tablesFor = (region: RegionCode): readonly TableSpec[] => [achievementsTable(region), CONTRACTS, RECEIPTS];

export type Lists = Readonly<Record<ListName, readonly { label: string; value: string | boolean }[]>>;

/**
 * Each list: the label shown in the drop-down, and the value it stands for in a record. These are Heilongjiang's
 * (its sectors); a region's own are `listsFor(region)`.
 */
export const LISTS: Lists = {
  sectors: SECTORS.map((s) => ({ label: s.zh, value: s.id })),
  modes: MODES.map((m) => ({ label: m.zh, value: m.id })),
  contractTypes: CONTRACT_TYPES.map((c) => ({ label: c.zh, value: c.id })),
  roles: [
    { label: "出让方", value: "seller" },
    { label: "受让方", value: "buyer" },
  ],
  yesNo: [
    { label: "否", value: false },
    { label: "是", value: true },
  ],
  regions: PROVINCES.map(([code, zh]) => ({ label: `${zh} ${code}`, value: code })),
};
/** The lists of a region's template: its own fields (领域) in the sectors list (Hebei: 004 第2条), the rest shared. */
export function listsFor(region: RegionCode): Lists {
  return { ...LISTS, sectors: regionSectors(region).map((s) => ({ label: s.zh, value: s.id })) };
}
export const LIST_ORDER: readonly ListName[] = ["sectors", "modes", "contractTypes", "roles", "yesNo", "regions"];

/** Defined name of a list's range on the lists sheet, e.g. TT_List_sectors. */
export const listName = (l: ListName): string => `TT_List_${l}`;

/** Column letter of a 1-based column index (1 → A, 27 → AA). */
export function columnLetter(index: number): string {
  let s = "";
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const letterOf = (t: TableSpec, key: string): string => {
  const i = t.columns.findIndex((c) => c.key === key);
  if (i < 0) throw new Error(`${t.table} has no column ${key}`);
  return columnLetter(i + 1);
};

const sheetRef = (sheet: string) => `'${sheet}'`;
const metaCell = (key: MetaKey) => `${sheetRef(META_SHEET)}!$B$${META_FIELDS.find((f) => f.key === key)!.row}`;

/**
 * The "expected subsidy" formula of a contracts row, in plain A1 references (so that Excel, the table's
 * calculated column and HyperFormula all read it alike). It measures the amount the same way the server
 * does (contract-subsidy.ts): CN-HL sums the row's receipts dated in the report year and applies the rules
 * of the last of them; CN-HE takes the contract amount on the signing date.
 */
export function expectedSubsidyFormula(region: RegionCode, row: number): string {
  const c = (key: string) => `$${letterOf(CONTRACTS, key)}${row}`;
  const r = (key: string) => `${sheetRef(RECEIPTS.sheet)}!$${letterOf(RECEIPTS, key)}:$${letterOf(RECEIPTS, key)}`;
  const role = c("role");
  const source = `IF(${c("sourceJingJin")}="是","京津","")`;
  if (SUBSIDY_BASIS[region] === "contract-amount") {
    return `=TT.TECHSUBSIDY(${c("contractAmount")},"${region}",${role},${source},${c("signedDate")})`;
  }
  const year = metaCell("year");
  const inYear = `${r("registrationNumber")},${c("registrationNumber")},${r("date")},">="&DATE(${year},1,1),${r("date")},"<="&DATE(${year},12,31)`;
  const amount = `SUMIFS(${r("amount")},${inYear})`;
  const date = `IF(COUNTIFS(${inYear})=0,${c("signedDate")},MAXIFS(${r("date")},${inYear}))`;
  return `=TT.TECHSUBSIDY(${amount},"${region}",${role},${source},${date})`;
}

export const MONEY_FORMAT = "#,##0.00";
export const DATE_FORMAT = "yyyy-mm-dd";
