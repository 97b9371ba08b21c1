/**
 * After a successful submit: the submission's id, content hash and ETag into the meta cells (so the
 * next Submit knows what the server holds), and the server's subsidies into the 核定补助 column.
 */
import { CONTRACTS, META_FIELDS, META_SHEET } from "@tt/workbook";
import type { SubmittedMark, SubsidyCell } from "../submit-plan";
import type { TablePlacement } from "./read";
import type { ExcelRun } from "./run";

export async function writeSubmittedMark(run: ExcelRun, mark: SubmittedMark): Promise<void> {
  await run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(META_SHEET);
    for (const f of META_FIELDS) {
      if (f.key === "submissionId" || f.key === "contentHash" || f.key === "etag") sheet.getRange(`B${f.row}`).values = [[mark[f.key]]];
    }
    await context.sync();
  });
}

/** One write of the whole 核定补助 column (rows without a server figure keep what they had). */
export async function writeServerSubsidies(
  run: ExcelRun,
  placement: TablePlacement,
  header: readonly unknown[],
  current: readonly (readonly unknown[])[],
  cells: readonly SubsidyCell[],
): Promise<void> {
  const spec = CONTRACTS.columns.find((c) => c.key === "serverSubsidy")!;
  const col = header.findIndex((h) => String(h).trim() === `${spec.zh} ${spec.en}` || String(h).trim() === spec.zh);
  if (col < 0 || placement.rowCount === 0) return;
  const byRow = new Map(cells.map((c) => [c.row, c.value]));
  const values = current.map((row, i) => [byRow.has(i) ? byRow.get(i)! : (row[col] ?? "")]);
  await run(async (context) => {
    context.workbook.worksheets
      .getItem(placement.sheet)
      .getRangeByIndexes(placement.rowIndex, placement.columnIndex + col, values.length, 1).values = values;
    await context.sync();
  });
}
