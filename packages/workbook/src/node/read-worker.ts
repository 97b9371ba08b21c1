/**
 * The task a workbook-reader thread runs (read-pool.ts): the whole upload read — the bounds of limits.ts,
 * exceljs `load` and readSubmissionCells — exactly as `readSubmissionWorkbook` does it in-thread, so the
 * answer is the same (or, for `kind: "indicators"`, exactly `readIndicatorWorkbook`); only `locate` (a function, which cannot cross threads) is left out and rebuilt from
 * `where` by the caller. Loaded by read-worker-entry.js.
 */
import { getHeapStatistics } from "node:v8";
import type { ReadResult } from "../rows";
import { readSubmissionWorkbook } from "./xlsx";
import { readIndicatorWorkbook } from "./indicators-xlsx";

/** ReadResult as it crosses the thread boundary: plain data only. */
export type WireReadResult = Exclude<ReadResult, { ok: true }> | Omit<Extract<ReadResult, { ok: true }>, "locate">;
/** An indicator workbook's read (plain data already). */
export type IndicatorReadResult = Awaited<ReturnType<typeof readIndicatorWorkbook>>;

export interface ReadTask {
  bytes: Uint8Array;
  /** Which template the upload is (default: an institute's submission workbook). */
  kind?: "submission" | "indicators";
}

export interface ReadTaskResult {
  result: WireReadResult | IndicatorReadResult;
  /** Largest heap the thread's isolate held at the end of a stage of this read (MB), for the benchmark. */
  heapMB: number;
}

export async function readTask(task: ReadTask): Promise<ReadTaskResult> {
  if (task.kind === "indicators") {
    const result = await readIndicatorWorkbook(task.bytes);
    return { result, heapMB: getHeapStatistics().used_heap_size / 2 ** 20 };
  }
  const result = await readSubmissionWorkbook(task.bytes);
  const heapMB = getHeapStatistics().used_heap_size / 2 ** 20;
  if (!result.ok) return { result, heapMB };
  const { locate: _locate, ...plain } = result;
  return { result: plain, heapMB };
}
