/**
 * Issue 9 item 2, server side: corrections without the add-in. A workbook stamped with a stored
 * submission's version (stampVersion, 报送信息 Submission!B10) uploaded to POST /api/submissions/xlsx is a
 * replacement under an implicit If-Match: applied when current, 412 when changed meanwhile, 423 when
 * approved; a returned submission is corrected the same way (and by PUT) and then counts again. An
 * add-in workbook carrying only the ETag (B9) follows the same rule. Over real HTTP against the local host.
 */
import { ACHIEVEMENTS, META_SHEET } from "@tt/workbook";
import { readSubmissionWorkbook, templateBuffer } from "@tt/workbook/node";
import { readVersionStamp, stampVersion, VERSION_STAMP_CELL } from "@tt/workbook/node";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { XLSX_TYPE } from "../../functions/submissions-xlsx-post";
import { HL_ROWS, fillTemplate, loadWorkbook } from "../workbook/fill-template";

let api: LocalApi;
let institute: string;
let province: string;

beforeAll(async () => {
  api = await startLocalApi();
  institute = await api.token({ role: "institute", instituteId: "HLJ-002", region: "CN-HL" });
  province = await api.token({ role: "province", region: "CN-HL", subject: "reviewer-wang" });
});
afterAll(() => api.close());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
async function upload(bytes: Buffer) {
  const r = await fetch(`${api.url}/submissions/xlsx`, {
    method: "POST",
    headers: { "content-type": XLSX_TYPE, ...auth(institute) },
    body: new Uint8Array(bytes),
  });
  return { status: r.status, body: await r.json(), etag: r.headers.get("etag") };
}
async function get(id: string, token = institute) {
  const r = await fetch(`${api.url}/submissions/${id}`, { headers: auth(token) });
  return { status: r.status, body: await r.json(), etag: r.headers.get("etag") };
}
async function industrialised(year: number): Promise<string> {
  const r = await fetch(`${api.url}/progress?region=CN-HL&year=${year}`, { headers: auth(province) });
  return (await r.json()).metrics.find((m: { metric: string }) => m.metric === "industrialised").actual;
}

/** A filled template for HLJ-002 with `title` as its first achievement, stamped with `stamp` when given. */
async function workbook(
  submissionId: string,
  year: number,
  title: string,
  stamp?: { version: number } | { etag: string },
): Promise<Buffer> {
  const rows = {
    ...HL_ROWS,
    achievements: [
      { ...HL_ROWS.achievements![0]!, title, date: `${year}-05-20` },
      { ...HL_ROWS.achievements![1]!, date: `${year}-07-01` },
    ],
  };
  const filled = await fillTemplate(
    await templateBuffer({ instituteId: "HLJ-002", region: "CN-HL", year, submissionId }),
    "CN-HL",
    year === 2024 ? rows : { ...rows, contracts: [], receipts: [] },
  );
  if (!stamp) return filled;
  const wb = await loadWorkbook(filled);
  if ("version" in stamp) stampVersion(wb, { version: stamp.version });
  else wb.getWorksheet(META_SHEET)!.getCell("B9").value = stamp.etag;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test("the version stamp is a documented cell of the information sheet and reads back", async () => {
  const wb = await loadWorkbook(await templateBuffer({ instituteId: "HLJ-002", region: "CN-HL", year: 2024 }));
  expect(VERSION_STAMP_CELL).toEqual({ sheet: META_SHEET, cell: "B10", name: "TT_Version" });
  expect(String(wb.getWorksheet(META_SHEET)!.getCell("A10").value)).toContain("已报送版本");
  stampVersion(wb, { version: 7 });
  const read = await readSubmissionWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  expect(readVersionStamp(read.stamp)).toEqual({ ok: true, stamp: { version: 7, etag: '"v7"' } });
  expect(readVersionStamp({ version: "seven", etag: null })).toMatchObject({
    ok: false,
    issue: { cell: "B10", code: "VERSION_STAMP_INVALID" },
  });
});

test("stamped workbook: applied as a replacement; a stale stamp is 412 and changes nothing; approved → 423", async () => {
  const id = globalThis.crypto.randomUUID();
  const created = await upload(await workbook(id, 2024, "原成果"));
  expect(created.status).toBe(201);
  expect(created.etag).toBe('"v1"');

  const corrected = await upload(await workbook(id, 2024, "更正后的成果", { version: 1 }));
  expect(corrected.status).toBe(200);
  expect(corrected.body.version).toBe(2);
  expect(corrected.body.submission.achievements[0].title).toBe("更正后的成果");

  const stale = await upload(await workbook(id, 2024, "过时的更正", { version: 1 }));
  expect(stale.status).toBe(412);
  expect(stale.body.code).toBe("PRECONDITION_FAILED");
  expect(stale.body.message.zh).toContain("重新");
  expect((await get(id)).body.submission.achievements[0].title).toBe("更正后的成果");

  // the add-in's stamp (ETag in B9) is the same rule
  const viaEtag = await upload(await workbook(id, 2024, "插件更正", { etag: '"v2"' }));
  expect(viaEtag.status).toBe(200);
  expect(viaEtag.body.version).toBe(3);

  const approve = await fetch(`${api.url}/submissions/${id}/approve`, { method: "POST", headers: auth(province) });
  expect(approve.status).toBe(200);
  const locked = await upload(await workbook(id, 2024, "审核后更正", { version: 4 }));
  expect(locked.status).toBe(423);
  expect(locked.body.code).toBe("LOCKED");
});

test("a returned submission corrected by workbook counts again; corrected by PUT likewise", async () => {
  const year = 2013;
  const id = globalThis.crypto.randomUUID();
  const before = Number(await industrialised(year));
  expect((await upload(await workbook(id, year, "待退回成果"))).status).toBe(201);
  expect(Number(await industrialised(year))).toBe(before + 2);

  const ret = await fetch(`${api.url}/submissions/${id}/return`, {
    method: "POST",
    headers: { ...auth(province), "content-type": "application/json" },
    body: JSON.stringify({ reason: "领域填错" }),
  });
  expect(ret.status).toBe(200);
  expect(Number(await industrialised(year))).toBe(before);

  // a new id for the same period is refused, naming the returned one to correct
  const other = await upload(await workbook(globalThis.crypto.randomUUID(), year, "另起一份"));
  expect(other.status).toBe(409);
  expect(other.body.code).toBe("PERIOD_ALREADY_SUBMITTED");
  expect(other.body.details.existingSubmissionId).toBe(id);

  const fixed = await upload(await workbook(id, year, "已更正成果", { version: 2 }));
  expect(fixed.status).toBe(200);
  expect(fixed.body.status).toBe("submitted");
  expect(Number(await industrialised(year))).toBe(before + 2);

  // and by PUT: return again, then PUT with the ETag
  await fetch(`${api.url}/submissions/${id}/return`, {
    method: "POST",
    headers: { ...auth(province), "content-type": "application/json" },
    body: JSON.stringify({ reason: "再核对" }),
  });
  expect(Number(await industrialised(year))).toBe(before);
  const current = await get(id);
  const put = await fetch(`${api.url}/submissions/${id}`, {
    method: "PUT",
    headers: { ...auth(institute), "content-type": "application/json", "if-match": current.etag! },
    body: JSON.stringify(current.body.submission),
  });
  expect(put.status).toBe(200);
  expect((await put.json()).status).toBe("submitted");
  expect(Number(await industrialised(year))).toBe(before + 2);
});

test("an unstamped upload of a changed file under a stored id is still 409 on the id cell (a fresh template is a first submission)", async () => {
  const id = globalThis.crypto.randomUUID();
  expect((await upload(await workbook(id, 2012, "第一版"))).status).toBe(201);
  const r = await upload(await workbook(id, 2012, "第二版"));
  expect(r.status).toBe(409);
  expect(r.body.details.issues).toEqual([expect.objectContaining({ sheet: META_SHEET, cell: "B7", path: "submissionId" })]);
  expect(ACHIEVEMENTS.sheet).toBeTruthy();
});
