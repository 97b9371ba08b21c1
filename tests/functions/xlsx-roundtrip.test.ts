/**
 * Without the add-in (issue #5), over real HTTP against the local host: download the template, fill it,
 * upload it. The stored submission is the one the add-in's JSON path stores for the same rows; the same
 * file twice is one submission; a changed file under the same id is refused on its id cell; an old
 * template, a bad cell, no token and another institute's token are refused with nothing written.
 */
import { ACHIEVEMENTS, META_SHEET } from "@tt/workbook";
import { readSubmissionWorkbook, templateBuffer } from "@tt/workbook/node";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { MAX_WORKBOOK_BYTES, XLSX_TYPE } from "../../functions/submissions-xlsx-post";
import { HL_ROWS, fillTemplate, loadWorkbook } from "../workbook/fill-template";

let api: LocalApi;
let hlj001: string;

beforeAll(async () => {
  api = await startLocalApi();
  hlj001 = await api.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" });
});
afterAll(() => api.close());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function download(token: string, query = "instituteId=HLJ-001&year=2024") {
  return fetch(`${api.url}/templates/institute.xlsx?${query}`, { headers: auth(token) });
}

async function upload(bytes: Buffer, token?: string) {
  const r = await fetch(`${api.url}/submissions/xlsx`, {
    method: "POST",
    headers: { "content-type": XLSX_TYPE, ...(token ? auth(token) : {}) },
    body: new Uint8Array(bytes),
  });
  return { status: r.status, body: await r.json() };
}

async function filledDownload(): Promise<{ file: Buffer; submissionId: string }> {
  const r = await download(hlj001);
  expect(r.status).toBe(200);
  const file = await fillTemplate(await r.arrayBuffer(), "CN-HL", HL_ROWS);
  return { file, submissionId: r.headers.get("x-submission-id")! };
}

/** A stored document without what differs between two stores of the same content (ids, hash, times). */
function content(doc: any) {
  const {
    id,
    contentHash,
    createdAt,
    updatedAt,
    createdBy,
    updatedBy,
    lastAudit,
    _etag,
    submission,
    summary,
    rollupPending,
    instituteId,
    ...rest
  } = doc;
  const { submissionId, instituteId: _i, ...sub } = submission;
  return { ...rest, submission: sub };
}

const stored = (id: string) => api.services.repo.readSubmission("HLJ-001", id);

test("the template is stamped with the institute, its registered region, the year and a fresh id", async () => {
  const r = await download(hlj001, "instituteId=HLJ-001&year=2024&period=H1");
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toBe(XLSX_TYPE);
  expect(r.headers.get("content-disposition")).toBe('attachment; filename="TT-HLJ-001-2024-H1.xlsx"');
  const info = (await loadWorkbook(await r.arrayBuffer())).getWorksheet(META_SHEET)!;
  expect([2, 3, 4, 5, 7].map((row) => info.getCell(`B${row}`).value)).toEqual([
    "HLJ-001",
    "CN-HL",
    2024,
    "H1",
    r.headers.get("x-submission-id"),
  ]);
  expect((await download(hlj001, "instituteId=HLJ-001&year=2024")).headers.get("x-submission-id")).not.toBe(
    r.headers.get("x-submission-id"),
  );
});

test("who may download: the institute itself and its province; not another institute or province", async () => {
  const province = await api.token({ role: "province", region: "CN-HL" });
  const otherProvince = await api.token({ role: "province", region: "CN-HE" });
  const other = await api.token({ role: "institute", instituteId: "HLJ-002", region: "CN-HL" });
  expect((await download(province)).status).toBe(200);
  expect((await download(otherProvince)).status).toBe(403);
  expect((await download(other)).status).toBe(403);
  expect((await fetch(`${api.url}/templates/institute.xlsx?instituteId=HLJ-001&year=2024`)).status).toBe(401);
  expect((await download(hlj001, "instituteId=HLJ-999&year=2024")).status).toBe(404);
  const bad = await download(hlj001, "instituteId=HLJ-001&year=24&period=Q9");
  expect(bad.status).toBe(400);
  expect((await bad.json()).details.issues.map((i: any) => i.path)).toEqual(["year", "period"]);
});

test("upload stores what the JSON path stores; the same file again is 200 with no second copy; a changed file is 409 on the id cell", async () => {
  const { file, submissionId } = await filledDownload();
  const created = await upload(file, hlj001);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ id: submissionId, instituteId: "HLJ-001", region: "CN-HL", year: 2024, status: "submitted" });

  // The add-in path: the same cells read by the shared reader, sent as JSON (under its own id; for another
  // institute, since the period of HLJ-001 now has its one live submission).
  const read = await readSubmissionWorkbook(file);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const jsonId = globalThis.crypto.randomUUID();
  const samePeriod = await fetch(`${api.url}/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth(hlj001) },
    body: JSON.stringify({ ...read.submission, submissionId: jsonId }),
  });
  expect(samePeriod.status).toBe(409);
  expect((await samePeriod.json()).code).toBe("PERIOD_ALREADY_SUBMITTED");
  const hlj004 = await api.token({ role: "institute", instituteId: "HLJ-004", region: "CN-HL" });
  const viaJson = await fetch(`${api.url}/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth(hlj004) },
    body: JSON.stringify({ ...read.submission, submissionId: jsonId, instituteId: "HLJ-004" }),
  });
  expect(viaJson.status).toBe(201);
  const [fromXlsx, fromJson] = [(await stored(submissionId))!, (await api.services.repo.readSubmission("HLJ-004", jsonId))!];
  expect(content(fromXlsx)).toEqual(content(fromJson));
  expect(fromXlsx.submission.contracts).toHaveLength(2);
  expect(fromXlsx.subsidies.map((s) => s.status)).toEqual(["computed", "computed"]);

  const again = await upload(file, hlj001);
  expect(again.status).toBe(200);
  expect(again.body.version).toBe(1);
  const mine = await api.services.repo.listSubmissions({ instituteId: "HLJ-001" });
  expect(mine.filter((d) => d.id === submissionId)).toHaveLength(1);

  const wb = await loadWorkbook(file);
  wb.getWorksheet(ACHIEVEMENTS.sheet)!.getCell("A2").value = "改过的成果名称";
  const conflict = await upload(Buffer.from(await wb.xlsx.writeBuffer()), hlj001);
  expect(conflict.status).toBe(409);
  expect(conflict.body.code).toBe("CONTENT_CONFLICT");
  expect(conflict.body.details.issues).toEqual([
    expect.objectContaining({ sheet: META_SHEET, cell: "B7", path: "submissionId", code: "CONTENT_CONFLICT" }),
  ]);
  expect((await stored(submissionId))!.submission.achievements[0]!.title).toBe(HL_ROWS.achievements![0]!.title);
});

test("an old template version is refused on 报送信息 Submission!B6, never misread", async () => {
  const old = await templateBuffer({ instituteId: "HLJ-001", region: "CN-HL", year: 2024, templateVersion: "0.9.0" }, HL_ROWS);
  const r = await upload(old, hlj001);
  expect(r.status).toBe(400);
  expect(r.body.code).toBe("WORKBOOK_INVALID");
  expect(r.body.details.issues).toEqual([expect.objectContaining({ sheet: META_SHEET, cell: "B6", code: "TEMPLATE_VERSION_UNSUPPORTED" })]);
  expect(r.body.message).toEqual({ zh: expect.stringContaining("1 处"), en: expect.stringContaining("1 problem") });
});

test("a bad cell is reported on that cell, with nothing stored", async () => {
  const r0 = await download(hlj001);
  const id = r0.headers.get("x-submission-id")!;
  const bad = { ...HL_ROWS, achievements: [{ ...HL_ROWS.achievements![0]!, receivedAmount: -5 }, HL_ROWS.achievements![1]!] };
  const r = await upload(await fillTemplate(await r0.arrayBuffer(), "CN-HL", bad), hlj001);
  expect(r.status).toBe(400);
  expect(r.body.details.issues).toEqual([
    expect.objectContaining({ sheet: ACHIEVEMENTS.sheet, cell: "G2", path: "achievements.0.receivedAmount", code: "AMOUNT_NEGATIVE" }),
  ]);
  expect(await stored(id)).toBeNull();
});

test("no token → 401, another institute's token → 403 on the institute cell; nothing written", async () => {
  const { file, submissionId } = await filledDownload();
  const anonymous = await upload(file);
  expect(anonymous.status).toBe(401);
  const other = await api.token({ role: "institute", instituteId: "HLJ-002", region: "CN-HL" });
  const forbidden = await upload(file, other);
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.details.issues).toEqual([expect.objectContaining({ sheet: META_SHEET, cell: "B2", path: "instituteId" })]);
  expect(await stored(submissionId)).toBeNull();
  expect((await api.services.repo.listSummaries("CN-HL", 2024, 2024)).flatMap((s) => Object.keys(s.entries))).not.toContain(submissionId);
});

test("too large → 413 before the file is opened; JSON sent to the workbook endpoint → 415; not a workbook → 400", async () => {
  const big = await upload(Buffer.alloc(MAX_WORKBOOK_BYTES + 1), hlj001);
  expect(big.status).toBe(413);
  expect(big.body.code).toBe("WORKBOOK_TOO_LARGE");
  const asJson = await fetch(`${api.url}/submissions/xlsx`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth(hlj001) },
    body: "{}",
  });
  expect(asJson.status).toBe(415);
  const junk = await upload(Buffer.from("not a zip"), hlj001);
  expect(junk.status).toBe(400);
  expect(junk.body.details.issues[0].code).toBe("NOT_A_WORKBOOK");
});
