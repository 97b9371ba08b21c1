/**
 * Marks on cells: a fill colour and a comment carrying the message in the pane's language. Every mark
 * made is listed on the hidden lists sheet (column Z), so the next Check clears exactly those — never a
 * colour or comment the user made.
 */
import { LISTS_SHEET } from "@tt/workbook";
import { sheetRef, type ExcelRun } from "./run";

export interface CellMark {
  sheet: string;
  cell: string;
  message: string;
  kind: "error" | "difference";
}

export const MARK_FILL = { error: "#FFC7CE", difference: "#FFEB9C" } as const;
/** Where the list of marks lives: Z1 holds the count, Z2… "sheet!cell" (the sheet is hidden). */
export const MARKS_COLUMN = "Z";

export async function clearMarks(run: ExcelRun): Promise<number> {
  const marks = await run(async (context) => {
    const lists = context.workbook.worksheets.getItemOrNullObject(LISTS_SHEET);
    lists.load("isNullObject");
    await context.sync();
    if (lists.isNullObject) return [];
    const head = lists.getRange(`${MARKS_COLUMN}1`).load("values");
    await context.sync();
    const count = Number(head.values[0]?.[0]) || 0;
    if (!count) return [];
    const body = lists.getRange(`${MARKS_COLUMN}2:${MARKS_COLUMN}${count + 1}`).load("values");
    await context.sync();
    const found = body.values.map((r) => String(r[0] ?? "")).filter((v) => v.includes("!"));
    for (const m of found) {
      const bang = m.lastIndexOf("!");
      context.workbook.worksheets
        .getItem(m.slice(0, bang))
        .getRange(m.slice(bang + 1))
        .format.fill.clear();
    }
    lists.getRange(`${MARKS_COLUMN}1:${MARKS_COLUMN}${count + 1}`).values = [[0], ...Array.from({ length: count }, () => [""])];
    await context.sync();
    return found;
  });
  // Comments one by one: the user may have deleted some, and a missing one fails its whole batch.
  await run(async (context) => {
    for (const m of marks) {
      const bang = m.lastIndexOf("!");
      try {
        context.workbook.comments.getItemByCell(sheetRef(m.slice(0, bang), m.slice(bang + 1))).delete();
        await context.sync();
      } catch {
        // already gone
      }
    }
  });
  return marks.length;
}

/** Adds marks (one per cell: messages on the same cell are joined) and records them for the next clear. */
export async function addMarks(run: ExcelRun, marks: readonly CellMark[]): Promise<void> {
  if (!marks.length) return;
  const byCell = new Map<string, CellMark>();
  for (const m of marks) {
    const key = `${m.sheet}!${m.cell}`;
    const prior = byCell.get(key);
    byCell.set(key, prior ? { ...prior, message: `${prior.message}\n${m.message}`, kind: prior.kind === "error" ? "error" : m.kind } : m);
  }
  await run(async (context) => {
    const lists = context.workbook.worksheets.getItemOrNullObject(LISTS_SHEET);
    lists.load("isNullObject");
    await context.sync();
    for (const m of byCell.values()) context.workbook.worksheets.getItem(m.sheet).getRange(m.cell).format.fill.color = MARK_FILL[m.kind];
    if (!lists.isNullObject) {
      const head = lists.getRange(`${MARKS_COLUMN}1`).load("values");
      await context.sync();
      const count = Number(head.values[0]?.[0]) || 0;
      const keys = [...byCell.keys()];
      lists.getRange(`${MARKS_COLUMN}${count + 2}:${MARKS_COLUMN}${count + 1 + keys.length}`).values = keys.map((k) => [k]);
      lists.getRange(`${MARKS_COLUMN}1`).values = [[count + keys.length]];
    }
    await context.sync();
  });
  // Comments need ExcelApi 1.10; where they fail the colour still shows and the pane lists the message.
  await run(async (context) => {
    for (const m of byCell.values()) context.workbook.comments.add(sheetRef(m.sheet, m.cell), m.message);
    try {
      await context.sync();
    } catch {
      // comments unsupported here
    }
  });
}
