/**
 * The indicator-value workbook (GET /api/templates/indicators.xlsx, POST /api/indicator-values/xlsx, and the
 * task pane's "指标填报" sheet): one row per metric of the region and year that records cannot measure, with
 * its Chinese name, unit, target and period, the value already entered (if any, with its version tag), and
 * empty value and source columns. Each row carries a client id, so importing the same file twice is one write.
 * Node only (exceljs); the layout (INDICATOR_COLUMNS) is plain data the task pane writes with Office.js.
 */
import ExcelJS from "exceljs";
import type { Bilingual } from "@tt/engine";
import type { RegionCode } from "@tt/engine";
import type { IndicatorValueBody } from "@tt/contract";
import { REGION_NAMES } from "@tt/engine";
import { columnLetter } from "../template";
import { checkWorkbookLimits } from "./limits";
import {
  INDICATOR_COLUMNS,
  INDICATOR_HEADER_ROW,
  INDICATOR_HINT,
  INDICATOR_META,
  INDICATOR_SHEET,
  INDICATOR_TEMPLATE,
  MAX_INDICATOR_ROWS,
  indicatorColumn,
  indicatorRows,
  type ExistingValue,
  type IndicatorColumnKey,
} from "../indicator-sheet";

export * from "../indicator-sheet";

export async function indicatorWorkbookBuffer(
  region: RegionCode,
  year: number,
  existing: readonly ExistingValue[],
  newId: () => string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "TT technology-transfer API";
  const ws = wb.addWorksheet(INDICATOR_SHEET, { views: [{ state: "frozen", ySplit: INDICATOR_HEADER_ROW, xSplit: 2 }] });
  ws.pageSetup = { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  const province = REGION_NAMES[region]!;
  ws.getCell(1, 1).value = `${province.zh} ${year} 年指标值填报 ${province.en} indicator values ${year}`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(INDICATOR_META.region, 1).value = "地区 Region";
  ws.getCell(INDICATOR_META.region, 2).value = region;
  ws.getCell(INDICATOR_META.region, 3).value = province.zh;
  ws.getCell(INDICATOR_META.year, 1).value = "年度 Year";
  ws.getCell(INDICATOR_META.year, 2).value = year;
  ws.getCell(INDICATOR_META.template, 1).value = "模板版本 Template";
  ws.getCell(INDICATOR_META.template, 2).value = INDICATOR_TEMPLATE;
  ws.getCell(5, 1).value = INDICATOR_HINT;
  ws.getCell(5, 1).font = { italic: true, color: { argb: "FF595959" } };
  INDICATOR_COLUMNS.forEach((c, i) => {
    const cell = ws.getCell(INDICATOR_HEADER_ROW, i + 1);
    cell.value = `${c.zh} ${c.en}`;
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: c.input ? "FFFFF2CC" : "FFDDEBF7" } };
    cell.alignment = { wrapText: true, vertical: "middle" };
    ws.getColumn(i + 1).width = c.width;
  });
  ws.getRow(INDICATOR_HEADER_ROW).height = 32;
  indicatorRows(region, year, existing, newId).forEach((r, k) => {
    INDICATOR_COLUMNS.forEach((c, i) => {
      const cell = ws.getCell(INDICATOR_HEADER_ROW + 1 + k, i + 1);
      cell.value = r.cells[c.key];
      if (c.key === "target" && typeof r.cells.target === "number") cell.numFmt = "#,##0.####";
      if (c.key === "value" || c.key === "sourceDate") cell.numFmt = "@";
      if (c.key === "name") cell.alignment = { wrapText: true, vertical: "top" };
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface IndicatorCellIssue {
  sheet: string;
  cell: string;
  path: string;
  code: string;
  message: Bilingual;
}

/** Plain data (it crosses from a reader thread, read-pool.ts). */
export interface ReadIndicatorRow {
  row: number;
  /** The row as the body of POST/PUT /api/indicator-values (the server validates it as the JSON path does). */
  input: IndicatorValueBody;
  etag: string | null;
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("text" in v) return String(v.text);
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    return "";
  }
  return String(v).trim();
};

/**
 * The filled rows (those with a value); region and year from the meta cells. Structural problems (not this
 * template, too many rows) are issues on their cells; value checks are the server's (the same as the JSON path).
 */
export async function readIndicatorWorkbook(
  bytes: Uint8Array,
): Promise<{ ok: true; region: string; year: number; rows: ReadIndicatorRow[] } | { ok: false; issues: IndicatorCellIssue[] }> {
  const wb = new ExcelJS.Workbook();
  const at = (row: number, col: number) => `${columnLetter(col)}${row}`;
  const fail = (cell: string, code: string, zh: string, en: string) => ({
    ok: false as const,
    issues: [{ sheet: INDICATOR_SHEET, cell, path: "", code, message: { zh, en } }],
  });
  // The same bounds as an institute's upload (limits.ts), checked from the zip directory and a streamed count
  // before exceljs builds anything: a small file that inflates to gigabytes is refused, not parsed.
  const bounds = await checkWorkbookLimits(bytes);
  if (!bounds.ok) return { ok: false, issues: bounds.issues };
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return fail("A1", "NOT_A_WORKBOOK", "文件不是有效的 .xlsx 工作簿。", "The file is not a valid .xlsx workbook.");
  }
  const ws = wb.getWorksheet(INDICATOR_SHEET);
  if (!ws)
    return fail(
      "A1",
      "SHEET_MISSING",
      `缺少工作表“${INDICATOR_SHEET}”：请使用下载的指标填报模板。`,
      `Sheet "${INDICATOR_SHEET}" is missing: use the downloaded indicator template.`,
    );
  if (cellText(ws.getCell(INDICATOR_META.template, 2).value) !== INDICATOR_TEMPLATE) {
    return fail(
      at(INDICATOR_META.template, 2),
      "TEMPLATE_VERSION_UNSUPPORTED",
      `模板版本应为 ${INDICATOR_TEMPLATE}，请重新下载模板。`,
      `The template version must be ${INDICATOR_TEMPLATE}; download the template again.`,
    );
  }
  const region = cellText(ws.getCell(INDICATOR_META.region, 2).value);
  const year = Number(cellText(ws.getCell(INDICATOR_META.year, 2).value));
  const last = ws.actualRowCount > 0 ? (ws.lastRow?.number ?? 0) : 0;
  if (last - INDICATOR_HEADER_ROW > MAX_INDICATOR_ROWS) {
    return fail(
      at(INDICATOR_HEADER_ROW + MAX_INDICATOR_ROWS + 1, 1),
      "TOO_MANY_ROWS",
      `最多 ${MAX_INDICATOR_ROWS} 行。`,
      `At most ${MAX_INDICATOR_ROWS} rows.`,
    );
  }
  const rows: ReadIndicatorRow[] = [];
  for (let r = INDICATOR_HEADER_ROW + 1; r <= last; r++) {
    const cell = (key: IndicatorColumnKey) => cellText(ws.getCell(r, indicatorColumn(key)).value);
    const rawValue = ws.getCell(r, indicatorColumn("value")).value;
    const value = typeof rawValue === "number" ? rawValue : cell("value");
    if (value === "" || !cell("metric")) continue;
    const opt = (k: IndicatorColumnKey) => (cell(k) ? cell(k) : undefined);
    rows.push({
      row: r,
      etag: opt("etag") ?? null,
      input: {
        clientId: cell("clientId"),
        region,
        metric: cell("metric"),
        year,
        value,
        source: {
          text: cell("sourceText"),
          ...(opt("documentNumber") ? { documentNumber: opt("documentNumber")! } : {}),
          date: cell("sourceDate"),
          ...(opt("link") ? { link: opt("link")! } : {}),
        },
        ...(opt("note") ? { note: opt("note")! } : {}),
        ...(opt("city") ? { city: opt("city")! } : {}),
        ...(opt("reason") ? { reason: opt("reason")! } : {}),
      },
    });
  }
  return { ok: true, region, year, rows };
}

/** Where a field path of the JSON body sits in a row. */
export function indicatorCellOf(row: number, path: string): string {
  const key: IndicatorColumnKey = path.startsWith("source.text")
    ? "sourceText"
    : path.startsWith("source.documentNumber")
      ? "documentNumber"
      : path.startsWith("source.date") || path === "source"
        ? "sourceDate"
        : path.startsWith("source.link")
          ? "link"
          : ((["value", "city", "note", "reason", "clientId", "metric"] as const).find((k) => path === k) ?? "value");
  return `${columnLetter(indicatorColumn(key))}${row}`;
}
