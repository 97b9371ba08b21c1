/**
 * The award roster and the review record as .xlsx (exceljs), printed on A4: landscape, fitted to the
 * page width, heading rows repeated on every page, gridlines drawn as cell borders, Chinese headings.
 * Node only. The layouts are the shared models (packages/contract/src/award-roster.ts, review-record.ts).
 */
import ExcelJS from "exceljs";
import { ROSTER_COLUMNS, rosterMatrix, rosterTotalsMatrix, type AwardRoster } from "@tt/contract";
import { REGION_NAMES } from "@tt/engine";
import { printA4 } from "@tt/workbook/node";

export const MONEY_FORMAT = "#,##0.00";
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
const FONT = "等线";

/** A4 landscape, one page wide, rows `titleRows` repeated on every page, narrow margins, page numbers. */
export function a4(ws: ExcelJS.Worksheet, titleRows: string, landscape = true): void {
  printA4(ws, { orientation: landscape ? "landscape" : "portrait", titleRows, centered: true, footer: "第 &P 页，共 &N 页" });
}

/** Writes `matrix` from (row, 1): first row as headings (bold, shaded), borders on every cell. */
export function writeTable(
  ws: ExcelJS.Worksheet,
  row: number,
  matrix: (string | number)[][],
  moneyColumns: ReadonlySet<number>,
  wrap = true,
): number {
  matrix.forEach((values, i) => {
    const r = ws.getRow(row + i);
    values.forEach((v, j) => {
      const cell = r.getCell(j + 1);
      cell.value = v;
      cell.border = THIN;
      cell.font = { name: FONT, size: 10, bold: i === 0 };
      cell.alignment = { vertical: "top", wrapText: wrap, horizontal: typeof v === "number" ? "right" : "left" };
      if (i === 0) {
        cell.fill = HEADER_FILL;
        cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
      } else if (moneyColumns.has(j) && typeof v === "number") cell.numFmt = MONEY_FORMAT;
    });
  });
  return row + matrix.length;
}

/** Display width of text in Excel column units: CJK and full-width characters count double. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/**
 * Row heights for wrapped text, set explicitly: LibreOffice and Excel do not grow a row that exceljs
 * wrote, so long citations would be cut off on paper. Lines = the text's width over the cell's width
 * (merged cells: the merged columns' widths), per explicit line break; 10-pt text is ~13.5 pt a line.
 */
export function fitRowHeights(ws: ExcelJS.Worksheet, from: number, to: number, lineHeight = 13.5): void {
  for (let r = from; r <= to; r++) {
    const row = ws.getRow(r);
    let lines = 1;
    row.eachCell((cell, col) => {
      if (cell.isMerged && cell.master !== cell) return;
      const text = cell.value === null || cell.value === undefined ? "" : typeof cell.value === "object" ? "" : String(cell.value);
      if (!text) return;
      let width = ws.getColumn(col).width ?? 9;
      if (cell.isMerged) {
        for (let c = col + 1; ws.getCell(r, c).isMerged && ws.getCell(r, c).master === cell; c++) width += ws.getColumn(c).width ?? 9;
      }
      const usable = Math.max(1, width * 1.1 - 1); // 10-pt text in a column sized for the 11-pt default font
      const needed = text.split("\n").reduce((n, part) => n + Math.max(1, Math.ceil(textWidth(part) / usable)), 0);
      lines = Math.max(lines, needed);
    });
    if (lines > 1) row.height = Math.max(row.height ?? 0, lines * lineHeight + 3);
  }
}

export function titleRow(ws: ExcelJS.Worksheet, row: number, text: string, columns: number, size = 14): void {
  ws.mergeCells(row, 1, row, columns);
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { name: FONT, size, bold: true };
  cell.alignment = { horizontal: "center", vertical: "middle" };
  ws.getRow(row).height = size * 1.8;
}

export function noteRow(ws: ExcelJS.Worksheet, row: number, text: string, columns: number): void {
  ws.mergeCells(row, 1, row, columns);
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { name: FONT, size: 9, color: { argb: "FF555555" } };
  cell.alignment = { horizontal: "left", vertical: "top", wrapText: true };
}

/** The roster workbook: the rows, then totals by city and by institute type, on one printable sheet. */
export function awardRosterWorkbook(roster: AwardRoster, lang: "zh" | "en" = "zh"): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "技术转移补助系统";
  const ws = wb.addWorksheet(lang === "zh" ? "奖补名单" : "Award roster", { views: [{ state: "frozen", ySplit: 4 }] });
  const n = ROSTER_COLUMNS.length;
  ROSTER_COLUMNS.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
  const region = REGION_NAMES[roster.region as keyof typeof REGION_NAMES] ?? { zh: roster.region, en: roster.region };
  const which =
    roster.status === "approved"
      ? { zh: "（仅已审核通过）", en: " (approved only)" }
      : { zh: "（含待审核，未含已退回）", en: " (incl. awaiting review, excl. returned)" };
  titleRow(
    ws,
    1,
    lang === "zh"
      ? `${region.zh}${roster.year}年技术交易补助（奖励）名单${which.zh}`
      : `${region.en} ${roster.year} technology-transaction subsidy roster${which.en}`,
    n,
  );
  noteRow(
    ws,
    2,
    lang === "zh"
      ? `金额单位：元。生成时间：${roster.generatedAt.slice(0, 19).replace("T", " ")}（协调世界时）。补助金额为提交时服务器按规定计算并经审核的金额；“规定与依据”列出文件名称、文号、条款与施行日期。`
      : `Amounts in CNY. Generated ${roster.generatedAt.slice(0, 19).replace("T", " ")} UTC. Subsidies are the server-computed, reviewed amounts; "Rule and basis" names the document, number, article and effective date.`,
    n,
  );
  const money = new Set(ROSTER_COLUMNS.flatMap((c, i) => (c.money ? [i] : [])));
  const row = writeTable(ws, 4, rosterMatrix(roster, lang), money);
  fitRowHeights(ws, 4, row - 1);
  if (roster.rows.length === 0) {
    noteRow(ws, row, lang === "zh" ? "（无符合条件的补助）" : "(no payable subsidies)", n);
  }
  a4(ws, "4:4");

  const sum = wb.addWorksheet(lang === "zh" ? "汇总" : "Totals");
  [18, 10, 18].forEach((w, i) => (sum.getColumn(i + 1).width = w));
  titleRow(
    sum,
    1,
    lang === "zh" ? `${region.zh}${roster.year}年补助汇总${which.zh}` : `${region.en} ${roster.year} totals${which.en}`,
    3,
    12,
  );
  const at = writeTable(
    sum,
    3,
    rosterTotalsMatrix(roster.totals.byCity, { zh: "按市（地）汇总", en: "By city" }, roster.totals.all, lang),
    new Set([2]),
  );
  writeTable(
    sum,
    at + 1,
    rosterTotalsMatrix(roster.totals.byInstituteType, { zh: "按单位类型汇总", en: "By institute type" }, roster.totals.all, lang),
    new Set([2]),
  );
  a4(sum, "1:1", false);
  return wb;
}

export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}
