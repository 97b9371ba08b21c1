/**
 * Ranges in, ranges out. Every numeric TT function takes a range for its first argument and returns a
 * matrix of the same shape (a single cell is a 1×1 matrix). Each cell is computed on its own: a bad cell
 * becomes an error in that cell only (Excel accepts CustomFunctions.Error elements inside a returned matrix).
 *
 * Blank cells: inside a multi-cell range a blank input gives a blank result (""), so that a formula over
 * A2:A50001 with trailing empty rows does not fill the sheet with #VALUE!. A single blank argument is still
 * passed to the engine, which rejects it (#VALUE!, "received (empty)"): never a silent 0.
 */
import { addinError, isExcelError, toExcelError, type ExcelError } from "./excel-errors";
import { currentLanguage, type Language } from "./runtime-state";
import { isBlank } from "@tt/engine";

export type Cell = number | string | boolean | ExcelError;
export type Matrix = Cell[][];

/** Normalise what Excel (or a test) passed: a matrix stays, a scalar becomes 1×1, null becomes [[null]]. */
export function asMatrix(input: unknown): unknown[][] {
  if (Array.isArray(input)) {
    if (input.length > 0 && input.every(Array.isArray)) return input as unknown[][];
    return [input]; // a 1-D array (tests, EXPLAIN arguments): one row
  }
  return [[input]];
}

const isSingleCell = (m: unknown[][]) => m.length === 1 && m[0]!.length === 1;

/** Apply `compute` to every cell of `input` (synchronously). */
export function overRange(input: unknown, compute: (cell: unknown) => Cell, language: Language = currentLanguage()): Matrix {
  const m = asMatrix(input);
  const single = isSingleCell(m);
  const out: Matrix = new Array(m.length);
  for (let r = 0; r < m.length; r++) {
    const row = m[r]!;
    const outRow: Cell[] = new Array(row.length);
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (isExcelError(v)) outRow[c] = v;
      else if (!single && isBlank(v)) outRow[c] = "";
      else {
        try {
          outRow[c] = compute(v);
        } catch (e) {
          outRow[c] = toExcelError(e, language);
        }
      }
    }
    out[r] = outRow;
  }
  return out;
}

/** Same, for computations that may wait on the cloud API. Never rejects: failures become cell errors. */
export async function overRangeAsync(
  input: unknown,
  compute: (cell: unknown, row: number, column: number) => Cell | Promise<Cell>,
  language: Language = currentLanguage(),
): Promise<Matrix> {
  const m = asMatrix(input);
  const single = isSingleCell(m);
  return Promise.all(
    m.map((row, r) =>
      Promise.all(
        row.map(async (v, c): Promise<Cell> => {
          if (isExcelError(v)) return v;
          if (!single && isBlank(v)) return "";
          try {
            return await compute(v, r, c);
          } catch (e) {
            return toExcelError(e, language);
          }
        }),
      ),
    ),
  );
}

/**
 * A second argument that may be a single value or a range of the first argument's shape. Returns a
 * lookup (row, column) → value; null when the argument was omitted (Excel passes null).
 */
export function pairedArgument(field: string, arg: unknown, shapeOf: unknown): ((r: number, c: number) => unknown) | null {
  if (arg === null || arg === undefined) return null;
  const a = asMatrix(arg);
  if (isSingleCell(a)) {
    const v = a[0]![0];
    return () => v;
  }
  const s = asMatrix(shapeOf);
  const same = a.length === s.length && a.every((row, i) => row.length === s[i]!.length);
  if (!same) {
    throw addinError("SHAPE_MISMATCH", "invalid", {
      field,
      expected: `${s.length}×${s[0]?.length ?? 0}`,
      received: `${a.length}×${a[0]?.length ?? 0}`,
    });
  }
  return (r, c) => a[r]![c];
}

/** Decimal-like → number for a cell (amounts are already rounded to 0.01 by the engine). */
export const toCellNumber = (d: { toNumber(): number }): number => d.toNumber();
