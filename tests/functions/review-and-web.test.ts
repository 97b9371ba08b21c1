/**
 * The endpoints behind the web page and the review queue, against the embedded store:
 *   GET /api/review                      who may list which region; rows carry names, counts, totals, conflicts
 *   GET /api/submissions/{id}/workbook   who may download; the stamps make a re-upload the same submission
 *   GET /api/institutes/{id}             bad id, unknown, other institute
 *   GET /api/web, /api/web/{file}        the built page; nothing outside the build directory
 * and the shared typed client (packages/contract/src/client.ts) against the real local host, in Node (fetch).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { reviewList } from "../../functions/review-list";
import { submissionWorkbookGet } from "../../functions/submission-workbook-get";
import { instituteGet } from "../../functions/institute-get";
import { submissionsPost } from "../../functions/submissions-post";
import { submissionReturn } from "../../functions/submission-return";
import { webAssetGet, webGet } from "../../functions/web-get";
import { ApiFailure, createApiClient } from "@tt/contract/client";
import { CONTRACTS, META_SHEET } from "@tt/workbook";
import { INFO_ROWS } from "@tt/workbook";
import { startApi, type ApiHandle } from "../../scripts/local-host";
import { signDevToken } from "../../functions/local/dev-key";
import { ensureBuilt } from "../addin/support/build";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(async () => {
  await f.close();
});

const tokens = async () => ({
  hlj1: await f.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" }),
  hlj2: await f.token({ role: "institute", instituteId: "HLJ-002", region: "CN-HL" }),
  hl: await f.token({ role: "province", region: "CN-HL" }),
  he: await f.token({ role: "province", region: "CN-HE" }),
  admin: await f.token({ role: "admin" }),
});

test("review queue: region rules, names, counts, claimed basis vs subsidy, one-side conflicts, status filter", async () => {
  const t = await tokens();
  const a = aSubmission({ instituteId: "HLJ-001", year: 2031 });
  const b = aSubmission({ instituteId: "HLJ-002", year: 2031 });
  // HLJ-002 claims HLJ-001's contract from the other side.
  b.contracts = a.contracts.map((c) => ({ ...c, role: c.role === "buyer" ? "seller" : "buyer" }));
  expect((await call(submissionsPost, f.services, { method: "POST", token: t.hlj1, body: a })).status).toBe(201);
  expect((await call(submissionsPost, f.services, { method: "POST", token: t.hlj2, body: b })).status).toBe(201);

  const admin = await call(reviewList, f.services, { token: t.admin, query: { year: "2031" } });
  expect(admin.status).toBe(400);
  expect(admin.body.code).toBe("REGION_REQUIRED");
  expect((await call(reviewList, f.services, { token: t.he, query: { region: "CN-HL" } })).status).toBe(403);
  expect((await call(reviewList, f.services, { token: t.hlj1, query: { region: "CN-HL" } })).status).toBe(403);
  const bad = await call(reviewList, f.services, { token: t.hl, query: { status: "pending" } });
  expect(bad.status).toBe(400);
  expect(bad.body.message.zh).toMatch(/status 无效：收到“pending”/);
  expect((await call(reviewList, f.services, { token: t.hl, query: { year: "20x1" } })).status).toBe(400);

  const list = await call(reviewList, f.services, { token: t.hl, query: { year: "2031" } });
  expect(list.status).toBe(200);
  expect(list.body).toMatchObject({ region: "CN-HL", year: 2031, count: 2, truncated: false });
  const [ra, rb] = list.body.rows;
  expect(ra).toMatchObject({
    id: a.submissionId,
    instituteId: "HLJ-001",
    instituteName: { zh: "黑龙江示例材料研究所" },
    status: "submitted",
    achievements: 1,
    contracts: a.contracts.length,
  });
  const stored = (await f.services.repo.readSubmission("HLJ-001", a.submissionId))!;
  expect(ra.subsidyTotal).toBe(stored.subsidyTotal);
  expect(ra.claimedBasis).toBe("800000.00"); // the 2031 receipt of its one contract (CN-HL basis: received in the year)
  expect(ra.conflicts).toHaveLength(1);
  expect(rb.conflicts).toHaveLength(1);
  expect(ra.conflicts[0].clause).toMatch(/黑政发〔2017〕16号/); // the citation in words (issue 11)

  // Returning one side clears the flag on the other; the filter narrows by status.
  const returned = await call(submissionReturn, f.services, {
    method: "POST",
    token: t.hl,
    params: { id: b.submissionId },
    body: { reason: "一方支持" },
  });
  expect(returned.status).toBe(200);
  const after = await call(reviewList, f.services, { token: t.admin, query: { region: "CN-HL", year: "2031" } });
  expect(after.body.rows.map((r: { conflicts: unknown[] }) => r.conflicts.length)).toEqual([0, 0]);
  const onlyReturned = await call(reviewList, f.services, { token: t.hl, query: { year: "2031", status: "returned" } });
  expect(onlyReturned.body.rows.map((r: { id: string }) => r.id)).toEqual([b.submissionId]);
  expect(onlyReturned.body.rows[0].review).toMatchObject({ action: "return", reason: "一方支持" });
}, 60_000);

test("results workbook: readers only; 核定补助 filled; id, hash, ETag and version stamped", async () => {
  const t = await tokens();
  const s = aSubmission({ instituteId: "HLJ-001", year: 2032 });
  const posted = await call(submissionsPost, f.services, { method: "POST", token: t.hlj1, body: s });
  expect(posted.status).toBe(201);
  // Another institute's, or another province's, submission answers what a missing one does (issue 9).
  expect((await call(submissionWorkbookGet, f.services, { token: t.hlj2, params: { id: s.submissionId } })).status).toBe(404);
  expect((await call(submissionWorkbookGet, f.services, { token: t.he, params: { id: s.submissionId } })).status).toBe(404);
  expect((await call(submissionWorkbookGet, f.services, { token: t.hlj1, params: { id: "no-such-id" } })).status).toBe(404);
  const r = await call(submissionWorkbookGet, f.services, { token: t.hl, params: { id: s.submissionId } });
  expect(r.status).toBe(200);
  expect(r.headers["content-disposition"]).toMatch(/TT-HLJ-001-2032-Y-v1\.xlsx/);
  expect(r.headers.etag).toBe(posted.headers.etag);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.body as ArrayBuffer);
  const meta = wb.getWorksheet(META_SHEET)!;
  expect(meta.getCell("B7").value).toBe(s.submissionId);
  expect(meta.getCell("B8").value).toBe(posted.body.contentHash);
  expect(meta.getCell("B9").value).toBe(posted.headers.etag);
  expect(meta.getCell(`B${INFO_ROWS.storedVersion.row}`).value).toBe(1);
  expect(meta.getCell(`B${INFO_ROWS.instituteName.row}`).value).toBe("黑龙江示例材料研究所");
  const contracts = wb.getWorksheet(CONTRACTS.sheet)!;
  expect(contracts.getCell("L2").value).toBe(Number(posted.body.subsidies[0].amount));
  // The table's 预计补助 column is a calculated column and every row has the formula.
  expect(String((contracts.getCell("K2").value as { formula: string }).formula)).toMatch(/^IFERROR\(TT\.TECHSUBSIDY\(/);
}, 60_000);

test("institute register entry: bad id 400, unknown 404, another institute 403, own 200", async () => {
  const t = await tokens();
  expect((await call(instituteGet, f.services, { token: t.hlj1, params: { id: "../x" } })).status).toBe(400);
  expect((await call(instituteGet, f.services, { token: t.admin, params: { id: "HLJ-999" } })).status).toBe(404);
  expect((await call(instituteGet, f.services, { token: t.hlj1, params: { id: "HLJ-002" } })).status).toBe(403);
  const own = await call(instituteGet, f.services, { token: t.hlj1, params: { id: "HLJ-001" } });
  expect(own.status).toBe(200);
  expect(own.body).toEqual({
    instituteId: "HLJ-001",
    name: { zh: "黑龙江示例材料研究所", en: "Heilongjiang Sample Materials Institute" },
    region: "CN-HL",
    city: "哈尔滨",
    type: "research-institute",
  });
});

test("web page: the built page with a same-origin-only policy; assets only from the build, by plain name", async () => {
  ensureBuilt();
  const page = await call(webGet, f.services);
  expect(page.status).toBe(200);
  expect(String(page.body)).toMatch(/<script[^>]+src="?web\/web\.js/);
  expect(page.headers["content-security-policy"]).toMatch(/default-src 'self'/);
  expect((await call(webAssetGet, f.services, { params: { file: "web.js" } })).status).toBe(200);
  for (const file of ["../package.json", "..", ".env", "web.ts", "functions.json%2F..", "x.js"]) {
    expect((await call(webAssetGet, f.services, { params: { file } })).status).toBe(404);
  }
}, 300_000);

describe("the shared client against the local host", () => {
  let api: ApiHandle;
  let keyDir: string;
  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), "tt-client-"));
    api = await startApi({ port: 0, cosmos: f.cosmos, devKeyDir: keyDir, log: () => undefined, seedSampleInstitutes: false });
  });
  afterAll(async () => api?.close());

  test("typed calls, downloads, uploads (fetch path) and failures as ApiFailure with {zh, en}", async () => {
    const token = await signDevToken({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" }, keyDir);
    const client = createApiClient({ baseUrl: () => new URL(api.url).origin, token: () => token });
    expect((await client.institute("HLJ-001")).name.zh).toBe("黑龙江示例材料研究所");
    const template = await client.template({ instituteId: "HLJ-001", year: 2033, period: "H1" });
    expect(template.filename).toBe("TT-HLJ-001-2033-H1.xlsx");
    let progress = 0;
    const stored = await client.uploadWorkbook(new Blob([new Uint8Array(template.bytes)]), (p) => (progress = p));
    expect(stored.status).toBe(201); // an empty report is a report (no rows)
    expect(progress).toBe(1);
    expect(stored.body.period).toBe("H1");
    const failure = await client.uploadWorkbook(new Blob(["not a workbook"])).catch((e) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure.code).toBe("WORKBOOK_INVALID");
    expect(failure.details.issues[0]).toMatchObject({
      code: "NOT_A_WORKBOOK",
      message: { zh: expect.stringMatching(/不是有效的 \.xlsx/) },
    });
    const denied = await client.institute("HLJ-002").catch((e) => e);
    expect(denied).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(denied.text.zh).toMatch(/无权查看/);
    const offline = createApiClient({ baseUrl: () => "http://127.0.0.1:9", token: () => token });
    expect(await offline.institute("HLJ-001").catch((e) => e)).toMatchObject({ status: 0, code: "NETWORK" });
  }, 60_000);
});
