/**
 * Refresh progress: writes the aggregate sheet described by `progressSheetModel` (packages/workbook/src/
 * progress-sheet.ts — the server's progress.xlsx uses the same model) IN PLACE: the sheet is reused,
 * cleared and rewritten; the chart is found by name and given the new data, never added twice.
 */
import type { ProgressSheetModel, SheetBlock } from "@tt/workbook";
import { columnLetter } from "@tt/workbook";
import type { ExcelRun } from "./run";

export const PROGRESS_CHART = "TT_ProgressChart";
const HEADER_FILL = "#DDEBF7";

const rangeOf = (firstRow: number, firstColumn: number, rows: number, columns: number) =>
  `${columnLetter(firstColumn)}${firstRow}:${columnLetter(firstColumn + columns - 1)}${firstRow + rows - 1}`;

export async function writeProgressSheet(
  run: ExcelRun,
  model: ProgressSheetModel,
): Promise<{ reused: boolean; chart: "added" | "updated" | "removed" | "none" }> {
  return run(async (context) => {
    const probe = context.workbook.worksheets.getItemOrNullObject(model.sheet);
    probe.load("isNullObject");
    await context.sync();
    const reused = !probe.isNullObject;
    const sheet = reused ? context.workbook.worksheets.getItem(model.sheet) : context.workbook.worksheets.add(model.sheet);
    if (reused) {
      const all = sheet.getRange();
      all.conditionalFormats.clearAll();
      all.clear("All");
    }

    model.stamp.forEach((row, i) => {
      sheet.getRange(rangeOf(i + 1, 1, 1, row.length)).values = [row.map((v) => v ?? "")];
    });
    sheet.getRange("A1").format.font.bold = true;

    for (const b of model.blocks) writeBlock(sheet, b);

    let chart: "added" | "updated" | "removed" | "none" = "none";
    const existing = sheet.charts.getItemOrNullObject(PROGRESS_CHART);
    existing.load("isNullObject");
    await context.sync();
    const spec = model.chart;
    const block = spec ? model.blocks.find((b) => b.key === spec.block) : undefined;
    if (spec && block && block.rows.length) {
      // Category column and the series columns are adjacent in the model (year, target, actual).
      const columns = Math.max(spec.categoryColumn, ...spec.seriesColumns) + 1;
      const source = sheet.getRange(rangeOf(block.topRow + 1, block.leftColumn, block.rows.length + 1, columns));
      if (existing.isNullObject) {
        const added = sheet.charts.add("ColumnClustered", source, "Columns");
        added.name = PROGRESS_CHART;
        added.title.text = spec.title;
        added.setPosition(`${columnLetter(12)}5`, `${columnLetter(19)}22`);
        chart = "added";
      } else {
        existing.setData(source, "Columns");
        existing.title.text = spec.title;
        chart = "updated";
      }
    } else if (!existing.isNullObject) {
      existing.delete(); // no history to draw: a chart of old figures would mislead
      chart = "removed";
    }
    sheet.activate();
    await context.sync();
    return { reused, chart };
  });
}

function writeBlock(sheet: Excel.Worksheet, b: SheetBlock): void {
  const width = b.header.length;
  sheet.getRange(rangeOf(b.topRow, b.leftColumn, 1, 1)).values = [[b.title]];
  sheet.getRange(rangeOf(b.topRow, b.leftColumn, 1, 1)).format.font.bold = true;
  const header = sheet.getRange(rangeOf(b.topRow + 1, b.leftColumn, 1, width));
  header.values = [b.header];
  header.format.font.bold = true;
  header.format.fill.color = HEADER_FILL;
  if (!b.rows.length) return;
  const body = sheet.getRange(rangeOf(b.topRow + 2, b.leftColumn, b.rows.length, width));
  body.numberFormat = b.rows.map((_, r) => (b.rowFormats?.[r] ?? b.formats).map((f) => f ?? "General"));
  body.values = b.rows.map((r) => r.map((v) => v ?? ""));
  if (b.completionColumn !== undefined) {
    const completion = sheet.getRange(rangeOf(b.topRow + 2, b.leftColumn + b.completionColumn, b.rows.length, 1));
    const cf = completion.conditionalFormats.add("ColorScale");
    cf.colorScale.criteria = {
      minimum: { formula: "0", type: "Number", color: "#F8696B" },
      midpoint: { formula: "0.75", type: "Number", color: "#FFEB84" },
      maximum: { formula: "1", type: "Number", color: "#63BE7B" },
    };
  }
}
