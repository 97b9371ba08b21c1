/**
 * TT.TECHSUBSIDY over a whole column: the engine's `techSubsidyCalculator` resolves region, role, source
 * and date once per call and computes each cell with the same exact arithmetic as the traced rule, without
 * building a trace per cell. Bad options (unknown region, a Hebei seller, a bad date) make every cell
 * report the engine's error, exactly as single calls would.
 */
import { techSubsidyCalculator } from "@tt/engine";

export function techSubsidyColumn(region: unknown, role: unknown, source: unknown, date: unknown): (cell: unknown) => number {
  let calculate: (amount: unknown) => { toNumber(): number };
  try {
    calculate = techSubsidyCalculator({ region, role, source, date });
  } catch (e) {
    return () => {
      throw e;
    };
  }
  return (cell) => calculate(cell).toNumber();
}
