/**
 * What the add-in needs from progress: several breakdowns at once, the history of the chart metric, the
 * batch endpoint of TT.PROGRESS / TT.TARGETGAP (per-pair errors, the same actuals as GET /api/progress),
 * and the aggregate workbook (the same figures, who has not reported, completion formatting).
 */
import ExcelJS from "exceljs";
import { Decimal, target } from "@tt/engine";
import { progressSheetModel } from "@tt/workbook";
import { CHART_NOTE } from "@tt/workbook/node";
import { submissionsPost } from "../../functions/submissions-post";
import { progressGet } from "../../functions/progress-get";
import { progressBatchPost, MAX_PAIRS } from "../../functions/progress-batch-post";
import { progressXlsxGet } from "../../functions/progress-xlsx-get";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
let province: string;

beforeAll(async () => {
  f = await fixture();
  const admin = await f.token({ role: "admin" });
  province = await f.token({ role: "province", region: "CN-HL" });
  const plan: [string, number, number][] = [
    ["HLJ-001", 2022, 2],
    ["HLJ-001", 2023, 3],
    ["HLJ-001", 2024, 4],
    ["HLJ-002", 2024, 1],
    ["HLJ-003", 2023, 2],
    ["HEB-001", 2023, 1],
    ["HEB-002", 2024, 2],
  ];
  for (const [instituteId, year, n] of plan) {
    // Each region's own fields (Hebei: 004 第2条).
    const [a, b] = instituteId.startsWith("HEB") ? ["biomedicine", "high-performance-materials"] : ["biotechnology", "new-materials"];
    const sectors = Array.from({ length: n }, (_, i) => (i % 2 ? a : b));
    expect(
      (await call(submissionsPost, f.services, { method: "POST", token: admin, body: aSubmission({ instituteId, year, sectors }) })).status,
    ).toBe(201);
  }
});
afterAll(() => f.close());

const progressOf = async (region: string, year: number, by?: string, token = province) =>
  call(progressGet, f.services, { token, query: { region, year: String(year), ...(by ? { by } : {}) } });
const metric = (report: any, id: string) => report.metrics.find((m: any) => m.metric === id);

test("by takes a comma list: one report carries each breakdown asked for; an unknown one is named", async () => {
  const r = await progressOf("CN-HL", 2024, "sector,city,instituteType");
  expect(r.status).toBe(200);
  expect(Object.keys(r.body.breakdowns).sort()).toEqual(["city", "instituteType", "sector"]);
  const sum = (rows: any[]) => rows.reduce((n, row) => n + row.achievements, 0);
  // Each breakdown partitions the same year's achievements (all institutes, counted entries).
  expect(sum(r.body.breakdowns.sector)).toBe(5);
  expect(sum(r.body.breakdowns.city)).toBe(5);
  expect(sum(r.body.breakdowns.instituteType)).toBe(5);
  expect((await progressOf("CN-HL", 2024, "city")).body.breakdowns).toEqual({ city: r.body.breakdowns.city });
  expect((await progressOf("CN-HL", 2024)).body.breakdowns).toBeUndefined();
  const bad = await progressOf("CN-HL", 2024, "sector,planet");
  expect(bad.status).toBe(400);
  expect(bad.body.details.issues[0].message.en).toContain("planet");
});

test("history: industrialised actual vs target for every target year up to the year (CN-HL); contract-turnover for CN-HE", async () => {
  const r = await progressOf("CN-HL", 2024);
  expect(r.body).toMatchObject({ rulesVersion: expect.stringMatching(/^\d+\.\d+\.\d+/), generatedAt: expect.any(String) });
  expect(r.body.history.metric).toBe("industrialised");
  expect(r.body.history.years.map((y: any) => y.year)).toEqual([2022, 2023, 2024]);
  for (const y of r.body.history.years) {
    expect(y.target).toBe(target({ region: "CN-HL", metric: "industrialised", year: y.year }).value.toString());
    expect(y.actual).toBe(metric((await progressOf("CN-HL", y.year)).body, "industrialised").actual);
  }
  expect(r.body.history.years.map((y: any) => y.actual)).toEqual(["2", "5", "5"]); // HLJ-001/002/003 are research institutes

  const admin = await f.token({ role: "admin" });
  const he = await progressOf("CN-HE", 2024, undefined, admin);
  expect(he.body.history.metric).toBe("contract-turnover");
  expect(he.body.history.years.map((y: any) => y.year)).toEqual([2021, 2022, 2023, 2024]);
  expect(he.body.history.years[2].actual).toBe(
    metric((await progressOf("CN-HE", 2023, undefined, admin)).body, "contract-turnover").actual,
  );
});

describe("POST /api/progress/batch", () => {
  const batch = (body: unknown, token: string | null = province) =>
    call(progressBatchPost, f.services, { method: "POST", ...(token ? { token } : {}), body });

  test("actuals equal GET /api/progress's; another region is a per-pair 403, a bad pair a per-pair error", async () => {
    const r = await batch({
      requests: [
        { region: "CN-HL", year: 2024 },
        { region: "CN-HE", year: 2024 },
        { region: "CN-HL", year: 2023 },
        { region: "CN-XX", year: 2024 },
        { region: "CN-HL", year: 2024 },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.rulesVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.body.results.map((x: any) => `${x.region}|${x.year}`)).toEqual(["CN-HL|2024", "CN-HE|2024", "CN-HL|2023", "CN-XX|2024"]);
    for (const i of [0, 2]) {
      const res = r.body.results[i];
      const viaGet = (await progressOf("CN-HL", res.year)).body;
      expect(res.metrics).toEqual(viaGet.metrics.map((m: any) => ({ metric: m.metric, actual: m.actual })));
    }
    expect(r.body.results[1]).toEqual({
      region: "CN-HE",
      year: 2024,
      error: { code: "FORBIDDEN", message: { zh: expect.any(String), en: expect.any(String) } },
    });
    expect(r.body.results[3].error.code).toBe("INVALID_PAIR");
    expect(metric(r.body.results[0], "high-tech-zones").actual).toBeNull();
  });

  test("no token is a 401 for the whole request; a malformed or oversized body is a 400", async () => {
    expect((await batch({ requests: [{ region: "CN-HL", year: 2024 }] }, null)).status).toBe(401);
    expect((await batch({ pairs: [] })).status).toBe(400);
    expect((await batch({ requests: [] })).status).toBe(400);
    const many = Array.from({ length: MAX_PAIRS + 1 }, (_, i) => ({ region: "CN-HL", year: 2000 + i }));
    expect((await batch({ requests: many })).status).toBe(400);
  });
});

describe("GET /api/progress.xlsx", () => {
  let report: any;
  let ws: ExcelJS.Worksheet;
  let headers: Record<string, string>;

  beforeAll(async () => {
    report = (await progressOf("CN-HL", 2024, "sector,city,instituteType")).body;
    const r = await call(progressXlsxGet, f.services, { token: province, query: { region: "CN-HL", year: "2024" } });
    expect(r.status).toBe(200);
    headers = r.headers;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as ArrayBuffer);
    ws = wb.worksheets[0]!;
  });

  /** Rows of a block as written, found by its title (not by assuming where it is). */
  const blockRows = (titleStart: string, width: number) => {
    let row = 1;
    while (row <= ws.rowCount && !String(ws.getCell(row, 1).value ?? "").startsWith(titleStart)) row++;
    expect(row).toBeLessThanOrEqual(ws.rowCount);
    const out: unknown[][] = [];
    for (let r = row + 2; ws.getCell(r, 1).value !== null && ws.getCell(r, 1).value !== undefined; r++) {
      out.push(Array.from({ length: width }, (_, c) => ws.getCell(r, c + 1).value));
    }
    return { titleRow: row, rows: out };
  };

  test("is a workbook download with the same figures as the JSON progress", async () => {
    expect(headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(headers["content-disposition"]).toContain("TT-progress-CN-HL-2024.xlsx");
    const metrics = blockRows("黑龙江省 2024 年目标完成情况", 13);
    const ind = metrics.rows.find((r) => r[12] === "industrialised")!;
    expect(ind[0]).toBe(metric(report, "industrialised").description.zh); // Chinese name first; the id in the last column
    expect(ind[3]).toBe(Number(metric(report, "industrialised").actual));
    expect(ind[2]).toBe(80);
    expect(new Decimal(String(ind[5])).toFixed(6)).toBe(new Decimal(metric(report, "industrialised").completion).toFixed(6));
    expect(metrics.rows.filter((r) => r[12])).toHaveLength(report.metrics.length);
    expect(metrics.rows.filter((r) => !r[12]).map((r) => r[0])).toEqual([...new Set(report.metrics.map((m: any) => `《${m.document}》`))]); // grouped by document
    expect(ws.getCell(metrics.titleRow, 1).font?.bold).toBe(true);
    expect(ws.getCell(metrics.titleRow + 2 + metrics.rows.indexOf(ind), 6).numFmt).toBe("0.0%");
    expect(ws.getCell(metrics.titleRow + 2 + metrics.rows.indexOf(ind), 3).numFmt).toBe("#,##0.####");
  });

  test("a ratio metric's target reads as a percentage (Hebei 2024: 0.1 shown as 10.0%), a count's as a number", async () => {
    const hebei = await f.token({ role: "province", region: "CN-HE" });
    const r = await call(progressXlsxGet, f.services, { token: hebei, query: { region: "CN-HE", year: "2024" } });
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const json = (await progressOf("CN-HE", 2024, undefined, hebei)).body;
    const rowOf = (id: string) => {
      for (let row = 1; row <= sheet.rowCount; row++) if (sheet.getCell(row, 13).value === id) return row;
      throw new Error(`no row for ${id}`);
    };
    const ratios = json.metrics.filter((m: any) => m.unit === "ratio" && m.target !== null);
    expect(ratios.length).toBeGreaterThan(0);
    for (const m of ratios) {
      const cell = sheet.getCell(rowOf(m.metric), 3);
      expect(cell.value).toBe(Number(m.target));
      expect(cell.numFmt).toBe("0.0%");
    }
    const count = json.metrics.find((m: any) => m.unit === "count" && m.target !== null);
    expect(sheet.getCell(rowOf(count.metric), 3).numFmt).toBe("#,##0.####");
  });

  test("lists who has not reported, every breakdown, the history, and says where the chart is", async () => {
    const missing = blockRows("未报送单位", 5);
    expect(missing.rows.map((r) => r[0])).toEqual(report.completeness.missing.map((m: any) => m.instituteId));
    expect(missing.rows.map((r) => r[0])).not.toContain("HLJ-001");
    expect(missing.rows.map((r) => r[0])).toContain("HLJ-003"); // reported 2023, not 2024
    for (const title of ["按领域", "按城市", "按单位类型"]) expect(blockRows(title, 4).rows.length).toBeGreaterThan(0);
    const history = blockRows(`${report.history.description.zh} 历年实际与目标`, 3);
    expect(history.rows).toEqual(report.history.years.map((y: any) => [String(y.year), Number(y.target), Number(y.actual)]));
    const values = Array.from({ length: ws.rowCount }, (_, r) => ws.getCell(r + 1, 1).value);
    expect(values).toContain(CHART_NOTE);
  });

  test("the layout is the shared model's, and the completion column has a colour scale", async () => {
    const model = progressSheetModel(report, { refreshedAt: "x", rulesVersion: report.rulesVersion });
    for (const b of model.blocks) expect([b.key, ws.getCell(b.topRow, b.leftColumn).value]).toEqual([b.key, b.title]);
    const metricsBlock = model.blocks.find((b) => b.key === "metrics")!;
    const cf = (ws as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] }).conditionalFormattings;
    expect(cf).toEqual([
      expect.objectContaining({
        ref: `F${metricsBlock.topRow + 2}:F${metricsBlock.topRow + 1 + metricsBlock.rows.length}`,
        rules: [expect.objectContaining({ type: "colorScale" })],
      }),
    ]);
  });

  test("same access as GET /api/progress", async () => {
    const other = await f.token({ role: "province", region: "CN-HE" });
    expect((await call(progressXlsxGet, f.services, { token: other, query: { region: "CN-HL", year: "2024" } })).status).toBe(403);
    expect((await call(progressXlsxGet, f.services, { query: { region: "CN-HL", year: "2024" } })).status).toBe(401);
  });
});
