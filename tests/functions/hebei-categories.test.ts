/**
 * Issue 10 item 4, Hebei's own progress: Hebei's template, submissions, breakdowns and sheet use Hebei's own
 * fields (004 第2条, policy/categories/cn-he.yaml), never Heilongjiang's; the Hebei template asks what 004 counts
 * per achievement (重大科技成果, 专项项目) and a record so marked moves the metric's actual (status measured) through
 * template → upload → stored document → summary → the metric's `measure:` block. Over real HTTP against the
 * local host and the embedded Cosmos.
 */
import type ExcelJS from "exceljs";
import { SECTORS, achievementFlags, regionSectors } from "@tt/engine";
import {
  ACHIEVEMENTS,
  INSTRUCTIONS,
  LISTS_SHEET,
  META_SHEET,
  achievementsTable,
  flagKey,
  headerOf,
  progressSheetModel,
} from "@tt/workbook";
import type { PrefillRows } from "@tt/workbook/node";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { XLSX_TYPE } from "../../functions/submissions-xlsx-post";
import { HL_ROWS, fillTemplate, loadWorkbook } from "../workbook/fill-template";
import { aSubmission } from "./helpers";

let api: LocalApi;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await startLocalApi();
  tokens.heb001 = await api.token({ role: "institute", instituteId: "HEB-001", region: "CN-HE" });
  tokens.heb010 = await api.token({ role: "institute", instituteId: "HEB-010", region: "CN-HE" });
  tokens.hlj001 = await api.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" });
  tokens.he = await api.token({ role: "province", region: "CN-HE" });
  tokens.hl = await api.token({ role: "province", region: "CN-HL" });
});
afterAll(() => api.close());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const get = async (route: string, token: string) => {
  const r = await fetch(`${api.url}/${route}`, { headers: auth(token) });
  const type = r.headers.get("content-type") ?? "";
  return { status: r.status, headers: r.headers, body: type.includes("json") ? await r.json() : Buffer.from(await r.arrayBuffer()) };
};
const postJson = async (route: string, body: unknown, token: string) => {
  const r = await fetch(`${api.url}/${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth(token) },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
};
const upload = async (bytes: Buffer, token: string) => {
  const r = await fetch(`${api.url}/submissions/xlsx`, {
    method: "POST",
    headers: { "content-type": XLSX_TYPE, ...auth(token) },
    body: new Uint8Array(bytes),
  });
  return { status: r.status, body: await r.json() };
};
const template = async (instituteId: string, token: string, year = 2024) => {
  const r = await get(`templates/institute.xlsx?instituteId=${instituteId}&year=${year}`, token);
  expect(r.status).toBe(200);
  return r.body as Buffer;
};
const metric = async (id: string, year = 2024) => {
  const r = await get(`progress?region=CN-HE&year=${year}`, tokens.he!);
  expect(r.status).toBe(200);
  return r.body.metrics.find((m: any) => m.metric === id);
};

const HE_SECTOR_LABELS = regionSectors("CN-HE").map((s) => s.zh);
const HL_SECTOR_LABELS = SECTORS.map((s) => s.zh);

/** The labels of a list column on the hidden lists sheet (row 1 names the list). */
function listColumn(wb: ExcelJS.Workbook, name: string): string[] {
  const ws = wb.getWorksheet(LISTS_SHEET)!;
  for (let c = 1; c <= ws.columnCount; c++) {
    if (ws.getCell(1, c).value !== name) continue;
    const out: string[] = [];
    for (let r = 2; ws.getCell(r, c).value !== null; r++) out.push(String(ws.getCell(r, c).value));
    return out;
  }
  throw new Error(`no list ${name}`);
}
const headers = (wb: ExcelJS.Workbook) => (wb.getWorksheet(ACHIEVEMENTS.sheet)!.getRow(1).values as unknown[]).slice(1).map(String);

/** Rows of the Hebei template: one major achievement, one ordinary; one buyer contract from Beijing. */
const heRows = (flags: Record<string, boolean>[]): PrefillRows => ({
  achievements: flags.map((f, i) => ({
    title: `河北成果 ${i + 1}`,
    sector: regionSectors("CN-HE")[i % regionSectors("CN-HE").length]!.id,
    mode: "transfer",
    city: "石家庄",
    date: "2024-06-18",
    contractAmount: 900000,
    receivedAmount: 900000,
    ...Object.fromEntries(Object.entries(f).map(([k, v]) => [flagKey(k), v])),
  })),
  contracts: [
    {
      registrationNumber: `2024130100${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`,
      type: "transfer",
      buyerName: "河北某钢铁有限公司",
      buyerRegion: "CN-HE",
      sellerName: "北京某研究院",
      sellerRegion: "CN-BJ",
      role: "buyer",
      signedDate: "2024-04-10",
      contractAmount: 2600000,
      sourceJingJin: true,
    },
  ],
  receipts: [],
});

describe("the Hebei template carries Hebei's fields and questions, never Heilongjiang's", () => {
  test("Hebei: 004 第2条's fields in the drop-down, a yes/no column per 004 question; Heilongjiang's template unchanged", async () => {
    const he = await loadWorkbook(await template("HEB-001", tokens.heb001!));
    expect(listColumn(he, "sectors")).toEqual(HE_SECTOR_LABELS);
    expect(listColumn(he, "sectors")).toEqual(expect.arrayContaining(["新一代电子信息技术", "生物医药", "其他"]));
    for (const label of HL_SECTOR_LABELS) expect(listColumn(he, "sectors")).not.toContain(label);
    expect(headers(he)).toEqual(achievementsTable("CN-HE").columns.map(headerOf));
    expect(headers(he)).toEqual(expect.arrayContaining(["是否重大科技成果 Major achievement?"]));
    expect(achievementFlags("CN-HE").map((f) => f.reference.quote)).toEqual(
      expect.arrayContaining(["累计转化重大科技成果300项以上", "每年实施60项以上重大科技成果转化项目，由企业牵头承担"]),
    );
    expect(he.getWorksheet(META_SHEET)!.getCell("B6").value).toBe("2.0.0");

    // JSON clients read the same lists, with the citations.
    const policies = (await get("policies", tokens.heb001!)).body;
    expect(policies.categories["CN-HE"].sectors.map((x: any) => x.zh)).toEqual(HE_SECTOR_LABELS);
    expect(policies.categories["CN-HE"].flags[0]).toMatchObject({ id: "major-achievement", reference: { section: "一(二)" } });
    expect(policies.categories["CN-HL"].flags).toEqual([]);

    const hl = await loadWorkbook(await template("HLJ-001", tokens.hlj001!));
    expect(listColumn(hl, "sectors")).toEqual(HL_SECTOR_LABELS);
    expect(headers(hl)).toEqual(ACHIEVEMENTS.columns.map(headerOf));
  });

  test("the information sheet explains each question column of the region (Hebei: two more lines; Heilongjiang: none)", async () => {
    const text = (wb: ExcelJS.Workbook) => {
      const out: string[] = [];
      wb.getWorksheet(META_SHEET)!.eachRow((row) => row.eachCell((c) => out.push(String(c.value ?? ""))));
      return out.join("\n");
    };
    const he = text(await loadWorkbook(await template("HEB-001", tokens.heb001!)));
    const hl = text(await loadWorkbook(await template("HLJ-001", tokens.hlj001!)));
    for (const f of achievementFlags("CN-HE")) {
      expect(he).toContain(`“${f.question.zh}”一栏`);
      expect(hl).not.toContain(f.question.zh);
    }
    expect(he).toContain(`${INSTRUCTIONS.length + achievementFlags("CN-HE").length}. `);
  });
});

describe("a Hebei record marked 重大科技成果 moves the 004 metric's actual", () => {
  test("upload of the filled Hebei template: stored with its flags; major-achievements-transformed is measured from records", async () => {
    const before = await metric("major-achievements-transformed");
    expect(before).toMatchObject({ status: "measured", actual: "0", target: "300" });

    const file = await fillTemplate(
      await template("HEB-001", tokens.heb001!),
      "CN-HE",
      heRows([{ "major-achievement": true }, { "major-achievement": false }, {}]),
    );
    const submissionId = String((await loadWorkbook(file)).getWorksheet(META_SHEET)!.getCell("B7").value);
    const r = await upload(file, tokens.heb001!);
    expect(r.status).toBe(201);
    const stored = (await api.services.repo.readSubmission("HEB-001", submissionId))!;
    expect(stored.submission.achievements.map((a) => a.flags ?? [])).toEqual([["major-achievement"], [], []]);
    expect(stored.submission.achievements[0]!.sector).toBe(regionSectors("CN-HE")[0]!.id);
    expect(stored.summary!.achievementsByFlag).toEqual({ "major-achievement": 1 });

    const after = await metric("major-achievements-transformed");
    expect(after).toMatchObject({ status: "measured", actual: "1", origin: { kind: "records" } });
    expect(after.completion).not.toBeNull();
    // Cumulative from 2021: a 2025 report still counts the 2024 record.
    expect((await metric("major-achievements-transformed", 2025)).actual).toBe("1");
    // A research institute's record is not an enterprise-led programme project.
    expect((await metric("major-transformation-projects")).actual).toBe("0");
  }, 60_000);

  test("an enterprise's record marked as a programme project counts toward major-transformation-projects of its year", async () => {
    const s = aSubmission({ instituteId: "HEB-010", region: "CN-HE", year: 2024 });
    s.achievements = s.achievements.map((a) => ({ ...a, flags: ["transformation-project", "major-achievement"] }));
    expect((await postJson("submissions", s, tokens.heb010!)).status).toBe(201);
    expect(await metric("major-transformation-projects")).toMatchObject({ status: "measured", actual: "1" });
    expect((await metric("major-achievements-transformed")).actual).toBe("2");
    expect((await metric("major-transformation-projects", 2023)).actual).toBe("0");
  });

  test("with an entered value as well, the metric's documented rule (prefer: reported) decides and both are shown", async () => {
    const body = {
      clientId: `hebei-major-${Date.now()}`,
      region: "CN-HE",
      metric: "major-transformation-projects",
      year: 2024,
      value: 64,
      source: { text: "河北省科技厅 2024 年重大科技成果转化专项立项统计", date: "2025-01-15" },
    };
    expect((await postJson("indicator-values", body, tokens.he!)).status).toBe(201);
    const m = await metric("major-transformation-projects");
    expect(m).toMatchObject({ status: "reported", actual: "64", both: { records: "1", reported: "64", used: "reported" } });
  });
});

describe("a field of the other region is refused, with a bilingual code, and nothing is written", () => {
  test("JSON: a Hebei submission with a Heilongjiang field; a Heilongjiang one with a Hebei question", async () => {
    const s = aSubmission({ instituteId: "HEB-002", region: "CN-HE", year: 2024, sectors: ["digital-economy"] });
    const r = await postJson("submissions", s, tokens.he!);
    expect(r.status).toBe(400);
    const issue = r.body.details.issues.find((i: any) => i.path === "achievements.0.sector");
    expect(issue.code).toBe("SECTOR_NOT_IN_REGION");
    expect(issue.message.zh).toContain("新一代电子信息技术");
    expect(issue.message.zh).toContain("“数字经济”（黑龙江省）不是河北省的领域");
    expect(issue.message.en).toContain("not one of Hebei's fields");
    expect((await get(`submissions/${s.submissionId}`, tokens.he!)).status).toBe(404);

    const hl = aSubmission({ instituteId: "HLJ-001", region: "CN-HL", year: 2024 });
    hl.achievements = hl.achievements.map((a) => ({ ...a, flags: ["major-achievement"] }));
    const refused = await postJson("submissions", hl, tokens.hlj001!);
    expect(refused.status).toBe(400);
    expect(refused.body.details.issues.find((i: any) => i.path === "achievements.0.flags.0").code).toBe("FLAG_NOT_IN_REGION");
  });

  test("workbook: a Heilongjiang field typed into a Hebei template is refused on its cell", async () => {
    const wb = await loadWorkbook(
      await fillTemplate(await template("HEB-001", tokens.heb001!, 2023), "CN-HE", heRows([{ "major-achievement": true }])),
    );
    wb.getWorksheet(ACHIEVEMENTS.sheet)!.getCell("B2").value = "数字经济";
    const r = await upload(Buffer.from(await wb.xlsx.writeBuffer()), tokens.heb001!);
    expect(r.status).toBe(400);
    expect(r.body.details.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ sheet: ACHIEVEMENTS.sheet, cell: "B2", code: "SECTOR_NOT_IN_REGION" })]),
    );
    expect((await metric("major-achievements-transformed", 2023)).actual).toBe("0");
  });

  test("an old (1.0.0) Hebei template is refused as a template version, a Heilongjiang 1.0.0 one is still read", async () => {
    const wb = await loadWorkbook(await fillTemplate(await template("HEB-001", tokens.heb001!), "CN-HE", heRows([{}])));
    wb.getWorksheet(META_SHEET)!.getCell("B6").value = "1.0.0";
    const r = await upload(Buffer.from(await wb.xlsx.writeBuffer()), tokens.heb001!);
    expect([r.status, r.body.details.issues[0].code, r.body.details.issues[0].cell]).toEqual([400, "TEMPLATE_VERSION_UNSUPPORTED", "B6"]);
    expect(r.body.details.issues[0].message.zh).toContain("2.0.0");

    const hl = await loadWorkbook(await fillTemplate(await template("HLJ-001", tokens.hlj001!), "CN-HL", HL_ROWS));
    hl.getWorksheet(META_SHEET)!.getCell("B6").value = "1.0.0";
    expect((await upload(Buffer.from(await hl.xlsx.writeBuffer()), tokens.hlj001!)).status).toBe(201);
  });
});

describe("Hebei's progress: its own breakdown, completion rates, every year of its history", () => {
  test("by=sector lists Hebei's fields only; the sheet labels them in Chinese, shows completion rates and a full history", async () => {
    const r = await get("progress?region=CN-HE&year=2024&by=sector", tokens.he!);
    expect(r.body.breakdowns.sector.map((x: any) => x.key).sort()).toEqual(
      regionSectors("CN-HE")
        .map((s) => s.id)
        .sort(),
    );
    expect(r.body.breakdowns.sector.reduce((n: number, x: any) => n + x.achievements, 0)).toBe(4);
    const model = progressSheetModel(r.body, { refreshedAt: "2025-01-01T00:00:00Z", rulesVersion: "test" });
    const sector = model.blocks.find((b) => b.key === "sector")!;
    expect(sector.rows.map((x) => x[0])).toEqual(expect.arrayContaining(["新一代电子信息技术", "高端装备制造技术"]));
    for (const label of HL_SECTOR_LABELS) expect(sector.rows.map((x) => x[0])).not.toContain(label);
    const metrics = model.blocks.find((b) => b.key === "metrics")!;
    const completionOf = (id: string) => metrics.rows.find((x) => x[12] === id)![5];
    expect(completionOf("major-achievements-transformed")).toBeCloseTo(2 / 300, 5);
    expect(completionOf("major-transformation-projects")).toBeCloseTo(64 / 60, 5);

    // The history covers every year from Hebei's first annual target year (2021) to the report year.
    const history = model.blocks.find((b) => b.key === "history")!;
    expect(history.rows.map((x) => x[0])).toEqual(["2021", "2022", "2023", "2024"]);
    const y2025 = (await get("progress?region=CN-HE&year=2025", tokens.he!)).body;
    expect(y2025.history.years.map((y: any) => y.year)).toEqual([2021, 2022, 2023, 2024, 2025]);
  });

  test("Heilongjiang's sector breakdown is its seven fields of 000 二, as before", async () => {
    const r = await get("progress?region=CN-HL&year=2024&by=sector", tokens.hl!);
    expect(r.body.breakdowns.sector.map((x: any) => x.key).sort()).toEqual(SECTORS.map((s) => s.id).sort());
  });
});
