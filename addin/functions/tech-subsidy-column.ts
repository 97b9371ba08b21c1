/**
 * TT.TECHSUBSIDY over a whole column: the engine's `techSubsidyFenCalculator` resolves region, role, source
 * and date once per call and computes each cell in exact integer fen (the decimal engine for amounts that
 * do not fit), with the same results as the traced rule, without building a trace per cell. Bad options (unknown region, a Hebei seller, a bad date) make every cell
 * report the engine's error, exactly as single calls would.
 */
import { techSubsidyFenCalculator } from "@tt/engine";

export function techSubsidyColumn(region: unknown, role: unknown, source: unknown, date: unknown): (cell: unknown) => number {
  let calculate: (amount: unknown) => number;
  try {
    calculate = techSubsidyFenCalculator({ region, role, source, date });
  } catch (e) {
    return () => {
      throw e;
    };
  }
  return calculate;
}
