/**
 * P6 (issue 14): uploaded workbooks are read on reader threads (packages/workbook/src/node/read-pool.ts).
 * Correctness only — the event-loop delay, heap and refusal time are measured by `npm run bench -- hostile`.
 * - the same workbooks (valid, every hostile case, the largest the bounds let through) read in-thread and
 *   off-thread give the same answer, and `locate` (rebuilt from plain data) names the same cells; the
 *   indicator workbook of provincial staff too;
 * - a full queue and a read out of time are a retryable WORKBOOK_READER_BUSY (503, Retry-After, zh + en),
 *   a thread out of memory is 413 WORKBOOK_TOO_COMPLEX, and the pool answers the next read (it heals);
 * - over HTTP: 503 with Retry-After and nothing stored, then the same file is stored; /health is answered
 *   while a large workbook is read.
 */
import ExcelJS from "exceljs";
import {
  WorkbookReadFailure,
  closeWorkbookReaders,
  INDICATOR_HEADER_ROW,
  INDICATOR_SHEET,
  indicatorColumn,
  indicatorWorkbookBuffer,
  readIndicatorWorkbook,
  readIndicatorWorkbookOffThread,
  readSubmissionWorkbook,
  readSubmissionWorkbookOffThread,
  workbookReaderSettings,
  workbookReaderStats,
} from "@tt/workbook/node";
import type { ReadResult } from "@tt/workbook";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { XLSX_TYPE } from "../../functions/submissions-xlsx-post";
import { HOSTILE_WORKBOOKS, VALID_ROWS, largestWithinLimits, validWorkbook } from "../../bench/hostile-workbooks";

jest.setTimeout(300_000);

const ENV = ["TT_WORKBOOK_READ_TIMEOUT_MS", "TT_WORKBOOK_HEAP_MB", "TT_WORKBOOK_QUEUE", "TT_WORKBOOK_THREADS", "TT_WORKBOOK_READER"];
afterEach(async () => {
  for (const k of ENV) delete process.env[k];
});
afterAll(() => closeWorkbookReaders());

/** Every leaf path of a value ("contracts.1.receipts.0.amount"). */
function paths(v: unknown, prefix = ""): string[] {
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => paths(x, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

const ODD_PATHS = [
  "",
  "nothing",
  "contracts",
  "contracts.99.amount",
  "contracts.0.constructor",
  "contracts.0.__proto__",
  "achievements.x",
  "contracts.0.receipts.7.date",
];

/**
 * Canonical text of a value: key order, undefined, dates and numbers kept apart (the thread's objects come
 * from another realm than jest's, so prototypes are not compared; a Date is recognised by its tag).
 */
function canonical(v: unknown): string {
  return JSON.stringify(v, function (this: Record<string, unknown>, k: string, x: unknown) {
    const raw = this[k];
    if (Object.prototype.toString.call(raw) === "[object Date]") return `Date(${(raw as Date).getTime()})`;
    if (raw === undefined) return "(undefined)";
    if (typeof raw === "number" && !Number.isFinite(raw)) return `Number(${raw})`;
    return x;
  });
}

/**
 * The two answers are the same: equal (jest's diff) and the same canonical text; `locate` answers the same
 * for every path of the submission and for odd ones.
 */
function expectSame(off: ReadResult, inThread: ReadResult): void {
  expect(off.ok).toBe(inThread.ok);
  if (!off.ok || !inThread.ok) {
    expect(off).toEqual(inThread);
    expect(canonical(off)).toBe(canonical(inThread));
    return;
  }
  const { locate: a, ...offData } = off;
  const { locate: b, ...inData } = inThread;
  expect(offData).toEqual(inData);
  expect(canonical(offData)).toBe(canonical(inData));
  const asked = [...paths(inThread.submission), ...ODD_PATHS];
  expect(asked.map((p) => [p, a(p)])).toEqual(asked.map((p) => [p, b(p)]));
}

const RICH_ROWS = {
  ...VALID_ROWS,
  contracts: [0, 1, 2].map((i) => ({ ...VALID_ROWS.contracts![0]!, registrationNumber: `202423010000012${i}`, buyerName: `买方${i}` })),
  receipts: [
    { registrationNumber: "2024230100000122", date: "2024-04-01", amount: 1 },
    { registrationNumber: "2024230100000120", date: "2024-04-02", amount: 2 },
    { registrationNumber: "2024230100000122", date: "2024-04-03", amount: 3 },
  ],
};

describe("the same answer in-thread and off-thread", () => {
  test("valid workbooks (one row, several contracts and receipts, the largest within the bounds)", async () => {
    for (const bytes of [await validWorkbook(), await validWorkbook(RICH_ROWS), await largestWithinLimits()]) {
      const off = await readSubmissionWorkbookOffThread(bytes);
      expect(off.ok).toBe(true);
      expectSame(off, await readSubmissionWorkbook(bytes));
    }
  });

  test("locate names the receipt and contract cells of a workbook with several of each", async () => {
    const off = await readSubmissionWorkbookOffThread(await validWorkbook(RICH_ROWS));
    if (!off.ok) throw new Error(JSON.stringify(off.issues));
    // contracts.2 is the third contract (row 4); its receipts are the 1st and 3rd receipt rows (rows 2 and 4).
    expect(off.locate("contracts.2.buyer.name")).toEqual({ sheet: expect.stringContaining("Contracts"), cell: "C4" });
    expect(off.locate("contracts.2.receipts.1.amount")?.cell).toMatch(/^[A-Z]+4$/);
    expect(off.locate("contracts.0.receipts.0.date")?.cell).toMatch(/^[A-Z]+3$/);
    expect(off.locate("instituteId")).toEqual({ sheet: expect.any(String), cell: expect.stringMatching(/^B\d+$/) });
  });

  test.each(HOSTILE_WORKBOOKS.map((h) => [h.name, h] as const))("hostile: %s", async (_name, h) => {
    const bytes = await h.build();
    const off = await readSubmissionWorkbookOffThread(bytes);
    expect(off.ok).toBe(false);
    if (!off.ok) expect(off.issues.map((i) => i.code)).toContain(h.code);
    expectSame(off, await readSubmissionWorkbook(bytes));
  });

  test("provincial staff's indicator workbook: the downloaded template and every hostile case read the same on a thread", async () => {
    // every row of the downloaded template filled in, as provincial staff send it back
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await indicatorWorkbookBuffer("CN-HE", 2024, [], () => "row-id")) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(INDICATOR_SHEET)!;
    for (let r = INDICATOR_HEADER_ROW + 1; r <= ws.rowCount; r++) {
      if (!ws.getCell(r, indicatorColumn("metric")).value) continue;
      ws.getCell(r, indicatorColumn("value")).value = 5;
      ws.getCell(r, indicatorColumn("sourceText")).value = "统计来源";
      ws.getCell(r, indicatorColumn("sourceDate")).value = "2025-02-01";
    }
    const filled = new Uint8Array(await wb.xlsx.writeBuffer());
    const off = await readIndicatorWorkbookOffThread(filled);
    if (!off.ok) throw new Error(JSON.stringify(off.issues));
    expect(off.rows.length).toBeGreaterThan(0);
    expect(canonical(off)).toBe(canonical(await readIndicatorWorkbook(filled)));
    for (const h of HOSTILE_WORKBOOKS) {
      const bytes = await h.build();
      const hostile = await readIndicatorWorkbookOffThread(bytes);
      expect(hostile.ok).toBe(false);
      expect(canonical(hostile)).toBe(canonical(await readIndicatorWorkbook(bytes)));
    }
  });

  test("the caller's bytes are copied, not detached", async () => {
    const bytes = await validWorkbook();
    const length = bytes.byteLength;
    await readSubmissionWorkbookOffThread(bytes);
    expect(bytes.byteLength).toBe(length);
    expect((await readSubmissionWorkbook(bytes)).ok).toBe(true);
  });
});

describe("bounded and healing", () => {
  const failure = async (p: Promise<unknown>): Promise<WorkbookReadFailure> => {
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(WorkbookReadFailure);
    return e as WorkbookReadFailure;
  };

  test("a full queue: the reads beyond threads + queue are 503 WORKBOOK_READER_BUSY at once; the others are read", async () => {
    await closeWorkbookReaders();
    process.env.TT_WORKBOOK_THREADS = "1";
    process.env.TT_WORKBOOK_QUEUE = "2";
    const bytes = await validWorkbook();
    const settled = await Promise.allSettled(Array.from({ length: 8 }, () => readSubmissionWorkbookOffThread(bytes)));
    const read = settled.filter((s) => s.status === "fulfilled");
    const refused = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as WorkbookReadFailure] : []));
    expect(read.length).toBe(3); // one thread + two waiting
    expect(refused.length).toBe(5);
    for (const e of refused) {
      expect(e).toBeInstanceOf(WorkbookReadFailure);
      expect([e.status, e.code, e.retryAfterSeconds]).toEqual([503, "WORKBOOK_READER_BUSY", 5]);
      expect(e.text.zh).toMatch(/队列已满/);
      expect(e.text.en).toMatch(/queue is full/);
    }
    await closeWorkbookReaders();
  });

  test("a read out of time is 503 WORKBOOK_READER_BUSY; the thread is replaced and the next read answers", async () => {
    process.env.TT_WORKBOOK_READ_TIMEOUT_MS = "1";
    const e = await failure(readSubmissionWorkbookOffThread(await largestWithinLimits()));
    expect([e.status, e.code, e.retryAfterSeconds]).toEqual([503, "WORKBOOK_READER_BUSY", 5]);
    expect(e.text.zh).toMatch(/秒内未能读完/);
    expect(e.text.en).toMatch(/could not finish reading/);
    delete process.env.TT_WORKBOOK_READ_TIMEOUT_MS;
    expect((await readSubmissionWorkbookOffThread(await validWorkbook())).ok).toBe(true);
  });

  test("a thread out of memory is 413 WORKBOOK_TOO_COMPLEX; the pool starts a new thread and reads the next file", async () => {
    await closeWorkbookReaders();
    process.env.TT_WORKBOOK_HEAP_MB = "40"; // enough for the template, not for 5,000 contracts
    expect(workbookReaderSettings().heapMB).toBe(40);
    const e = await failure(readSubmissionWorkbookOffThread(await largestWithinLimits()));
    expect([e.status, e.code, e.retryAfterSeconds]).toEqual([413, "WORKBOOK_TOO_COMPLEX", undefined]);
    expect(e.text.zh).toMatch(/内存超过上限（40 MB）/);
    expect(e.text.en).toMatch(/more memory than the limit \(40 MB\)/);
    expect((await readSubmissionWorkbookOffThread(await validWorkbook())).ok).toBe(true);
    expect(workbookReaderStats().threads).toBeGreaterThanOrEqual(1);
    await closeWorkbookReaders();
  });

  test("TT_WORKBOOK_READER=inline reads in-thread with the same answer", async () => {
    process.env.TT_WORKBOOK_READER = "inline";
    const bytes = await validWorkbook(RICH_ROWS);
    expectSame(await readSubmissionWorkbookOffThread(bytes), await readSubmissionWorkbook(bytes));
  });
});

describe("over HTTP", () => {
  let api: LocalApi;
  let hlj001: string;
  let largest: Uint8Array;
  beforeAll(async () => {
    // built before the host starts, so no keep-alive connection sits idle while this process builds it
    largest = await largestWithinLimits();
    api = await startLocalApi();
    hlj001 = await api.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" });
  });
  afterAll(() => api.close());
  const upload = (bytes: Uint8Array) =>
    fetch(`${api.url}/submissions/xlsx`, {
      method: "POST",
      headers: { authorization: `Bearer ${hlj001}`, "content-type": XLSX_TYPE },
      body: Buffer.from(bytes),
    });

  test("a read out of time → 503 WORKBOOK_READER_BUSY with Retry-After, nothing stored; the same file then → 201", async () => {
    const bytes = await validWorkbook(VALID_ROWS, "reader-pool-503");
    process.env.TT_WORKBOOK_READ_TIMEOUT_MS = "1";
    const busy = await upload(bytes);
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("5");
    const body = await busy.json();
    expect(body.code).toBe("WORKBOOK_READER_BUSY");
    expect(body.message.zh).toMatch(/未保存任何内容/);
    expect(body.message.en).toMatch(/Nothing was stored/);
    const missing = await fetch(`${api.url}/submissions/reader-pool-503`, { headers: { authorization: `Bearer ${hlj001}` } });
    expect(missing.status).toBe(404);
    delete process.env.TT_WORKBOOK_READ_TIMEOUT_MS;
    const stored = await upload(bytes);
    expect(stored.status).toBe(201);
  });

  test("/health is answered while the largest bounded workbook is read (the read is off the event loop)", async () => {
    const order: string[] = [];
    const pending = upload(largest).then(async (r) => {
      order.push("upload");
      return r;
    });
    // The read starts on a reader thread; the API's loop is free, so health answers before the upload does.
    await new Promise((r) => setTimeout(r, 50));
    const health = await fetch(`${api.url}/health`);
    order.push("health");
    expect(health.status).toBe(200);
    const r = await pending;
    expect(r.status).toBeLessThan(500);
    expect(order).toEqual(["health", "upload"]);
  });
});
