/**
 * Indicator values (issue 10 item 1) over real HTTP against the local host and the embedded Cosmos:
 * validation per unit and kind, idempotent POST by client id, PUT with If-Match and a reason, the audit trail
 * (who, when, old → new, why), the region+year lock only an admin reopens, the workbook template and its
 * idempotent import with errors on cells, and the end-to-end: as Hebei province, download the 2023 workbook,
 * fill it, import it, and see every numeric target of 2023 with an actual and a completion.
 */
import ExcelJS from "exceljs";
import { target } from "@tt/engine";
import { indicatorMetrics } from "@tt/contract";
import { INDICATOR_HEADER_ROW, INDICATOR_SHEET, indicatorColumn } from "@tt/workbook/node";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { XLSX_TYPE } from "../../functions/submissions-xlsx-post";
import { HOSTILE_WORKBOOKS } from "../../bench/hostile-workbooks";

let api: LocalApi;
let he: string;
let hl: string;
let admin: string;
let institute: string;
const HOSTILE_NAMES = ["10,000 contracts and 100,000 receipts", "one cell at XFD2"];
const hostileBytes = new Map<string, Buffer>();

beforeAll(async () => {
  // Built before the host starts: building the large one holds this process's event loop for seconds, and
  // a keep-alive connection left idle that long can be reused just as the host's keepAliveTimeout closes it
  // (ECONNRESET here, where the test and the host share one event loop).
  for (const name of HOSTILE_NAMES)
    hostileBytes.set(name, Buffer.from(await HOSTILE_WORKBOOKS.find((h) => h.name.startsWith(name))!.build()));
  api = await startLocalApi();
  he = await api.token({ role: "province", region: "CN-HE", subject: "hebei-staff" });
  hl = await api.token({ role: "province", region: "CN-HL", subject: "hlj-staff" });
  admin = await api.token({ role: "admin", subject: "admin-1" });
  institute = await api.token({ role: "institute", instituteId: "HEB-001", region: "CN-HE" });
}, 120_000);
afterAll(() => api.close());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
let n = 0;
const clientId = () => `test-client-${++n}-${Math.random().toString(36).slice(2, 8)}`;
const source = { text: "河北省科技厅统计", documentNumber: "冀科〔2024〕1号", date: "2024-01-15" };

async function post(body: unknown, token = he) {
  const r = await fetch(`${api.url}/indicator-values`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth(token) },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as any, etag: r.headers.get("etag") };
}
async function put(id: string, body: unknown, headers: Record<string, string>, token = he) {
  const r = await fetch(`${api.url}/indicator-values/${encodeURIComponent(id)}`, {
    method: "PUT",
    headers: { "content-type": "application/json", ...auth(token), ...headers },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as any, etag: r.headers.get("etag") };
}
async function get(pathAndQuery: string, token = he) {
  const r = await fetch(`${api.url}/${pathAndQuery}`, { headers: auth(token) });
  return {
    status: r.status,
    body: r.headers.get("content-type")?.includes("json") ? ((await r.json()) as any) : Buffer.from(await r.arrayBuffer()),
  };
}
async function lock(kind: "lock" | "unlock", body: unknown, token: string) {
  const r = await fetch(`${api.url}/indicator-values/${kind}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth(token) },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as any };
}
async function upload(bytes: Buffer, token = he) {
  const r = await fetch(`${api.url}/indicator-values/xlsx`, {
    method: "POST",
    headers: { "content-type": XLSX_TYPE, ...auth(token) },
    body: new Uint8Array(bytes),
  });
  return { status: r.status, body: (await r.json()) as any };
}

describe("validation per unit and kind (nothing written on a refusal)", () => {
  const base = (metric: string, value: unknown, year = 2022) => ({ clientId: clientId(), region: "CN-HE", metric, year, value, source });
  test.each([
    ["a count must be whole", "major-transformation-projects", 60.5, "COUNT_NOT_WHOLE"],
    ["a count must not be negative", "major-transformation-projects", -1, "COUNT_NOT_WHOLE"],
    ["money arrives as an exact decimal string, never a JSON number", "transformation-funds", 200000000, "MONEY_AS_STRING"],
    ["money has at most 2 decimals", "transformation-funds", "200000000.001", "TOO_MANY_DECIMALS"],
    ["no exponent form", "transformation-funds", "2e8", "NOT_A_NUMBER"],
    ["a growth rate is a fraction within -1 … 3 (8 typed for 8% is refused)", "turnover-gdp-ratio-growth", 8, "RATIO_OUT_OF_RANGE"],
  ])("%s", async (_name, metric, value, code) => {
    const r = await post(base(metric, value));
    expect(r.status).toBe(400);
    expect(r.body.details.issues[0]).toMatchObject({ path: "value", code });
    expect(r.body.message.zh).toBeTruthy();
    expect(r.body.message.en).toBeTruthy();
  });
  test("valid values of each unit are stored exactly (money as a string with fen, 8% as 0.08)", async () => {
    expect((await post(base("major-transformation-projects", 61))).body.value).toBe("61");
    expect((await post(base("transformation-funds", "200000000.5"))).body.value).toBe("200000000.50");
    expect((await post(base("turnover-gdp-ratio-growth", "8%"))).body.value).toBe("0.08");
    const list = await get("indicator-values?region=CN-HE&year=2022");
    expect(list.body.values.map((v: any) => v.metric).sort()).toEqual([
      "major-transformation-projects",
      "transformation-funds",
      "turnover-gdp-ratio-growth",
    ]);
  });
  test("a metric without a numeric target that year is 422; a missing source is 400 on its path", async () => {
    expect((await post(base("negative-list-universities", 1, 2025))).body.code).toBe("METRIC_NOT_ENTERABLE");
    const r = await post({ ...base("major-transformation-projects", 1, 2021), source: { text: "x" } });
    expect(r.status).toBe(400);
    expect(r.body.details.issues.map((i: any) => i.path)).toContain("source.date");
  });
  test("only provincial staff of the region or an admin may enter: another province and an institute are 403", async () => {
    expect((await post(base("major-transformation-projects", 1, 2024), hl)).status).toBe(403);
    expect((await post(base("major-transformation-projects", 1, 2024), institute)).status).toBe(403);
  });
});

describe("idempotency, concurrency, audit", () => {
  test("same client id and content → 200 the stored value; other content → 409; another client id on the same metric and year → 409 VALUE_EXISTS", async () => {
    const body = { clientId: clientId(), region: "CN-HE", metric: "transfer-professionals-trained", year: 2022, value: 480, source };
    const first = await post(body);
    expect(first.status).toBe(201);
    const again = await post(body);
    expect([again.status, again.body.id, again.body.version]).toEqual([200, first.body.id, 1]);
    expect((await post({ ...body, value: 481 })).body.code).toBe("CONTENT_CONFLICT");
    expect((await post({ ...body, clientId: clientId(), value: 481 })).body.code).toBe("VALUE_EXISTS");
  });
  test("PUT needs If-Match (428) and a reason (400); a stale ETag is 412; each change is audited who, when, old → new, why", async () => {
    const body = { clientId: clientId(), region: "CN-HE", metric: "leading-tech-enterprises", year: 2023, value: 55, source };
    const created = await post(body);
    const id = created.body.id;
    expect((await put(id, { ...body, value: 58, reason: "更正" }, {})).status).toBe(428);
    expect((await put(id, { ...body, value: 58 }, { "if-match": created.etag! })).body.code).toBe("REASON_REQUIRED");
    const changed = await put(id, { ...body, value: 58, reason: "按认定名单更正" }, { "if-match": created.etag! });
    expect([changed.status, changed.body.value, changed.body.version]).toEqual([200, "58", 2]);
    expect((await put(id, { ...body, value: 59, reason: "再改" }, { "if-match": created.etag! })).status).toBe(412);
    const audit = await get(`indicator-values/${encodeURIComponent(id)}/audit`);
    expect(
      audit.body.entries.map((e: any) => [e.version, e.action, e.by.subject, e.old?.value ?? null, e.new.value, e.reason ?? null]),
    ).toEqual([
      [1, "create", "hebei-staff", null, "55", null],
      [2, "update", "hebei-staff", "55", "58", "按认定名单更正"],
    ]);
    expect(audit.body.entries.every((e: any) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });
});

describe("the region+year lock", () => {
  test("province locks 2021; writes are 423; province cannot reopen (403); admin reopens with a reason; writes work again", async () => {
    const body = { clientId: clientId(), region: "CN-HE", metric: "major-transformation-projects", year: 2021, value: 61, source };
    expect((await lock("lock", { region: "CN-HE", year: 2021, reason: "年度数据已审定" }, he)).body.locked).toBe(true);
    const refused = await post(body);
    expect([refused.status, refused.body.code]).toEqual([423, "YEAR_LOCKED"]);
    expect((await lock("unlock", { region: "CN-HE", year: 2021, reason: "x" }, he)).status).toBe(403);
    expect((await lock("unlock", { region: "CN-HE", year: 2021 }, admin)).body.code).toBe("REASON_REQUIRED");
    const reopened = await lock("unlock", { region: "CN-HE", year: 2021, reason: "补录遗漏数据" }, admin);
    expect([reopened.body.locked, reopened.body.history.map((h: any) => h.action)]).toEqual([false, ["lock", "unlock"]]);
    expect((await post(body)).status).toBe(201);
    expect((await get("indicator-values?region=CN-HE&year=2021")).body.locked).toBe(false);
  });
});

/** Fill every metric row of an indicator workbook: a whole number near the target (ratios: the target itself). */
async function fill(bytes: Buffer, edit?: (ws: ExcelJS.Worksheet, row: number, metric: string) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(INDICATOR_SHEET)!;
  for (let r = INDICATOR_HEADER_ROW + 1; r <= ws.rowCount; r++) {
    const metric = String(ws.getCell(r, indicatorColumn("metric")).value ?? "");
    if (!metric) continue;
    const unit = String(ws.getCell(r, indicatorColumn("unit")).value);
    const t = ws.getCell(r, indicatorColumn("target")).value;
    const floor = typeof t === "number" ? t : Number(String(t).split("–")[0]);
    ws.getCell(r, indicatorColumn("value")).value = unit.startsWith("比例")
      ? String(floor)
      : unit.startsWith("元")
        ? `${Math.round(floor * 0.9)}.00`
        : Math.round(floor * 0.9);
    ws.getCell(r, indicatorColumn("sourceText")).value = `${metric} 统计来源`;
    ws.getCell(r, indicatorColumn("sourceDate")).value = "2024-02-01";
    edit?.(ws, r, metric);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("the indicator workbook", () => {
  test("end-to-end as Hebei province for 2023: download, fill, import, and every numeric target of 2023 has an actual and a completion", async () => {
    const before = await get("progress?region=CN-HE&year=2023");
    const awaited = before.body.metrics.filter((m: any) => m.status === "awaiting-value");
    expect(awaited.length).toBeGreaterThan(5);
    expect(before.body.completeness.awaitingValues.count).toBe(awaited.length);
    for (const m of awaited) expect(m.target).not.toBeNull(); // targets never blanked while awaiting

    const download = await get("templates/indicators.xlsx?region=CN-HE&year=2023");
    expect(download.status).toBe(200);
    const filled = await fill(download.body as Buffer);
    const imported = await upload(filled);
    expect(imported.status).toBe(200);
    expect(imported.body.created + imported.body.updated).toBe(indicatorMetrics("CN-HE", 2023).length);

    const after = await get("progress?region=CN-HE&year=2023");
    const numeric = after.body.metrics.filter((m: any) => m.target !== null);
    expect(numeric.length).toBeGreaterThan(10);
    for (const m of numeric) {
      expect([m.metric, m.actual !== null, m.completion !== null, m.status === "reported" || m.status === "measured"]).toEqual([
        m.metric,
        true,
        true,
        true,
      ]);
      expect(typeof m.met === "boolean" || m.met === null).toBe(true);
    }
    expect(after.body.completeness.awaitingValues.count).toBe(0);
    const reported = numeric.find((m: any) => m.metric === "major-transformation-projects");
    expect(reported).toMatchObject({
      status: "reported",
      origin: { kind: "reported", text: { zh: "major-transformation-projects 统计来源" } },
      target: target({ region: "CN-HE", metric: "major-transformation-projects", year: 2023 }).value.toString(),
    });

    // The same file again: nothing new (idempotent).
    const again = await upload(filled);
    expect([again.status, again.body.created, again.body.updated, again.body.unchanged]).toEqual([
      200,
      0,
      0,
      imported.body.created + imported.body.updated,
    ]);
  }, 120_000);

  test("bad cells are reported on their cells and nothing is written; a changed value needs the version tag of a fresh download", async () => {
    const download = (await get("templates/indicators.xlsx?region=CN-HE&year=2024")).body as Buffer;
    const bad = await fill(download, (ws, r, metric) => {
      if (metric === "major-transformation-projects") ws.getCell(r, indicatorColumn("value")).value = 12.5;
      if (metric === "transformation-funds") ws.getCell(r, indicatorColumn("sourceDate")).value = "2024-13-01";
    });
    const refused = await upload(bad);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("WORKBOOK_INVALID");
    const cells = refused.body.details.issues.map((i: any) => [i.cell.replace(/\d+$/, ""), i.code]);
    expect(cells).toEqual(
      expect.arrayContaining([
        ["F", "COUNT_NOT_WHOLE"],
        ["I", "INVALID_DATE"],
      ]),
    );
    expect((await get("indicator-values?region=CN-HE&year=2024")).body.values).toEqual([]);

    expect((await upload(await fill(download))).status).toBe(200);
    // The old file with one value changed: refused on its cell (no version tag); a fresh download carries the tag.
    const changedOld = await fill(download, (ws, r, metric) => {
      if (metric === "major-transformation-projects") ws.getCell(r, indicatorColumn("value")).value = 70;
    });
    expect((await upload(changedOld)).body.details.issues[0]).toMatchObject({ code: "VALUE_EXISTS" });
    const fresh = (await get("templates/indicators.xlsx?region=CN-HE&year=2024")).body as Buffer;
    const changedFresh = await fill(fresh, (ws, r, metric) => {
      if (metric === "major-transformation-projects") {
        ws.getCell(r, indicatorColumn("value")).value = 70;
        ws.getCell(r, indicatorColumn("reason")).value = "补充统计";
      }
    });
    const ok = await upload(changedFresh);
    expect([ok.status, ok.body.updated]).toEqual([200, 1]);
  }, 120_000);

  test("another province's token cannot download or import Hebei's workbook", async () => {
    expect((await get("templates/indicators.xlsx?region=CN-HE&year=2023", hl)).status).toBe(403);
  });
});

test("the OpenAPI examples of POST and PUT /indicator-values are accepted as they are", async () => {
  const spec = (await (await fetch(`${api.url}/openapi.json`)).json()) as any;
  const example = spec.paths["/indicator-values"].post.requestBody.content["application/json"].example;
  const created = await post(example);
  expect(created.status).toBe(201);
  const change = spec.paths["/indicator-values/{id}"].put.requestBody.content["application/json"].example;
  const changed = await put(created.body.id, change, { "if-match": created.etag! });
  expect([changed.status, changed.body.version]).toEqual([200, 2]);
  for (const p of ["/indicator-values/lock", "/indicator-values/unlock"])
    expect(spec.paths[p].post.requestBody.content["application/json"].example).toBeDefined();
});

describe("bounded import: the institute upload's bounds apply before the workbook is opened", () => {
  test.each(HOSTILE_NAMES)("a hostile workbook (%s) → 413 WORKBOOK_LIMIT_EXCEEDED, nothing written", async (name) => {
    const hostile = HOSTILE_WORKBOOKS.find((h) => h.name.startsWith(name))!;
    const bytes = hostileBytes.get(name)!;
    const before = (await get("indicator-values?region=CN-HE&year=2024")).body;
    const r = await upload(bytes);
    expect(r.status).toBe(413);
    expect(r.body.code).toBe("WORKBOOK_LIMIT_EXCEEDED");
    expect(r.body.details.issues[0].code).toBe(hostile.code);
    expect(r.body.message.zh).toBeTruthy();
    expect(r.body.message.en).toBeTruthy();
    expect((await get("indicator-values?region=CN-HE&year=2024")).body).toEqual(before);
  });
});
