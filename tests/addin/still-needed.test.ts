/** =TT.STILLNEEDED through the Excel adapter: the schedule spill, the default metric and series, errors in their row. */
import * as TT from "../../addin/functions/functions";
import { setLanguage } from "../../addin/functions/runtime-state";
import { type StandInExcelError } from "../../addin/functions/excel-errors";

beforeEach(() => setLanguage("en"));

test("=TT.STILLNEEDED(2023, 130) spills 80, 90, 100: the default metric's total, the default series, the 000 schedule", () => {
  expect(TT.STILLNEEDED([[2023]], [[130]], null as never, null as never)).toEqual([[80, 90, 100]]);
  expect(TT.STILLNEEDED([[2023]], [[130]], "industrialised-total", "CN-HL")).toEqual([[80, 90, 100]]);
});

test("a column of years gives one row each, padded; the due year gives the whole rest in one cell", () => {
  expect(TT.STILLNEEDED([[2023], [2025], [2026]], [[130], [300], [390]], "industrialised-total", "CN-HL")).toEqual([
    [80, 90, 100],
    [100, "", ""],
    [10, "", ""],
  ]);
});

test("a per-year metric is #VALUE! with the engine's message in its own row; the other rows still compute", () => {
  const out = TT.STILLNEEDED([[2023], [2023]], [["x"], [130]], "industrialised-total", "CN-HL");
  expect((out[0]![0] as StandInExcelError).code).toBe("#VALUE!");
  expect(out[1]).toEqual([80, 90, 100]);
  const [[cell]] = TT.STILLNEEDED([[2024]], [[1]], "industrialised", "CN-HL") as [[unknown]];
  expect((cell as StandInExcelError).message).toMatch(/not a cumulative target/);
});
