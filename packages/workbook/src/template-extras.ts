/**
 * What makes the institute template usable in any spreadsheet program (Excel with or without the add-in,
 * WPS, LibreOffice), shared by the exceljs builder (xlsx.ts) and the Office.js builder
 * (addin/taskpane/excel/template.ts):
 *   - the 预计补助 cell formula: TT.TECHSUBSIDY where the add-in runs, a plain placeholder where the function
 *     is unknown (#NAME?), and the add-in's own error (with its message) everywhere else;
 *   - the information sheet's institute name and plain instructions;
 *   - print settings: A4 landscape, header row repeated, one page wide.
 */
import { achievementFlags, type RegionCode } from "@tt/engine";
import { expectedSubsidyFormula } from "./template";

/** Shown in 预计补助 where TT.TECHSUBSIDY is unknown (no add-in): the server computes it on upload. */
export const SUBSIDY_PLACEHOLDER = "上传后由系统计算";

/**
 * The 预计补助 formula of one contracts row. Only #NAME? (ERROR.TYPE 5: the function does not exist here)
 * becomes the placeholder; any other error is the add-in's answer (e.g. no rule for a Hebei seller) and is
 * kept with its message. The TT.TECHSUBSIDY call is evaluated once when it succeeds.
 */
export function expectedSubsidyCellFormula(region: RegionCode, row: number): string {
  const call = expectedSubsidyFormula(region, row).slice(1);
  return `=IFERROR(${call},IF(ERROR.TYPE(${call})=5,"${SUBSIDY_PLACEHOLDER}",${call}))`;
}

/** Data rows an empty template's tables start with (Excel extends a table, and its formula, by itself). */
export const BLANK_TABLE_ROWS = 20;

/** Information-sheet rows below the stamped fields (META_FIELDS use rows 2–9; 10 is left for a new field). */
export const INFO_ROWS = {
  instituteName: { row: 11, zh: "单位名称", en: "Institute", name: "TT_InstituteName" },
  storedVersion: { row: 12, zh: "已存版本（自动）", en: "Stored version (automatic)", name: "TT_StoredVersion" },
  instructionsTitle: 14,
} as const;

/** Plain instructions printed on the information sheet (Chinese first; one line each). */
export const INSTRUCTIONS: readonly { zh: string; en: string }[] = [
  {
    zh: "1. 本页的单位、地区、年度和报告期由系统填写，请勿修改；需要其他年度或报告期时请重新下载模板。",
    en: "1. Institute, region, year and period on this sheet are set by the system; do not edit them. For another year or period download a new template.",
  },
  {
    zh: "2. 在“成果产业化”“技术合同”“到账”三张表中逐行填写，每行一项；下拉列表中的项请从列表选择。",
    en: "2. Fill one row per item in the Achievements, Contracts and Receipts sheets; choose list items from the drop-downs.",
  },
  {
    zh: "3. 日期填写为 YYYY-MM-DD（如 2025-03-01），金额以元为单位，不带单位和逗号。",
    en: "3. Dates as YYYY-MM-DD (e.g. 2025-03-01); amounts in yuan, without units or separators.",
  },
  {
    zh: "4. 到账记录按“登记号”对应到技术合同；同一合同多笔到账请分行填写。",
    en: "4. Receipts are matched to contracts by registration number; one row per receipt.",
  },
  {
    zh: `5. “预计补助”一栏在未安装插件时显示“${SUBSIDY_PLACEHOLDER}”；“核定补助”由系统在上传后填写，无需填写。`,
    en: `5. Without the add-in "Expected subsidy" shows "${SUBSIDY_PLACEHOLDER}" (computed on upload); "Subsidy (server)" is filled in by the system.`,
  },
  {
    zh: "6. 填好后在报送网页上传本文件；如有错误，网页会按工作表和单元格列出，更正后重新上传即可。",
    en: "6. Upload this file on the submission web page; any errors are listed by sheet and cell: correct them and upload again.",
  },
  {
    zh: "7. 被退回的报送：在网页下载该报送的工作簿，更正后重新上传（报送编号和版本已写在本页）。",
    en: "7. A returned submission: download its workbook on the web page, correct it and upload it again (its id and version are stamped on this sheet).",
  },
];

/**
 * The instructions of one region's template: the common ones, then one line per question column the
 * region's achievements carry (policy/categories/<region>.yaml; Hebei's 是否重大科技成果, …), named from the data.
 */
export function instructionsFor(region: RegionCode): readonly { zh: string; en: string }[] {
  return [
    ...INSTRUCTIONS,
    ...achievementFlags(region).map((f, i) => ({
      zh: `${INSTRUCTIONS.length + 1 + i}. “成果产业化”表的“${f.question.zh}”一栏：该行属于“${f.zh}”时选“是”，否则留空。`,
      en: `${INSTRUCTIONS.length + 1 + i}. "${f.question.en}" in the Achievements sheet: choose 是 (yes) when the row is a ${f.en.toLowerCase()}; otherwise leave it blank.`,
    })),
  ];
}

/** A4 = paperSize 9 in SpreadsheetML. */
export const PRINT = { paperSize: 9, orientation: "landscape", fitToWidth: 1, fitToHeight: 0, titleRows: "1:1" } as const;

/** Fill of a 核定补助 cell that differs from the workbook's own 预计补助 figure. */
export const DIFFERENCE_FILL = "FFFFEB9C";
