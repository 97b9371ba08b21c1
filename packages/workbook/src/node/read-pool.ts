/**
 * Uploaded workbooks are read on worker threads, never on the API's event loop. exceljs parses
 * synchronously (about 1 s for the largest workbook the bounds of limits.ts let through, on 2 shared
 * cores), and the bounds check itself scans every row; on the event loop that pause stalls every other
 * request of the process. A small piscina pool runs the whole read (read-worker.ts: bounds, exceljs,
 * readSubmissionCells) and hands back plain data; `readSubmissionWorkbookOffThread` answers exactly what
 * `readSubmissionWorkbook` answers in-thread (tests/workbook/read-pool.test.ts reads the same workbooks
 * both ways).
 *
 * Bounded (workbookReaderSettings): a few threads, each with a heap cap (`resourceLimits`), a bounded
 * queue of waiting reads, and a time limit per read (queue wait included).
 * A full queue or a read that ran out of time is a retryable WORKBOOK_READER_BUSY (503 with Retry-After);
 * a thread that ran out of memory is WORKBOOK_TOO_COMPLEX (413: the same file would fail again); a thread
 * that died otherwise is WORKBOOK_READER_BUSY too. piscina replaces a terminated or dead thread, so the
 * pool heals by itself. Settings (environment): TT_WORKBOOK_THREADS, TT_WORKBOOK_QUEUE,
 * TT_WORKBOOK_READ_TIMEOUT_MS, TT_WORKBOOK_HEAP_MB, TT_WORKBOOK_NICE; TT_WORKBOOK_READER=inline reads in-thread instead.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { Piscina } from "piscina";
import type { Bilingual } from "@tt/engine";
import { locator, type ReadResult } from "../rows";
import type { IndicatorReadResult, ReadTask, ReadTaskResult, WireReadResult } from "./read-worker";
import { readSubmissionWorkbook } from "./xlsx";
import { readIndicatorWorkbook } from "./indicators-xlsx";

const setting = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/**
 * The pool's bounds, read from the environment when the pool starts (the timeout: at each read).
 * threads: at most 2 (the machine has 2 cores, and the API's own thread needs one); queue: reads waiting
 * for a thread, each holding its file (≤ 10 MB), so it bounds memory too; timeoutMs: one read from the call
 * to the answer (the largest bounded workbook takes about 1–4 s on 2 shared cores); heapMB: old-generation
 * heap of one reader thread (that workbook peaks near 100 MB).
 */
export function workbookReaderSettings(): { threads: number; queue: number; timeoutMs: number; heapMB: number; nice: number } {
  return {
    // Reader threads run at a lower priority (Linux nice, per thread): when the cores are busy, the API's
    // own thread is scheduled first, so a read slows down rather than delaying every other request.
    nice: setting("TT_WORKBOOK_NICE", 10),
    threads: setting("TT_WORKBOOK_THREADS", Math.max(1, Math.min(2, availableParallelism()))),
    queue: setting("TT_WORKBOOK_QUEUE", 8),
    timeoutMs: setting("TT_WORKBOOK_READ_TIMEOUT_MS", 30_000),
    heapMB: setting("TT_WORKBOOK_HEAP_MB", 256),
  };
}
export const WORKBOOK_BUSY_RETRY_AFTER_SECONDS = 5;

/** The reader could not answer: the HTTP status to give, a stable code, zh and en, and Retry-After for 503. */
export class WorkbookReadFailure extends Error {
  constructor(
    readonly status: 413 | 503,
    readonly code: "WORKBOOK_READER_BUSY" | "WORKBOOK_TOO_COMPLEX",
    readonly text: Bilingual,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${code}: ${text.en}`);
    this.name = "WorkbookReadFailure";
  }
}

const busy = (why: Bilingual) =>
  new WorkbookReadFailure(
    503,
    "WORKBOOK_READER_BUSY",
    {
      zh: `${why.zh}未保存任何内容。请在 ${WORKBOOK_BUSY_RETRY_AFTER_SECONDS} 秒后重新上传同一文件（重复上传是安全的）；如果多次出现，请按报告期拆分工作簿。`,
      en: `${why.en} Nothing was stored. Upload the same file again after ${WORKBOOK_BUSY_RETRY_AFTER_SECONDS} seconds (uploading it twice is safe); if this keeps happening, split the workbook by period.`,
    },
    WORKBOOK_BUSY_RETRY_AFTER_SECONDS,
  );

const tooComplex = (heapMB: number) =>
  new WorkbookReadFailure(413, "WORKBOOK_TOO_COMPLEX", {
    zh: `读取该工作簿所需的内存超过上限（${heapMB} MB），未保存任何内容。请删除多余的工作表、图片、格式和空行，或按报告期（H1/H2 或 Q1–Q4）分开报送，每份使用新下载的模板。`,
    en: `Reading this workbook needs more memory than the limit (${heapMB} MB); nothing was stored. Remove extra sheets, pictures, formatting and empty rows, or split it by period (H1/H2 or Q1–Q4), each in a freshly downloaded template.`,
  });

interface Pool {
  readers: Piscina<ReadTask, ReadTaskResult>;
  heapMB: number;
  /** Reads running or waiting, and how many may be: counted here (piscina does not bound its queue for tasks with an abort signal). */
  inFlight: number;
  capacity: number;
}
let pool: Pool | null = null;

function readers(): Pool {
  if (pool) return pool;
  const s = workbookReaderSettings();
  const readers = new Piscina<ReadTask, ReadTaskResult>({
    filename: path.join(__dirname, "read-worker-entry.js"),
    minThreads: 1,
    maxThreads: s.threads,
    maxQueue: s.queue,
    idleTimeout: 60_000,
    niceIncrement: s.nice,
    resourceLimits: { maxOldGenerationSizeMb: s.heapMB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
  pool = { readers, heapMB: s.heapMB, inFlight: 0, capacity: s.threads + s.queue };
  return pool;
}

/**
 * Starts the pool and its first thread now (it loads exceljs and the reader, a few seconds on a cold
 * machine), so that the first upload does not wait for it. Called by the Functions entry and `npm start`.
 */
export function warmWorkbookReaders(): void {
  if (process.env.TT_WORKBOOK_READER !== "inline") readers();
}

/** Stops the reader threads (tests, shutdown); the next read starts a new pool. */
export async function closeWorkbookReaders(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.readers.destroy();
}

/** Threads alive and reads waiting (health and tests). */
export function workbookReaderStats(): { threads: number; queued: number } {
  return { threads: pool?.readers.threads.length ?? 0, queued: Math.max(0, (pool?.inFlight ?? 0) - (pool?.readers.threads.length ?? 0)) };
}

export interface OffThreadRead {
  result: ReadResult;
  /** Heap of the reading thread at the end of the read (MB); 0 when read in-thread. */
  workerHeapMB: number;
}

/**
 * `readSubmissionWorkbook` on a reader thread: the same ReadResult, or a WorkbookReadFailure when no
 * thread could answer (see above). The caller's bytes are copied, never detached.
 */
export async function readSubmissionWorkbookOffThread(data: ArrayBuffer | Uint8Array): Promise<ReadResult> {
  return (await readSubmissionWorkbookMeasured(data)).result;
}

/** As readSubmissionWorkbookOffThread, with the reading thread's heap (bench/hostile.bench.ts). */
export async function readSubmissionWorkbookMeasured(data: ArrayBuffer | Uint8Array): Promise<OffThreadRead> {
  if (process.env.TT_WORKBOOK_READER === "inline") return { result: await readSubmissionWorkbook(data), workerHeapMB: 0 };
  const answer = await runRead(data, "submission");
  const r = answer.result as WireReadResult;
  return { result: r.ok ? { ...r, locate: locator(r.where) } : r, workerHeapMB: answer.heapMB };
}

/** `readIndicatorWorkbook` (provincial staff's indicator upload) on a reader thread, with the same bounds and failures. */
export async function readIndicatorWorkbookOffThread(data: Uint8Array): Promise<IndicatorReadResult> {
  if (process.env.TT_WORKBOOK_READER === "inline") return readIndicatorWorkbook(data);
  return (await runRead(data, "indicators")).result as IndicatorReadResult;
}

/** One read on the pool: bounded queue, time limit, failures mapped to WorkbookReadFailure. The caller's bytes are copied. */
async function runRead(data: ArrayBuffer | Uint8Array, kind: NonNullable<ReadTask["kind"]>): Promise<ReadTaskResult> {
  const bytes = data instanceof Uint8Array ? data.slice() : new Uint8Array(data.slice(0));
  const { timeoutMs } = workbookReaderSettings();
  const p = readers();
  if (p.inFlight >= p.capacity) throw queueFull();
  p.inFlight++;
  try {
    return await p.readers.run({ bytes, kind }, { transferList: [bytes.buffer], signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw failureOf(e, timeoutMs, p.heapMB);
  } finally {
    p.inFlight--;
  }
}

const queueFull = () =>
  busy({ zh: "服务器正在读取其他上传的工作簿，队列已满。", en: "The server is reading other uploaded workbooks and its queue is full." });

function failureOf(e: unknown, timeoutMs: number, heapMB: number): WorkbookReadFailure {
  const err = e as { name?: string; code?: string; message?: string };
  if (err?.code === "ERR_WORKER_OUT_OF_MEMORY") return tooComplex(heapMB);
  if (err?.name === "AbortError")
    return busy({
      zh: `服务器在 ${Math.ceil(timeoutMs / 1000)} 秒内未能读完该工作簿（同时上传的文件较多）。`,
      en: `The server could not finish reading the workbook within ${Math.ceil(timeoutMs / 1000)} s (many uploads at once).`,
    });
  if (/queue is at limit/i.test(err?.message ?? "")) return queueFull();
  return busy({
    zh: "读取工作簿的线程意外退出（已自动替换）。",
    en: "The thread reading the workbook stopped unexpectedly (it has been replaced).",
  });
}
