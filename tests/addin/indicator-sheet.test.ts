/**
 * The task pane's indicator entry (issue 10 item 7) on the Excel stand-in: the sheet is inserted from the same
 * layout as the server's workbook, pre-filled with stored values, read back into request bodies, sent (POST new,
 * PUT with the version tag and reason where the value exists), and the new version tags written back; a refusal
 * is reported on its cell.
 */
import { insertIndicatorSheet, readIndicatorSheet, sendIndicatorSheet } from "../../addin/taskpane/excel/indicators";
import { ApiFailure, type IndicatorValueBody } from "@tt/contract";
import type { ExcelRun } from "../../addin/taskpane/excel/run";
import { INDICATOR_HEADER_ROW, INDICATOR_SHEET, indicatorColumn } from "@tt/workbook";
import { indicatorMetrics } from "@tt/contract";
import { columnLetter } from "@tt/workbook";

const standin = require("../e2e/support/excel-standin.js");

const run =
  (wb: unknown): ExcelRun =>
  async (batch) => {
    const context = standin.createContext(wb);
    return batch(context as Excel.RequestContext);
  };
const col = (key: Parameters<typeof indicatorColumn>[0]) => columnLetter(indicatorColumn(key));
let n = 0;
const newId = () => `pane-client-${++n}`;

test("insert: one row per metric records cannot measure, Chinese name, unit, target; a stored value pre-filled with its tag", async () => {
  const wb = standin.createWorkbook();
  const metrics = indicatorMetrics("CN-HE", 2023);
  const stored = {
    metric: metrics[0]!.metric,
    value: "123",
    source: { text: "统计", date: "2024-01-02" },
    etag: '"e0"',
    clientId: "stored-1",
  };
  expect(await insertIndicatorSheet(run(wb), "CN-HE", 2023, [stored], newId)).toBe(metrics.length);
  const first = INDICATOR_HEADER_ROW + 1;
  expect(wb.value(INDICATOR_SHEET, `${col("metric")}${first}`)).toBe(metrics[0]!.metric);
  expect(wb.value(INDICATOR_SHEET, `${col("name")}${first}`)).toBe(metrics[0]!.description.zh);
  expect(wb.value(INDICATOR_SHEET, `${col("value")}${first}`)).toBe("123");
  expect(wb.value(INDICATOR_SHEET, `${col("etag")}${first}`)).toBe('"e0"');
  expect(wb.value(INDICATOR_SHEET, `${col("clientId")}${first + 1}`)).toMatch(/^pane-client-/);
  // Inserting again rewrites the same sheet (no second sheet).
  await insertIndicatorSheet(run(wb), "CN-HE", 2023, [], newId);
  expect(wb.sheets.filter((s: { name: string }) => s.name === INDICATOR_SHEET)).toHaveLength(1);
});

test("read back and send: new rows POSTed, a stored row PUT with its tag and reason, tags written back, a refusal placed on its cell", async () => {
  const wb = standin.createWorkbook();
  const metrics = indicatorMetrics("CN-HE", 2023);
  await insertIndicatorSheet(
    run(wb),
    "CN-HE",
    2023,
    [{ metric: metrics[1]!.metric, value: "5", source: { text: "旧", date: "2024-01-02" }, etag: '"old"', clientId: "stored-2" }],
    newId,
  );
  const r = (k: number) => INDICATOR_HEADER_ROW + 1 + k;
  wb.setValues(INDICATOR_SHEET, `${col("value")}${r(0)}`, [[42]]);
  wb.setValues(INDICATOR_SHEET, `${col("sourceText")}${r(0)}`, [["河北省科技厅"]]);
  wb.setValues(INDICATOR_SHEET, `${col("sourceDate")}${r(0)}`, [[45306]]); // a date cell: 2024-01-15
  wb.setValues(INDICATOR_SHEET, `${col("value")}${r(1)}`, [["6"]]);
  wb.setValues(INDICATOR_SHEET, `${col("reason")}${r(1)}`, [["更正"]]);
  wb.setValues(INDICATOR_SHEET, `${col("value")}${r(2)}`, [[1.5]]);
  wb.setValues(INDICATOR_SHEET, `${col("sourceText")}${r(2)}`, [["x"]]);
  wb.setValues(INDICATOR_SHEET, `${col("sourceDate")}${r(2)}`, [["2024-01-15"]]);

  const read = await readIndicatorSheet(run(wb));
  expect(read!.rows.map((x) => x.body.metric)).toEqual([metrics[0]!.metric, metrics[1]!.metric, metrics[2]!.metric]);
  expect(read!.rows[0]!.body).toMatchObject({
    region: "CN-HE",
    year: 2023,
    value: 42,
    source: { text: "河北省科技厅", date: "2024-01-15" },
  });

  const calls: string[] = [];
  const api = {
    postIndicatorValue: async (b: IndicatorValueBody) => {
      calls.push(`POST ${b.metric}`);
      if (b.metric === metrics[1]!.metric)
        throw new ApiFailure(409, "VALUE_EXISTS", { zh: "已有", en: "exists" }, { id: "v:x", path: "value" });
      if (b.metric === metrics[2]!.metric)
        throw new ApiFailure(400, "VALIDATION_FAILED", { zh: "个数应为非负整数", en: "A count must be a whole number" }, { path: "value" });
      return { ...b, id: "v:new", value: String(b.value), version: 1, etag: '"n1"' };
    },
    putIndicatorValue: async (id: string, b: IndicatorValueBody, etag: string) => {
      calls.push(`PUT ${id} ${etag} ${b.reason}`);
      return { ...b, id, value: String(b.value), version: 2, etag: '"n2"' };
    },
  };
  const out = await sendIndicatorSheet(run(wb), api);
  expect(calls).toEqual([`POST ${metrics[0]!.metric}`, `POST ${metrics[1]!.metric}`, 'PUT v:x "old" 更正', `POST ${metrics[2]!.metric}`]);
  expect(out!.sent).toBe(2);
  expect(out!.problems).toEqual([
    {
      row: r(2),
      cell: `${col("value")}${r(2)}`,
      code: "VALIDATION_FAILED",
      message: { zh: "个数应为非负整数", en: "A count must be a whole number" },
    },
  ]);
  expect([wb.value(INDICATOR_SHEET, `${col("etag")}${r(0)}`), wb.value(INDICATOR_SHEET, `${col("etag")}${r(1)}`)]).toEqual([
    '"n1"',
    '"n2"',
  ]);
});

test("no indicator sheet → nothing to send", async () => {
  expect(
    await sendIndicatorSheet(run(standin.createWorkbook()), {
      postIndicatorValue: async () => {
        throw new Error("never");
      },
      putIndicatorValue: async () => {
        throw new Error("never");
      },
    }),
  ).toBeNull();
});
