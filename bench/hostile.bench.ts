/**
 * P6 (issue 14): hostile workbooks are refused fast, in bounded memory, without holding the event loop.
 * Every workbook of bench/hostile-workbooks.ts is read by the upload path's reader — now on a reader
 * thread (readSubmissionWorkbookOffThread, packages/workbook/src/node/read-pool.ts: bounds from the zip
 * directory and a streamed count, then exceljs only if they pass) — while `perf_hooks.monitorEventLoopDelay`
 * (1 ms resolution) watches THIS thread's loop (the API's) and its heap is sampled every 5 ms; the reader
 * thread reports its own heap at the end of each read. Reported: the worst case's refusal time, peak heap
 * (API thread + reader thread) and max event-loop delay against the goals (< 2 s, < 512 MB, < 100 ms),
 * the same for the largest valid workbook the bounds let through, every case's numbers, and the latency of
 * a small (one-row) workbook.
 *
 * Baselines (named, measured in the same run):
 * - in-thread: the same reader on the API's own thread (readSubmissionWorkbook, how uploads were read
 *   before the reader threads), same workbooks, same monitor;
 * - before the bounds: exceljs `load` and the old rows × columns walk on the issue's workbook (one cell
 *   at XFD2, one at A2000), in a child process limited to 512 MB of heap and 20 s.
 *
 *   npx tsx bench/hostile.bench.ts     (alone; `npm run bench -- hostile` writes it with the others)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PerformanceObserver, monitorEventLoopDelay, performance } from "node:perf_hooks";
import {
  closeWorkbookReaders,
  readSubmissionWorkbook,
  readSubmissionWorkbookMeasured,
  workbookReaderSettings,
  type OffThreadRead,
} from "@tt/workbook/node";
import { HOSTILE_WORKBOOKS, largestWithinLimits, validWorkbook } from "./hostile-workbooks";

interface Measure {
  name: string;
  ms: number;
  /** Peak heap of the API thread, sampled every 5 ms, plus the reader thread's heap (0 in-thread). */
  heapMB: number;
  loopMaxMs: number;
  /** Longest garbage-collection pause of the API thread during the read. */
  gcMaxMs: number;
  outcome: string;
}

/** Longest GC pause of this thread since the last call (the API thread's own pauses, not the reader's). */
let gcMax = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMax = Math.max(gcMax, e.duration);
}).observe({ entryTypes: ["gc"] });
const takeGcMax = () => {
  const m = gcMax;
  gcMax = 0;
  return m;
};

/** Max event-loop delay of this thread doing nothing for `ms`: what the shared machine alone causes. */
async function idleLoop(ms: number): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await new Promise((r) => setTimeout(r, ms));
  h.disable();
  return h.max / 1e6;
}

type Reader = (bytes: Uint8Array) => Promise<OffThreadRead>;
const inThread: Reader = async (bytes) => ({ result: await readSubmissionWorkbook(bytes), workerHeapMB: 0 });
const offThread: Reader = (bytes) => readSubmissionWorkbookMeasured(bytes);

async function measure(name: string, bytes: Uint8Array, read: Reader): Promise<Measure> {
  if (global.gc) global.gc();
  const h = monitorEventLoopDelay({ resolution: 1 });
  let heap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (heap = Math.max(heap, process.memoryUsage().heapUsed)), 5);
  takeGcMax();
  h.enable();
  const t0 = performance.now();
  const { result, workerHeapMB } = await read(bytes);
  const ms = performance.now() - t0;
  h.disable();
  clearInterval(sampler);
  heap = Math.max(heap, process.memoryUsage().heapUsed);
  return {
    name,
    ms,
    heapMB: heap / 2 ** 20 + workerHeapMB,
    loopMaxMs: h.max / 1e6,
    gcMaxMs: takeGcMax(),
    outcome: result.ok ? "read (passed the bounds)" : [...new Set(result.issues.map((i) => i.code))].slice(0, 2).join(", "),
  };
}

/** The median of n reads of one small workbook, and the first (which starts the reader thread). */
async function smallLatency(bytes: Uint8Array, read: Reader, n: number): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await read(bytes);
    times.push(performance.now() - t0);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  return { first: times[0]!, median: rest[Math.floor(rest.length / 2)]! };
}

/** The pre-bounds reader on the issue's workbook, in a child with 512 MB of heap and 20 s. */
function baseline(bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tt-p6-"));
  const file = path.join(dir, "xfd2.xlsx");
  writeFileSync(file, bytes);
  const script = path.join(dir, "old-reader.js");
  writeFileSync(
    script,
    `const ExcelJS = require(${JSON.stringify(require.resolve("exceljs"))});
     (async () => {
       const t0 = Date.now();
       const wb = new ExcelJS.Workbook();
       await wb.xlsx.readFile(${JSON.stringify(file)});
       let cells = 0;
       for (const ws of wb.worksheets) {
         const width = Math.max(ws.columnCount, 1);
         for (let r = 1; r <= ws.rowCount; r++) for (let c = 1; c <= width; c++) { ws.getRow(r).getCell(c).value; cells++; }
       }
       console.log(JSON.stringify({ ms: Date.now() - t0, cells, heapMB: process.memoryUsage().heapUsed / 2 ** 20 }));
     })();`,
  );
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--max-old-space-size=512", script], { timeout: 20_000, encoding: "utf8" });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") return `not finished after ${s} s (killed)`;
  if (r.status !== 0)
    return `died after ${s} s (${/heap out of memory/i.test(r.stderr) ? "JavaScript heap out of memory at 512 MB" : `exit ${r.status ?? r.signal}`})`;
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
  return `${(out.ms / 1000).toFixed(1)} s, ${out.cells.toLocaleString("en")} cells visited, heap ${out.heapMB.toFixed(0)} MB`;
}

interface Suite {
  results: Measure[];
  worst: Measure;
  maxHeap: number;
  maxLoop: number;
  largest: Measure;
}

async function suite(read: Reader, cases: { name: string; bytes: Uint8Array }[], largest: Uint8Array): Promise<Suite> {
  const results: Measure[] = [];
  for (const c of cases) results.push(await measure(c.name, c.bytes, read));
  return {
    results,
    worst: results.reduce((a, b) => (b.ms > a.ms ? b : a)),
    maxHeap: Math.max(...results.map((r) => r.heapMB)),
    maxLoop: Math.max(...results.map((r) => r.loopMaxMs)),
    largest: await measure("largest workbook within the bounds (5,000 contracts, 1,500 receipts)", largest, read),
  };
}

export async function run(): Promise<string> {
  const cases: { name: string; bytes: Uint8Array }[] = [];
  for (const h of HOSTILE_WORKBOOKS) cases.push({ name: h.name, bytes: await h.build() });
  const issueCase = cases.find((c) => c.name.startsWith("one cell at XFD2"))?.bytes ?? null;
  const largestBytes = await largestWithinLimits();
  const small = await validWorkbook();

  // Off-thread first, from a cold pool: the first read pays for starting the reader thread.
  await closeWorkbookReaders();
  const smallOff = await smallLatency(small, offThread, 21);
  const off = await suite(offThread, cases, largestBytes);
  await closeWorkbookReaders();
  const smallIn = await smallLatency(small, inThread, 21);
  const base = await suite(inThread, cases, largestBytes);
  const idle = await idleLoop(10_000);
  const before = issueCase ? baseline(issueCase) : "n/a";
  const mark = (ok: boolean) => (ok ? "met" : "**NOT met**");
  const s = workbookReaderSettings();
  const both = [...off.results, off.largest];
  const p6Loop = Math.max(...both.map((r) => r.loopMaxMs));
  const p6Heap = Math.max(...both.map((r) => r.heapMB));
  const f = (n: number) => n.toFixed(0);

  const lines = [
    "## P6: hostile workbooks (issue 14)",
    "",
    `${cases.length} hostile workbooks (bench/hostile-workbooks.ts) and the largest valid workbook the bounds let through, read by the upload path's reader on a reader thread (piscina, ${s.threads} threads, ${s.heapMB} MB heap cap each, packages/workbook/src/node/read-pool.ts) while monitorEventLoopDelay (1 ms resolution) watches the API's thread; heap = the API thread's peak (sampled every 5 ms) + the reader thread's heap at the end of the read. Baseline: the same reader on the API's own thread (how uploads were read before), same workbooks, same run.`,
    "",
    "| measure | reader thread (now) | in-thread (baseline) | goal | |",
    "|---|---:|---:|---:|---|",
    `| refusal time, slowest hostile case | ${f(off.worst.ms)} ms (${off.worst.name}) | ${f(base.worst.ms)} ms (${base.worst.name}) | < 2,000 ms | ${mark(off.worst.ms < 2000)} |`,
    `| peak heap, any hostile case | ${f(off.maxHeap)} MB | ${f(base.maxHeap)} MB | < 512 MB | ${mark(off.maxHeap < 512)} |`,
    `| max event-loop delay, any hostile case | ${f(off.maxLoop)} ms | ${f(base.maxLoop)} ms | < 100 ms | ${mark(off.maxLoop < 100)} |`,
    `| largest valid workbook: read time | ${f(off.largest.ms)} ms | ${f(base.largest.ms)} ms |  |  |`,
    `| largest valid workbook: peak heap | ${f(off.largest.heapMB)} MB | ${f(base.largest.heapMB)} MB | < 512 MB | ${mark(off.largest.heapMB < 512)} |`,
    `| largest valid workbook: max event-loop delay | ${f(off.largest.loopMaxMs)} ms | ${f(base.largest.loopMaxMs)} ms | < 100 ms | ${mark(off.largest.loopMaxMs < 100)} |`,
    `| small workbook (1 row each): median of 20 reads | ${smallOff.median.toFixed(1)} ms | ${smallIn.median.toFixed(1)} ms | ratio ${(smallOff.median / smallIn.median).toFixed(2)}× |  |`,
    `| small workbook: first read (starts the reader thread) | ${f(smallOff.first)} ms | ${f(smallIn.first)} ms |  |  |`,
    `| longest GC pause of the API thread, any read | ${f(Math.max(...both.map((r) => r.gcMaxMs)))} ms | ${f(Math.max(...base.results.map((r) => r.gcMaxMs), base.largest.gcMaxMs))} ms |  |  |`,
    `| max event-loop delay of the API thread doing nothing for 10 s (the shared machine alone) | ${f(idle)} ms |  |  |  |`,
    "",
    `**P6:** ${mark(off.worst.ms < 2000 && p6Heap < 512 && p6Loop < 100)} — slowest refusal ${f(off.worst.ms)} ms, peak heap ${f(p6Heap)} MB, max event-loop delay ${f(p6Loop)} ms over every hostile case and the largest valid workbook, read off the API's thread.`,
    "",
    `Baseline before the bounds (exceljs load + rows × columns walk) on the issue's 17 KB workbook with one cell at XFD2 and one at A2000, in a child process with 512 MB of heap: **${before}**.`,
    "",
    "<details><summary>Every case (reader thread; in-thread baseline in brackets)</summary>",
    "",
    "| workbook | ms | peak heap MB | max loop delay ms | longest GC pause ms | refused with |",
    "|---|---:|---:|---:|---:|---|",
    ...[...off.results, off.largest].map((r, i) => {
      const b = [...base.results, base.largest][i]!;
      return `| ${r.name} | ${f(r.ms)} (${f(b.ms)}) | ${f(r.heapMB)} (${f(b.heapMB)}) | ${f(r.loopMaxMs)} (${f(b.loopMaxMs)}) | ${f(r.gcMaxMs)} (${f(b.gcMaxMs)}) | ${r.outcome}${r.outcome === b.outcome ? "" : ` (in-thread: ${b.outcome})`} |`;
    }),
    "",
    "</details>",
  ];
  await closeWorkbookReaders();
  return lines.join("\n") + "\n";
}

if (require.main === module) {
  run().then(
    (md) => console.log(md),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
