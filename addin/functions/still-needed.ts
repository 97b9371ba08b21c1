/**
 * TT.STILLNEEDED: the engine's still-needed per remaining year (packages/engine/src/targets/progress.ts) as a spill.
 * Each year cell gives one row, left to right year+1 … due year; rows are padded with "" to the widest.
 * A bad cell is an error in its own row only.
 */
import { stillNeededPerYear } from "@tt/engine";
import { toExcelError } from "./excel-errors";
import { asMatrix, pairedArgument, type Cell, type Matrix } from "./matrix";
import { currentLanguage } from "./runtime-state";

export function stillNeededOver(years: unknown, actual: unknown, metric: unknown, region: unknown): Matrix {
  const language = currentLanguage();
  let paired: ReturnType<typeof pairedArgument>;
  try {
    paired = pairedArgument("actual", actual, years);
  } catch (e) {
    return [[toExcelError(e, language)]];
  }
  const rows: Cell[][] = [];
  asMatrix(years).forEach((row, r) =>
    row.forEach((y, c) => {
      try {
        const s = stillNeededPerYear({
          year: y,
          actual: paired ? paired(r, c) : null,
          metric: metric ?? undefined,
          region: region ?? undefined,
        });
        rows.push(s.byYear.length ? s.byYear.map((b) => b.needed.toNumber()) : [s.stillNeeded.toNumber()]);
      } catch (e) {
        rows.push([toExcelError(e, language)]);
      }
    }),
  );
  const width = Math.max(1, ...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<Cell>(width - r.length).fill("")]);
}
