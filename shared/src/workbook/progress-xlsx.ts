/**
 * The provincial aggregate sheet as an .xlsx file (exceljs), for GET /api/progress.xlsx. It writes the
 * one layout of progress-sheet.ts — the same blocks at the same cells the task pane's Refresh progress
 * writes with Office.js — and decides only how the cells look. Node only (not exported from index.ts).
 *
 * The chart: exceljs 4.4 cannot write charts (it has no drawing-chart support, and drops chartsheets on
 * load), so the workbook carries the history block the chart is drawn over and says, under it, that the
 * add-in's Refresh progress draws the chart. Nothing pretends a chart is there.
 */
import ExcelJS from "exceljs";
import { blockExtent, type ProgressSheetModel, type SheetBlock } from "./progress-sheet";
import { columnLetter } from "./template";

/** The sentence written under the history block in place of the chart. */
export const CHART_NOTE =
  "图表由加载项“刷新进度”绘制（服务器生成的文件不含图表）。 The chart is drawn by the add-in's Refresh progress; this server-built file has the data only.";

/** Column widths (characters) for the metrics block's columns; the other blocks share the first ones. */
const COLUMN_WIDTHS = [40, 22, 16, 16, 16, 10, 9, 24, 50, 24, 12, 12, 34];

/** Completion ratios are coloured red (0) → yellow (50%) → green (100% and above). */
const COMPLETION_SCALE: ExcelJS.ColorScaleRuleType = {
  type: "colorScale",
  priority: 1,
  cfvo: [
    { type: "num", value: 0 },
    { type: "num", value: 0.5 },
    { type: "num", value: 1 },
  ],
  color: [{ argb: "FFF8696B" }, { argb: "FFFFEB84" }, { argb: "FF63BE7B" }],
};

/**
 * One worksheet named `model.sheet`: the stamp in rows 1–3, then every block (title bold, header row
 * bold and shaded, data with the block's number formats), a colour scale on the completion column, and
 * the chart note under the history block when the model has a chart.
 *
 * @example
 *   const wb = buildProgressWorkbook(progressSheetModel(report, { refreshedAt, rulesVersion }));
 *   const bytes = Buffer.from(await wb.xlsx.writeBuffer());
 */
export function buildProgressWorkbook(model: ProgressSheetModel): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "TT technology-transfer API";
  wb.title = model.sheet;
  const ws = wb.addWorksheet(model.sheet, { properties: { tabColor: { argb: "FF1F4E79" } } });

  model.stamp.forEach((row, r) => row.forEach((v, c) => (ws.getCell(r + 1, c + 1).value = v)));
  ws.getCell(1, 1).font = { bold: true, size: 14 };

  let widest = 0;
  for (const block of model.blocks) {
    writeBlock(ws, block);
    widest = Math.max(widest, block.leftColumn + block.header.length - 1);
  }
  for (let c = 1; c <= widest; c++) ws.getColumn(c).width = COLUMN_WIDTHS[c - 1] ?? 16;
  // Printed (and converted to PDF) landscape, every column on one page width.
  ws.pageSetup = { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.3, right: 0.3, top: 0.4, bottom: 0.4, header: 0.2, footer: 0.2 } };

  if (model.chart) {
    const history = model.blocks.find((b) => b.key === model.chart!.block);
    if (history) {
      const note = ws.getCell(blockExtent(history).lastRow + 2, history.leftColumn);
      note.value = CHART_NOTE;
      note.font = { italic: true, color: { argb: "FF595959" } };
    }
  }
  return wb;
}

function writeBlock(ws: ExcelJS.Worksheet, b: SheetBlock): void {
  const title = ws.getCell(b.topRow, b.leftColumn);
  title.value = b.title;
  title.font = { bold: true, size: 12 };

  b.header.forEach((h, i) => {
    const cell = ws.getCell(b.topRow + 1, b.leftColumn + i);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    cell.alignment = { wrapText: true, vertical: "middle" };
  });

  b.rows.forEach((row, r) =>
    row.forEach((v, i) => {
      const cell = ws.getCell(b.topRow + 2 + r, b.leftColumn + i);
      cell.value = v;
      if (typeof v === "string" && v.length > 12 && i < 2) cell.alignment = { wrapText: true, vertical: "top" };
      if (r >= 0 && i === 0 && typeof v === "string" && v.startsWith("《")) cell.font = { bold: true, color: { argb: "FF1F4E79" } };
      const format = b.formats[i];
      if (format && typeof v === "number") cell.numFmt = format;
    }),
  );

  if (b.completionColumn !== undefined && b.rows.length > 0) {
    const letter = columnLetter(b.leftColumn + b.completionColumn);
    const { lastRow } = blockExtent(b);
    ws.addConditionalFormatting({ ref: `${letter}${b.topRow + 2}:${letter}${lastRow}`, rules: [COMPLETION_SCALE] });
  }
}

/** The workbook as bytes. */
export async function progressWorkbookBuffer(model: ProgressSheetModel): Promise<Buffer> {
  return Buffer.from(await buildProgressWorkbook(model).xlsx.writeBuffer());
}
