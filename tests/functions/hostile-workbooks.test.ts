/**
 * Issue 9, hostile workbooks: every case of bench/hostile-workbooks.ts is refused by the reader with its
 * stable code and nothing built beyond the bounds; over HTTP the issue's two cases (XFD2 + A2000, and a
 * cached formula result) are refused with 413 / 400 on their cells, nothing is stored, and /health is
 * answered while the upload is read. Correctness only — refusal time, heap and event-loop delay are
 * measured by `npm run bench -- hostile` (bench/hostile.bench.ts).
 */
import { readSubmissionWorkbook } from "@tt/workbook/node";
import { checkWorkbookLimits, LIMIT_CODES, MAX_COLUMN, MAX_ROW } from "@tt/workbook/node";
import { CONTRACTS } from "@tt/workbook";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { XLSX_TYPE } from "../../functions/submissions-xlsx-post";
import { HOSTILE_WORKBOOKS, validWorkbook } from "../../bench/hostile-workbooks";

jest.setTimeout(180_000);

let api: LocalApi;
let hlj001: string;
let admin: string;

beforeAll(async () => {
  api = await startLocalApi();
  hlj001 = await api.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" });
  admin = await api.token({ role: "admin", subject: "test-admin" });
});
afterAll(() => api.close());

const upload = (bytes: Uint8Array) =>
  fetch(`${api.url}/submissions/xlsx`, {
    method: "POST",
    headers: { authorization: `Bearer ${hlj001}`, "content-type": XLSX_TYPE },
    body: Buffer.from(bytes),
  });

async function storedCount(): Promise<number> {
  const r = await fetch(`${api.url}/submissions?instituteId=HLJ-001`, { headers: { authorization: `Bearer ${admin}` } });
  const body = await r.json();
  return (Array.isArray(body) ? body : (body.items ?? body.submissions ?? [])).length;
}

test("the valid template passes the bounds and is read", async () => {
  const bytes = await validWorkbook();
  const bounds = await checkWorkbookLimits(bytes);
  expect(bounds.ok).toBe(true);
  if (bounds.ok) {
    expect(bounds.shape.maxColumn).toBeLessThanOrEqual(MAX_COLUMN);
    expect(bounds.shape.maxRow).toBeLessThanOrEqual(MAX_ROW);
  }
  expect((await readSubmissionWorkbook(bytes)).ok).toBe(true);
});

test.each(HOSTILE_WORKBOOKS.map((h) => [h.name, h] as const))("refused by the reader: %s", async (_name, h) => {
  const read = await readSubmissionWorkbook(await h.build());
  expect(read.ok).toBe(false);
  if (read.ok) return;
  expect(read.issues.map((i) => i.code)).toContain(h.code);
  const isLimit = read.issues.some((i) => (LIMIT_CODES as readonly string[]).includes(i.code));
  expect(isLimit).toBe(h.expect === 413);
  for (const i of read.issues) {
    expect(i.message.zh.length).toBeGreaterThan(0);
    expect(i.message.en.length).toBeGreaterThan(0);
  }
});

test("issue 9: one cell at XFD2 and one at A2000 → 413 naming the sheet and cell, nothing stored, /health answered meanwhile", async () => {
  const bytes = await HOSTILE_WORKBOOKS.find((h) => h.name.startsWith("one cell at XFD2"))!.build();
  const before = await storedCount();
  const pending = upload(bytes);
  const health = await fetch(`${api.url}/health`);
  expect(health.status).toBe(200);
  const r = await pending;
  expect(r.status).toBe(413);
  const body = await r.json();
  expect(body.code).toBe("WORKBOOK_LIMIT_EXCEEDED");
  expect(body.details.issues[0]).toEqual(expect.objectContaining({ sheet: CONTRACTS.sheet, code: "WORKBOOK_SHEET_TOO_LARGE" }));
  expect(body.details.issues[0].cell).toMatch(/^(XFD2|A2000|XFD2000)$/); // the used range (dimension) is seen first
  expect(await storedCount()).toBe(before);
});

test("issue 9: =1+1 cached as 999999999 in a contract amount → 400 FORMULA_IN_INPUT_CELL on that cell; never stored as 999,999,999", async () => {
  const bytes = await HOSTILE_WORKBOOKS.find((h) => h.name.startsWith("=1+1"))!.build();
  const before = await storedCount();
  const r = await upload(bytes);
  expect(r.status).toBe(400);
  const body = await r.json();
  expect(body.code).toBe("WORKBOOK_INVALID");
  expect(body.details.issues).toEqual([expect.objectContaining({ sheet: CONTRACTS.sheet, cell: "I2", code: "FORMULA_IN_INPUT_CELL" })]);
  expect(JSON.stringify(body)).not.toContain("999999999");
  expect(await storedCount()).toBe(before);
});
