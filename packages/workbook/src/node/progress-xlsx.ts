/**
 * The provincial aggregate sheet as an .xlsx file (exceljs), for GET /api/progress.xlsx. It writes the
 * one layout of progress-sheet.ts — the same blocks at the same cells the task pane's Refresh progress
 * writes with Office.js — and decides only how the cells look. Node only (not exported from index.ts).
 *
 * The charts: exceljs 4.4 cannot write charts, so `progressWorkbookBuffer` adds them to the bytes exceljs
 * wrote (xlsx-chart.ts; the choice is explained in docs/xlsx-charts.md): actual vs target by year beside
 * the history block (the model's chart), and the completion of every measured metric beside the metrics
 * block. Both refer to the cells, so they follow any edit.
 */
import ExcelJS from "exceljs";
import { blockExtent, type ProgressSheetModel, type SheetBlock } from "../progress-sheet";
import { columnLetter } from "../template";
import { addCharts, rangeRef, type ChartSpec } from "./xlsx-chart";
import { printA4 } from "./page-setup";

/** The caption written under the history block; the chart itself stands to its right. */
export const CHART_NOTE = "右侧图表：目标（柱）与实际（线）。 Chart on the right: target (columns), actual (line).";

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
  printA4(ws, { narrow: true });

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
      const format = b.rowFormats?.[r]?.[i] ?? b.formats[i];
      if (format && typeof v === "number") cell.numFmt = format;
    }),
  );

  if (b.completionColumn !== undefined && b.rows.length > 0) {
    const letter = columnLetter(b.leftColumn + b.completionColumn);
    const { lastRow } = blockExtent(b);
    ws.addConditionalFormatting({ ref: `${letter}${b.topRow + 2}:${letter}${lastRow}`, rules: [COMPLETION_SCALE] });
  }
}

/** The workbook as bytes, with its charts (progressCharts). */
export async function progressWorkbookBuffer(model: ProgressSheetModel): Promise<Buffer> {
  const wb = buildProgressWorkbook(model);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const charts = progressCharts(model);
  return charts.length ? addCharts(bytes, charts) : bytes;
}

/** Chart colours: target columns light blue, actual line orange, completion bars blue. */
const COLORS = { target: "9DC3E6", actual: "ED7D31", completion: "2E75B6" };

/**
 * The charts of the sheet, over its cells: actual vs target by year (the model's chart, over the history
 * block) and, when at least one metric is measured, the completion of each metric (over the metrics block).
 */
export function progressCharts(model: ProgressSheetModel): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const at = (b: SheetBlock, column: number) => b.leftColumn + column;
  const dataRows = (b: SheetBlock) => ({ first: b.topRow + 2, last: b.topRow + 1 + b.rows.length });
  const asNumber = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

  const history = model.chart ? model.blocks.find((b) => b.key === model.chart!.block) : undefined;
  if (model.chart && history && history.rows.length) {
    const { first, last } = dataRows(history);
    const [target, actual] = model.chart.seriesColumns;
    const cat = at(history, model.chart.categoryColumn);
    const right = history.leftColumn + history.header.length; // 0-based index of the column after the block + 1 gap
    charts.push({
      sheet: model.sheet,
      title: history.title,
      categoriesRef: rangeRef(model.sheet, cat, first, cat, last),
      categories: history.rows.map((r) => String(r[model.chart!.categoryColumn] ?? "")),
      series: [
        {
          name: history.header[target!]!,
          nameRef: rangeRef(model.sheet, at(history, target!), history.topRow + 1),
          valuesRef: rangeRef(model.sheet, at(history, target!), first, at(history, target!), last),
          values: history.rows.map((r) => asNumber(r[target!])),
          kind: "column",
          color: COLORS.target,
        },
        {
          name: history.header[actual!]!,
          nameRef: rangeRef(model.sheet, at(history, actual!), history.topRow + 1),
          valuesRef: rangeRef(model.sheet, at(history, actual!), first, at(history, actual!), last),
          values: history.rows.map((r) => asNumber(r[actual!])),
          kind: "line",
          color: COLORS.actual,
        },
      ],
      valueFormat: "#,##0",
      anchor: {
        from: { col: right, row: history.topRow - 1 },
        to: { col: right + 7, row: history.topRow - 1 + Math.max(18, history.rows.length + 8) },
      },
    });
  }

  const metrics = model.blocks.find((b) => b.key === "metrics");
  if (metrics && metrics.completionColumn !== undefined && metrics.rows.some((r) => asNumber(r[metrics.completionColumn!]) !== null)) {
    const { first, last } = dataRows(metrics);
    const col = at(metrics, metrics.completionColumn);
    const label = at(metrics, 1); // the description (the metric's name in the sheet's language)
    const right = metrics.leftColumn + metrics.header.length;
    charts.push({
      sheet: model.sheet,
      title: "各指标完成率 Completion by metric",
      categoriesRef: rangeRef(model.sheet, label, first, label, last),
      categories: metrics.rows.map((r) => String(r[1] ?? r[0] ?? "")),
      series: [
        {
          name: metrics.header[metrics.completionColumn]!,
          nameRef: rangeRef(model.sheet, col, metrics.topRow + 1),
          valuesRef: rangeRef(model.sheet, col, first, col, last),
          values: metrics.rows.map((r) => asNumber(r[metrics.completionColumn!])),
          kind: "column",
          color: COLORS.completion,
        },
      ],
      horizontal: true,
      valueFormat: "0%",
      anchor: {
        from: { col: right, row: metrics.topRow - 1 },
        to: { col: right + 7, row: metrics.topRow - 1 + Math.max(16, metrics.rows.length * 2 + 6) },
      },
    });
  }
  return charts;
}
