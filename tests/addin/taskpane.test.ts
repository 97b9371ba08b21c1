/**
 * Task-pane logic against office-addin-mock (OfficeMockObject) over a recording workbook stand-in
 * (tests/e2e/support/excel-standin.js): what Insert template writes, how Check marks and clears cells,
 * what Submit sends and writes back, and that Refresh progress rewrites one sheet and one chart in place.
 */
import { canonicalJson } from "@tt/contract/client";
import { contentHash } from "@tt/contract/client";
import type { ServerSubsidy } from "@tt/contract/client";
import type { SubmissionRecord } from "@tt/contract/client";
import { expectedSubsidyCellFormula } from "@tt/workbook";
import { OfficeMockObject } from "office-addin-mock";

// office-addin-mock only needs the OfficeApp enum from office-addin-manifest, whose full import pulls an
// ES-module dependency jest cannot load untransformed: give it the enum alone.
jest.mock("office-addin-manifest", () => ({ OfficeApp: jest.requireActual("office-addin-manifest/lib/officeApp").OfficeApp }));
import {
  ACHIEVEMENTS,
  CONTRACTS,
  LISTS_SHEET,
  LIST_ORDER,
  META_FIELDS,
  META_SHEET,
  MONEY_FORMAT,
  DATE_FORMAT,
  RECEIPTS,
  TABLES,
  TEMPLATE_VERSION,
  expectedSubsidyFormula,
  headerOf,
  listName,
} from "@tt/workbook";
import { PROGRESS_SHEET } from "@tt/workbook";
import type { ProgressReport } from "@tt/contract";
import { insertTemplate } from "../../addin/taskpane/excel/template";
import { insertIntoSelection } from "../../addin/taskpane/excel/selection";
import type { ExcelRun } from "../../addin/taskpane/excel/run";
import { checkWorkbook, insertAwardRoster, refreshProgress, submitWorkbook, type PaneDeps } from "../../addin/taskpane/actions";
import { rosterTotals, type AwardRoster } from "@tt/contract";
import { ApiFailure, BREAKDOWNS, createApiClient, type ApiClient, type Saved } from "@tt/contract/client";
import { MARK_FILL } from "../../addin/taskpane/excel/marks";
import { decideSubmit, subsidyCells } from "../../addin/taskpane/submit-plan";
import { sessionFromToken, hasRole } from "../../addin/taskpane/auth/session";
import { naaProvider } from "../../addin/taskpane/auth/sign-in";
import { galleryEntries, splitDescription, exampleArgumentCount, EXAMPLES, type FunctionMetadata } from "../../addin/taskpane/gallery";
import { BAD_ACHIEVEMENTS, BAD_CELL, GOOD_ACHIEVEMENTS, RECEIPT_ROWS, REGISTRATION, YEAR, contractRow } from "../e2e/support/fixtures";

const standin = require("../e2e/support/excel-standin.js");

type Workbook = any;

/** Excel.run over OfficeMockObject: the context tree is a mock whose methods reach the stand-in workbook. */
function mockRun(wb: Workbook): ExcelRun {
  return async (batch) => {
    const inner = standin.createContext(wb);
    const w = inner.workbook;
    const context = new OfficeMockObject({
      workbook: {
        worksheets: {
          getItemOrNullObject: (n: string) => w.worksheets.getItemOrNullObject(n),
          getItem: (n: string) => w.worksheets.getItem(n),
          add: (n: string) => w.worksheets.add(n),
        },
        tables: { getItemOrNullObject: (n: string) => w.tables.getItemOrNullObject(n), getItem: (n: string) => w.tables.getItem(n) },
        names: { add: (n: string, r: string) => w.names.add(n, r), getItemOrNullObject: (n: string) => w.names.getItemOrNullObject(n) },
        comments: { add: (a: string, c: string) => w.comments.add(a, c), getItemByCell: (a: string) => w.comments.getItemByCell(a) },
        getSelectedRange: () => w.getSelectedRange(),
      },
      sync: () => inner.sync(),
    });
    return batch(context as unknown as Excel.RequestContext);
  };
}

const META = { instituteId: "HLJ-001", region: "CN-HL", year: YEAR, submissionId: "5b0c1f7e-3a52-4d7e-9a57-0f1e2d3c4b5a" };

async function filledWorkbook(achievements = GOOD_ACHIEVEMENTS, expected: number | string = 240000) {
  const wb = standin.createWorkbook();
  const run = mockRun(wb);
  await insertTemplate(run, META);
  wb.fillTable(ACHIEVEMENTS.table, achievements);
  wb.fillTable(CONTRACTS.table, [contractRow(expected)]);
  wb.fillTable(RECEIPTS.table, RECEIPT_ROWS);
  return { wb, run };
}

function stubApi(overrides: Partial<ApiClient> = {}): ApiClient & { calls: string[] } {
  const calls: string[] = [];
  const saved = (status: number, etag: string, amount = "240000.00"): Saved => ({
    status,
    etag,
    body: {
      id: META.submissionId,
      instituteId: "HLJ-001",
      region: "CN-HL",
      year: YEAR,
      period: "Y",
      status: "submitted",
      contentHash: "server-hash",
      subsidyTotal: amount,
      rulesVersion: "x",
      subsidies: [{ registrationNumber: REGISTRATION, role: "buyer", status: "computed", amount } as ServerSubsidy],
    } as SubmissionRecord as unknown as Saved["body"],
  });
  return Object.assign(
    {
      postSubmission: async () => (calls.push("POST"), saved(201, '"e1"')),
      putSubmission: async (_s: unknown, etag: string) => (calls.push(`PUT ${etag}`), saved(200, '"e2"')),
      getSubmission: async () => saved(200, '"e1"'),
      listSubmissions: async () => [],
      approve: async () => saved(200, '"e3"'),
      returnSubmission: async () => saved(200, '"e3"'),
      progress: async () => ({ ...report(10), rulesVersion: "2025.1" }),
    } as unknown as ApiClient,
    { calls },
    overrides,
  );
}

const deps = (run: ExcelRun, api: ApiClient, language: "zh" | "en" = "zh"): PaneDeps => ({ run, api, language: () => language });

describe("Insert template", () => {
  test("writes the meta sheet with defined names, a hidden lists sheet, three tables with bilingual headers, drop-downs, formats and the subsidy formula", async () => {
    const wb = standin.createWorkbook();
    const result = await insertTemplate(mockRun(wb), META);
    expect(result.created).toEqual([LISTS_SHEET, META_SHEET, ...TABLES.map((t) => t.sheet)]);
    expect(wb.sheet(LISTS_SHEET).visibility).toBe("Hidden");
    for (const f of META_FIELDS) expect(wb.names[f.name].formula).toBe(`='${META_SHEET}'!$B$${f.row}`);
    expect(wb.value(META_SHEET, "B6")).toBe(TEMPLATE_VERSION);
    expect(wb.value(META_SHEET, "B7")).toBe(META.submissionId);
    for (const l of LIST_ORDER)
      expect(wb.names[listName(l)].formula).toMatch(new RegExp(`^='${LISTS_SHEET}'!\\$[A-F]\\$2:\\$[A-F]\\$\\d+$`));
    expect(wb.value(LISTS_SHEET, "A2")).toBe("数字经济");
    for (const spec of TABLES) {
      const t = wb.tables[spec.table];
      expect(t.sheet).toBe(spec.sheet);
      expect(spec.columns.map((_c, i) => wb.value(spec.sheet, `${standin.indexToCol(i)}1`))).toEqual(spec.columns.map(headerOf));
    }
    expect(wb.value(CONTRACTS.sheet, "A1")).toBe("登记号 Registration no.");
    const listColumns = TABLES.flatMap((t) =>
      t.columns.filter((c) => c.list).map((c) => ({ sheet: t.sheet, source: `=${listName(c.list!)}` })),
    );
    expect(wb.validations.map((v: any) => ({ sheet: v.sheet, source: v.rule.list.source }))).toEqual(listColumns);
    expect(wb.cell(CONTRACTS.sheet, "I2").numberFormat).toBe(MONEY_FORMAT);
    expect(wb.cell(CONTRACTS.sheet, "H500").numberFormat).toBe(DATE_FORMAT);
    expect(wb.cell(CONTRACTS.sheet, "A2").numberFormat).toBe("@");
    expect(wb.formula(CONTRACTS.sheet, "K2")).toBe(expectedSubsidyCellFormula("CN-HL", 2));
    expect(wb.formula(CONTRACTS.sheet, "K2")).toContain(expectedSubsidyFormula("CN-HL", 2).slice(1));
  });

  test("inserting again adds nothing and keeps the submission id (and says which sheets were already there)", async () => {
    const wb = standin.createWorkbook();
    const run = mockRun(wb);
    await insertTemplate(run, META);
    const sheets = wb.sheets.length;
    const again = await insertTemplate(run, { ...META, submissionId: "another-id" });
    expect(again.created).toEqual([]);
    expect(again.existing).toHaveLength(5);
    expect(wb.sheets).toHaveLength(sheets);
    expect(Object.keys(wb.tables)).toHaveLength(3);
    expect(wb.value(META_SHEET, "B7")).toBe(META.submissionId);
  });
});

describe("Check", () => {
  test("marks the bad cell with a fill and a Chinese comment, says how many rows need attention, and clears the mark once fixed", async () => {
    const { wb, run } = await filledWorkbook(BAD_ACHIEVEMENTS);
    const first = await checkWorkbook(deps(run, stubApi()));
    expect(first.ok).toBe(false);
    expect(first.message).toEqual({ zh: "1 行需要处理", en: "1 row needs attention" });
    expect(wb.cell(ACHIEVEMENTS.sheet, BAD_CELL).fill).toBe(MARK_FILL.error);
    expect(wb.comments).toEqual([{ sheet: ACHIEVEMENTS.sheet, cell: BAD_CELL, content: expect.stringContaining("到账金额") }]);

    wb.setValues(ACHIEVEMENTS.sheet, BAD_CELL, [[900000]]);
    const second = await checkWorkbook(deps(run, stubApi()));
    expect(second.ok).toBe(true);
    expect(second.message.zh).toBe("检查通过：成果 2 项，技术合同 1 项。");
    expect(wb.cell(ACHIEVEMENTS.sheet, BAD_CELL).fill).toBeNull();
    expect(wb.comments).toEqual([]);
  });

  test("in English the comment is English", async () => {
    const { wb, run } = await filledWorkbook(BAD_ACHIEVEMENTS);
    await checkWorkbook(deps(run, stubApi(), "en"));
    expect(wb.comments[0].content).toMatch(/exceeds/);
  });
});

describe("Submit", () => {
  test("POSTs once, keeps id + hash + ETag in the meta cells, writes the server's subsidy next to the row; the same content again sends nothing", async () => {
    const { wb, run } = await filledWorkbook();
    const api = stubApi();
    const first = await submitWorkbook(deps(run, api));
    expect(first.ok).toBe(true);
    expect(api.calls).toEqual(["POST"]);
    expect(wb.value(META_SHEET, "B9")).toBe('"e1"');
    expect(wb.value(META_SHEET, "B8")).toBe("server-hash");
    expect(wb.value(CONTRACTS.sheet, "L2")).toBe(240000);
    expect(wb.cell(CONTRACTS.sheet, "L2").fill ?? null).toBeNull(); // equal to the expected subsidy: not highlighted

    // The stub's hash is a placeholder; the real server's equals the pane's (the browser test checks that).
    const parsed = (await checkWorkbook(deps(run, api))).result as any;
    wb.setValues(META_SHEET, "B8", [[await contentHash(parsed.submission)]]);
    const again = await submitWorkbook(deps(run, api));
    expect(again.message.en).toMatch(/nothing changed/);
    expect(api.calls).toEqual(["POST"]);
  });

  test("changed content goes as PUT with If-Match; a stale ETag (412) tells the user someone else changed it", async () => {
    const { wb, run } = await filledWorkbook();
    wb.setValues(META_SHEET, "B8:B9", [["old-hash"], ['"e1"']]);
    const api = stubApi();
    await submitWorkbook(deps(run, api));
    expect(api.calls).toEqual(['PUT "e1"']);
    expect(wb.value(META_SHEET, "B9")).toBe('"e2"');

    wb.setValues(META_SHEET, "B8", [["older-hash"]]);
    const stale = stubApi({
      putSubmission: async () => {
        throw new ApiFailure(412, "PRECONDITION_FAILED", { zh: "x", en: "x" });
      },
    });
    const r = await submitWorkbook(deps(run, stale));
    expect(r.ok).toBe(false);
    expect(r.message.zh).toMatch(/已被他人修改/);
  });

  test("a workbook downloaded from a stored submission (version stamp in B10, no ETag kept) is submitted as a PUT of that version, the rule of the workbook upload", async () => {
    const { wb, run } = await filledWorkbook();
    wb.setValues(META_SHEET, "B8:B10", [["stored-hash"], [""], [3]]);
    const api = stubApi();
    await submitWorkbook(deps(run, api));
    expect(api.calls).toEqual(['PUT "v3"']);
  });

  test("a server subsidy that differs from the sheet's expected subsidy is highlighted", async () => {
    const { wb, run } = await filledWorkbook(GOOD_ACHIEVEMENTS, 1000);
    const r = await submitWorkbook(deps(run, stubApi()));
    expect(r.message.zh).toMatch(/1 项与预计补助不同/);
    expect(wb.cell(CONTRACTS.sheet, "L2").fill).toBe(MARK_FILL.difference);
  });

  test("server issues with a path land on the cells they concern", async () => {
    const { wb, run } = await filledWorkbook();
    const api = stubApi({
      postSubmission: async () => {
        throw new ApiFailure(
          400,
          "INVALID_SUBMISSION",
          { zh: "报送有误。", en: "Invalid." },
          {
            issues: [{ path: "contracts.0.receipts.0.amount", code: "X", message: { zh: "到账金额有误", en: "bad amount" } }],
          },
        );
      },
    });
    const r = await submitWorkbook(deps(run, api));
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([expect.objectContaining({ sheet: RECEIPTS.sheet, cell: "C2" })]);
    expect(wb.cell(RECEIPTS.sheet, "C2").fill).toBe(MARK_FILL.error);
  });

  test("decideSubmit: never sent → POST; same hash → nothing; other hash → PUT with the kept ETag", () => {
    expect(decideSubmit({}, "h")).toEqual({ kind: "post" });
    expect(decideSubmit({ contentHash: "h", etag: '"1"' }, "h")).toEqual({ kind: "unchanged" });
    expect(decideSubmit({ contentHash: "g", etag: '"1"' }, "h")).toEqual({ kind: "put", etag: '"1"' });
  });

  test("subsidyCells: no-rule outcomes write the server's message; half a fen is not a difference", () => {
    const cells = subsidyCells(
      [
        { registrationNumber: "A1234567", expected: 100.004 },
        { registrationNumber: "B1234567", expected: "" },
      ],
      [
        { registrationNumber: "A1234567", role: "buyer", status: "computed", amount: "100.00" } as ServerSubsidy,
        {
          registrationNumber: "B1234567",
          role: "seller",
          status: "no-rule",
          code: "NO_SUCH_RULE",
          message: { zh: "河北无出让方补助", en: "no seller rule" },
        } as ServerSubsidy,
      ],
      "zh",
    );
    expect(cells).toEqual([
      { row: 0, value: 100, differs: false },
      { row: 1, value: "河北无出让方补助", differs: false },
    ]);
  });

  test("the content hash is SHA-256 of the canonical JSON (sorted keys), as the server computes it", async () => {
    expect(canonicalJson({ b: 1, a: [{ d: "x", c: null }] })).toBe('{"a":[{"c":null,"d":"x"}],"b":1}');
    expect(await contentHash({ b: 1, a: 2 })).toBe(await contentHash({ a: 2, b: 1 }));
    const { createHash } = await import("node:crypto");
    expect(await contentHash({ a: 2, b: 1 })).toBe(createHash("sha256").update('{"a":2,"b":1}').digest("hex"));
  });
});

function report(actual: number, history = true): ProgressReport {
  return {
    region: "CN-HL",
    year: YEAR,
    metrics: [
      {
        metric: "industrialised",
        description: { zh: "成果产业化", en: "Industrialised" },
        unit: null,
        kind: null,
        status: "measured",
        source: null,
        actual: String(actual),
        target: "100",
        gap: String(100 - actual),
        completion: String(actual / 100),
        met: actual >= 100,
      },
    ],
    completeness: {
      registered: 12,
      submitted: 1,
      missingCount: 1,
      rate: "0.08",
      missing: [{ instituteId: "HLJ-002", name: { zh: "示例所", en: "Sample" }, city: "哈尔滨", type: "research-institute" }],
    },
    breakdowns: {
      sector: [{ key: "digital-economy", achievements: actual, contracts: 1, contractTurnover: "800000.00" }],
      city: [{ key: "哈尔滨", achievements: actual, contracts: 1, contractTurnover: "800000.00" }],
    },
    ...(history
      ? {
          history: {
            metric: "industrialised",
            years: [
              { year: 2024, actual: "50", target: "90" },
              { year: YEAR, actual: String(actual), target: "100" },
            ],
          },
        }
      : {}),
  };
}

describe("Refresh progress", () => {
  test("writes the model once, then rewrites the same sheet in place: one sheet, one chart (updated), one colour scale, new actuals", async () => {
    const wb = standin.createWorkbook();
    wb.addSheet("Sheet1");
    const run = mockRun(wb);
    const first = await refreshProgress(
      deps(run, stubApi({ progress: async () => ({ ...report(10), rulesVersion: "2025.1" }) })),
      "CN-HL",
      YEAR,
      new Date("2025-06-01T04:00:00Z"),
    );
    expect(first.chart).toBe("added");
    expect(wb.value(PROGRESS_SHEET, "B2")).toBe("2025-06-01 12:00 (UTC+8)");
    expect(wb.value(PROGRESS_SHEET, "B3")).toBe("2025.1");
    expect(wb.value(PROGRESS_SHEET, "D7")).toBe(10); // metrics block: title row 5, header 6, first metric 7, actual in D

    const second = await refreshProgress(
      deps(run, stubApi({ progress: async () => ({ ...report(42), rulesVersion: "2025.1" }) })),
      "CN-HL",
      YEAR,
    );
    expect(second.chart).toBe("updated");
    expect(wb.sheets.filter((s: any) => s.name === PROGRESS_SHEET)).toHaveLength(1);
    expect(wb.sheet(PROGRESS_SHEET).charts).toHaveLength(1);
    expect(wb.sheet(PROGRESS_SHEET).charts[0].updates).toBe(1);
    expect(wb.value(PROGRESS_SHEET, "D7")).toBe(42);
    expect(wb.conditionalFormats.filter((c: any) => c.sheet === PROGRESS_SHEET)).toEqual([
      expect.objectContaining({ type: "ColorScale", address: "F7" }),
    ]);
    const values = [...wb.sheet(PROGRESS_SHEET).cells.values()].map((c: any) => c.value);
    expect(values).toContain("HLJ-002");
    expect(values).toContain("数字经济");
  });

  test("without history the stale chart is removed rather than left showing old figures", async () => {
    const wb = standin.createWorkbook();
    const run = mockRun(wb);
    await refreshProgress(deps(run, stubApi({ progress: async () => ({ ...report(10), rulesVersion: "v" }) })), "CN-HL", YEAR);
    const r = await refreshProgress(
      deps(run, stubApi({ progress: async () => ({ ...report(11, false), rulesVersion: "v" }) })),
      "CN-HL",
      YEAR,
    );
    expect(r.chart).toBe("removed");
    expect(wb.sheet(PROGRESS_SHEET).charts).toHaveLength(0);
  });

  test("the API client asks for all three breakdowns in one request and reads the rules version", async () => {
    const urls: string[] = [];
    const fake = (async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify({ ...report(1), rulesVersion: "9.9" }), { status: 200 });
    }) as unknown as typeof fetch;
    const api = createApiClient({ baseUrl: () => "http://api.test/", token: () => "t", fetch: fake });
    const { rulesVersion } = await api.progress({ region: "CN-HL", year: YEAR, by: BREAKDOWNS });
    expect(urls).toEqual(["http://api.test/api/progress?region=CN-HL&year=2025&by=sector,city,instituteType"]);
    expect(rulesVersion).toBe("9.9");
  });
});

describe("Gallery", () => {
  test("inserts the example formula into the selected cell (office-addin-mock range)", async () => {
    const context = new OfficeMockObject({
      workbook: { selected: { cell: { formulas: [[""]], address: "Sheet1!C3" } } },
    }) as any;
    context.workbook.getSelectedRange = () => ({ getCell: () => context.workbook.selected.cell });
    const run: ExcelRun = (batch) => batch(context);
    const at = await insertIntoSelection(run, EXAMPLES.TECHSUBSIDY!);
    expect(at).toBe("Sheet1!C3");
    expect(context.workbook.selected.cell.formulas).toEqual([['=TT.TECHSUBSIDY(800000,"CN-HL","buyer")']]);
  });

  test("descriptions and clauses come from the generated metadata; every function has an example that fits its arguments", () => {
    const { ensureBuilt, DIST } = require("./support/build");
    ensureBuilt();
    const fs = require("node:fs");
    const en: FunctionMetadata = JSON.parse(fs.readFileSync(`${DIST}/functions.json`, "utf8"));
    const zh: FunctionMetadata = JSON.parse(fs.readFileSync(`${DIST}/functions-zh-cn.json`, "utf8"));
    for (const f of en.functions) {
      expect([f.name, EXAMPLES[f.name]]).toEqual([f.name, expect.stringMatching(new RegExp(`^=TT\\.${f.name}\\(`))]);
      const required = f.parameters.filter((p) => !p.optional).length;
      const n = exampleArgumentCount(EXAMPLES[f.name]!);
      expect([f.name, n >= required && (n <= f.parameters.length || f.name === "EXPLAIN")]).toEqual([f.name, true]);
    }
    const tech = galleryEntries(zh).find((e) => e.name === "TECHSUBSIDY")!;
    expect(tech.summary).toBe("技术交易补助。");
    expect(tech.citation).toMatch(/^黑龙江省：黑政发〔2017〕16号第二部分第（四）项/);
    expect(galleryEntries(en).find((e) => e.name === "TARGET")!.citation).toBeNull();
  });

  test("splitDescription keeps nested clause brackets together", () => {
    expect(splitDescription("Reward (CN-HL 000 三(三): 3% of payments).")).toEqual({
      summary: "Reward.",
      citation: "CN-HL 000 三(三): 3% of payments",
    });
  });
});

describe("Sign-in", () => {
  const token = (payload: object) => `h.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.s`;

  test("the token's payload is shown (not trusted): subject, roles, institute, region", () => {
    const s = sessionFromToken(
      `Bearer ${token({ sub: "officer", roles: ["institute", "bogus"], tt_institute: "HLJ-001", tt_region: "CN-HL", exp: 2_000_000_000 })}`,
    )!;
    expect(s).toMatchObject({
      subject: "officer",
      roles: ["institute"],
      instituteId: "HLJ-001",
      region: "CN-HL",
      expiresAt: 2_000_000_000,
    });
    expect(hasRole(s, "province")).toBe(false);
    expect(hasRole(sessionFromToken(token({ roles: ["admin"] })), "province")).toBe(true);
    expect(sessionFromToken("not a token")).toBeNull();
  });

  test("NAA needs a client id; with one it tries silent first, then a popup", async () => {
    expect(naaProvider({ clientId: "", authority: "a", scopes: [] }).state()).toBe("not-configured");
    await expect(naaProvider({ clientId: "", authority: "a", scopes: [] }).getToken()).rejects.toThrow(/TT_NAA_CLIENT_ID/);
    const p = naaProvider({ clientId: "id", authority: "a", scopes: ["api://x/access_as_user"] }, async () => ({
      acquireTokenSilent: async () => {
        throw new Error("interaction required");
      },
      acquireTokenPopup: async () => ({ accessToken: "from-popup" }),
    }));
    expect(p.state()).toBe("ready");
    await expect(p.getToken()).resolves.toBe("from-popup");
  });
});

describe("Insert award roster", () => {
  const row = (registrationNumber: string, city: string, subsidy: string) => ({
    instituteId: "HLJ-001",
    instituteName: { zh: "黑龙江示例材料研究所", en: "Sample" },
    city,
    instituteType: "research-institute",
    submissionId: "s1",
    period: "Y",
    registrationNumber,
    role: "seller" as const,
    buyer: "甲公司",
    seller: "乙研究所",
    basisAmount: "800000.00",
    basisDate: "2025-04-01",
    basisReading: { zh: "技术交易实际到账金额", en: "Amount received" },
    subsidy,
    rule: { zh: "技术交易奖励（出让方）", en: "Reward (seller)" },
    citations: [{ zh: "《黑龙江省技术转移体系建设实施方案》（黑政发〔2017〕16号）第二部分第（四）项", en: "part 二(四)" }],
    readings: [],
    status: "approved" as const,
    approvedBy: "省厅审核员",
    approvedAt: "2025-05-01T02:00:00Z",
    rulesVersion: "v",
  });
  test("asks GET /api/awards for approved submissions and writes the rows and totals in Chinese, on a sheet reused in place", async () => {
    const rows = [row("2025230100000001", "哈尔滨", "240000.00"), row("2025230100000002", "大庆", "600000.00")];
    const roster: AwardRoster = {
      region: "CN-HL",
      year: YEAR,
      status: "approved",
      generatedAt: "2025-06-01T00:00:00Z",
      rows,
      totals: rosterTotals(rows),
    };
    const asked: unknown[] = [];
    const wb = standin.createWorkbook();
    wb.addSheet("Sheet1");
    const api = stubApi({ awards: async (...a: unknown[]) => (asked.push(a), roster) } as Partial<ApiClient>);
    const r = await insertAwardRoster(deps(mockRun(wb), api), "CN-HL", YEAR);
    expect(asked).toEqual([[{ region: "CN-HL", year: YEAR, status: "approved" }]]);
    expect(r).toMatchObject({ ok: true, message: { zh: "已插入“奖补名单”：2 项补助，合计 840000.00 元。" } });
    expect(wb.value("奖补名单", "A1")).toBe(`黑龙江省${YEAR}年技术交易补助（奖励）名单`);
    expect(wb.value("奖补名单", "B3")).toBe("单位名称");
    expect(wb.value("奖补名单", "F4")).toBe("2025230100000001");
    expect(wb.value("奖补名单", "L5")).toBe(600000);
    const values = [...wb.sheet("奖补名单").cells.values()].map((c: any) => c.value);
    expect(values).toEqual(expect.arrayContaining(["按市（地）汇总", "按单位类型汇总", "科研院所", 840000]));
    await insertAwardRoster(deps(mockRun(wb), api), "CN-HL", YEAR);
    expect(wb.sheets.filter((s: any) => s.name === "奖补名单")).toHaveLength(1);
  });
});
