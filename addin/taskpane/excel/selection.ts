/** The gallery's "insert": the example formula into the top-left cell of the selection. */
import type { ExcelRun } from "./run";

export async function insertIntoSelection(run: ExcelRun, formula: string): Promise<string> {
  return run(async (context) => {
    const cell = context.workbook.getSelectedRange().getCell(0, 0);
    cell.formulas = [[formula]];
    cell.load("address");
    await context.sync();
    return cell.address;
  });
}
