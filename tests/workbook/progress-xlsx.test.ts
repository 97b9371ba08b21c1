/**
 * The aggregate workbook writer: every block of the shared model lands where the model puts it, with its
 * number formats; the chart note appears only when the model has a chart (history), and the completion
 * colour scale only over a metrics block with rows.
 */
import { progressSheetModel } from "@tt/workbook";
import { type ProgressReport } from "@tt/contract";
import { CHART_NOTE, buildProgressWorkbook } from "@tt/workbook/node";

const report: ProgressReport = {
  region: "CN-HL",
  year: 2024,
  metrics: [
    {
      metric: "industrialised",
      description: { zh: "成果产业化", en: "Industrialised" },
      unit: "count",
      kind: "annual",
      status: "measured",
      source: "s",
      actual: "40",
      target: "80",
      gap: "40",
      completion: "0.5",
      met: false,
    },
  ],
  completeness: {
    registered: 2,
    submitted: 1,
    missingCount: 1,
    rate: "0.5",
    missing: [{ instituteId: "HLJ-002", name: { zh: "乙所", en: "B" }, city: "哈尔滨", type: "research-institute" }],
  },
};
const opts = { refreshedAt: "2024-12-31T00:00:00Z", rulesVersion: "9.9.9" };

test("blocks, stamp and formats as the model says; no history → no chart note", () => {
  const model = progressSheetModel(report, opts);
  const ws = buildProgressWorkbook(model).getWorksheet(model.sheet)!;
  expect(ws.getCell("B3").value).toBe("9.9.9");
  for (const b of model.blocks) {
    expect(ws.getCell(b.topRow, b.leftColumn).value).toBe(b.title);
    expect(ws.getCell(b.topRow + 1, b.leftColumn).font?.bold).toBe(true);
    b.rows.forEach((row, r) => row.forEach((v, c) => expect(ws.getCell(b.topRow + 2 + r, b.leftColumn + c).value).toBe(v)));
  }
  const m = model.blocks[0]!;
  expect(ws.getCell(m.topRow + 2, 6).numFmt).toBe("0.0%");
  expect(ws.getCell(m.topRow + 2, 3).numFmt).toBe("#,##0.####");
  const values = ws.getColumn(1).values as unknown[];
  expect(values).not.toContain(CHART_NOTE);
});

test("with history: the history block and, under it, the note that the add-in draws the chart", () => {
  const model = progressSheetModel(
    {
      ...report,
      history: {
        metric: "industrialised",
        years: [
          { year: 2023, actual: "30", target: "70" },
          { year: 2024, actual: "40", target: "80" },
        ],
      },
    },
    opts,
  );
  const ws = buildProgressWorkbook(model).getWorksheet(model.sheet)!;
  const h = model.blocks.find((b) => b.key === "history")!;
  expect(ws.getCell(h.topRow + 3, 3).value).toBe(40);
  expect(ws.getCell(h.topRow + 1 + h.rows.length + 2, 1).value).toBe(CHART_NOTE);
});

test("no metrics rows → no conditional formatting range of negative size", () => {
  const model = progressSheetModel({ ...report, metrics: [] }, opts);
  const ws = buildProgressWorkbook(model).getWorksheet(model.sheet)!;
  expect((ws as unknown as { conditionalFormattings: unknown[] }).conditionalFormattings).toEqual([]);
});
