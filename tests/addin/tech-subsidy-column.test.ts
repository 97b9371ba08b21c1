/**
 * TT.TECHSUBSIDY over a column uses the engine's calculator (options resolved once); it must give the
 * single-call result for every cell, and bad options or bad cells must give the engine's errors.
 */
import * as TT from "../../addin/functions/functions";

const column = (n: number) => Array.from({ length: n }, (_, i) => [i * 10000]);

test("a large range with text and negative cells: numbers computed, bad cells with the engine's errors", () => {
  const cells: unknown[][] = column(200);
  cells[5] = ["800,000"];
  cells[6] = [-1];
  const out = TT.TECHSUBSIDY(cells as never, "CN-HL", "buyer", "", "2024-06-01");
  expect(out[5]).toEqual([240000]);
  expect(out[6]![0]).toMatchObject({ code: "#VALUE!" });
  expect(out[80]).toEqual([240000]);
  expect(out[199]).toEqual([597000]);
});

test("every cell of a range equals the single call on that cell", () => {
  const cells = column(300).map(([v]) => [v! + 0.05]);
  for (const [region, role, source] of [
    ["CN-HL", "seller", ""],
    ["CN-HE", "buyer", ""],
    ["河北", "buyer", "京津"],
  ] as const) {
    const out = TT.TECHSUBSIDY(cells as never, region, role, source, "2024-06-01");
    cells.forEach((c, i) => expect(out[i]).toEqual(TT.TECHSUBSIDY([c] as never, region, role, source, "2024-06-01")[0]));
  }
});

test("bad options make every cell report the engine's error (#VALUE! for a bad region, #N/A for a Hebei seller)", () => {
  expect(TT.TECHSUBSIDY(column(3) as never, "Shanghai", "buyer", "", null as never)[1]![0]).toMatchObject({ code: "#VALUE!" });
  expect(TT.TECHSUBSIDY(column(3) as never, "CN-HE", "seller", "", null as never)[2]![0]).toMatchObject({ code: "#N/A" });
});
