/**
 * The durable local store (functions/local/journal.ts) against its baseline, the in-memory embedded
 * Cosmos DB, in the same run, through the same local API host and real HTTP:
 *   1. submissions accepted per second at concurrency 1, 8 and 32, p50/p99 latency, journal off vs on
 *      (on = every acknowledged write fdatasync'd to the journal first; flushes shared by concurrent writers);
 *   2. the journal it leaves: records, bytes, fdatasyncs per accepted submission;
 *   3. restart: replay + compaction time for that journal, and the documents restored.
 * `run()` returns a markdown section (bench/run.ts writes it to bench/RESULTS.md);
 * `npx tsx bench/durable.bench.ts` runs it alone. A few minutes on 2 cores.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startApi, type ApiHandle } from "../scripts/local-host";
import { startDurableCosmos, startEmbeddedCosmos } from "../functions/local/embedded-cosmos";
import { signDevToken } from "../functions/local/dev-key";
import { aSubmission, ms, pool, quantile, registerInstitutes } from "./support";

let registered = 0;

const LOADS = [
  [1, 120],
  [8, 320],
  [32, 480],
] as const;

interface Row {
  concurrency: number;
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * One load against one API: `count` POSTs at `concurrency`, each a first submission of its own registered
 * institute (an institute holds one submission per period: repeating one would measure 409 refusals).
 */
async function ingest(api: ApiHandle, headers: Record<string, string>, concurrency: number, count: number): Promise<Row> {
  const ids = Array.from({ length: count }, () => `DUR-${String(++registered).padStart(6, "0")}`);
  await registerInstitutes(api.services.repo, ids, { zh: "持久化基准机构", en: "Durable bench" });
  const url = api.url;
  const bodies = ids.map((instituteId) => JSON.stringify(aSubmission("durable", instituteId, 2023)));
  const latencies: number[] = [];
  let failures = 0;
  const t0 = performance.now();
  await pool(bodies, concurrency, async (body) => {
    const s = performance.now();
    const r = await fetch(`${url}/submissions`, { method: "POST", headers, body });
    await r.arrayBuffer();
    if (r.status !== 201) failures++;
    latencies.push(performance.now() - s);
  });
  const seconds = (performance.now() - t0) / 1000;
  // a refused request is not an accepted one: a rate over refusals measures nothing this section claims
  if (failures) throw new Error(`durable bench: ${failures} of ${count} submissions not accepted at concurrency ${concurrency}`);
  return { concurrency, count, perSecond: count / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

export async function run(): Promise<string> {
  const keyDir = mkdtempSync(path.join(tmpdir(), "tt-bench-key-"));
  const dataDir = mkdtempSync(path.join(tmpdir(), "tt-bench-data-"));
  const lines: string[] = [];
  try {
    // baseline (in memory) and journal side by side; each load runs on one then the other, alternating
    // which goes first, so both see the same machine (this one is shared).
    const memory = await startEmbeddedCosmos(0);
    const durable = await startDurableCosmos({ dataDir, log: () => undefined });
    const journal = durable.journalFile;
    const apis = [
      await startApi({ port: 0, cosmos: memory, devKeyDir: keyDir, log: () => undefined }),
      await startApi({ port: 0, cosmos: durable, devKeyDir: keyDir, log: () => undefined }),
    ] as const;
    const token = await signDevToken({ role: "admin", subject: "bench" }, keyDir);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const off: Row[] = [];
    const on: Row[] = [];
    for (const [i, [concurrency, count]] of LOADS.entries()) {
      if (i % 2 === 0) {
        off.push(await ingest(apis[0], headers, concurrency, count));
        on.push(await ingest(apis[1], headers, concurrency, count));
      } else {
        on.push(await ingest(apis[1], headers, concurrency, count));
        off.push(await ingest(apis[0], headers, concurrency, count));
      }
    }
    const stats = durable.journalStats();
    for (const a of apis) await a.close();
    await memory.close();
    await durable.close();
    const bytes = statSync(journal).size;

    const accepted = on.reduce((a, r) => a + r.count, 0); // every request was accepted (ingest throws otherwise)
    const t0 = performance.now();
    const again = await startDurableCosmos({ dataDir, log: () => undefined });
    const restartMs = performance.now() - t0;
    const { records, documents } = again.restored;
    await again.close();

    lines.push(
      "## Durable local store (npm start): write-ahead journal vs in memory",
      "",
      "Same local API host, real HTTP, POST /api/submissions (5 achievements + 1 contract each). Baseline: the in-memory",
      "embedded Cosmos DB (`npm start -- --in-memory`). Journal: every acknowledged write appended and fdatasync'd first",
      "(group commit), see `functions/local/journal.ts`.",
      "",
      "| concurrency | requests | in memory: accepted/s | journal: accepted/s | journal ÷ memory | in memory p50 / p99 ms | journal p50 / p99 ms |",
      "|---:|---:|---:|---:|---:|---:|---:|",
      ...off.map((o, i) => {
        const j = on[i]!;
        return `| ${o.concurrency} | ${o.count} | ${o.perSecond.toFixed(0)} | ${j.perSecond.toFixed(0)} | ${(j.perSecond / o.perSecond).toFixed(2)} | ${ms(o.p50)} / ${ms(o.p99)} | ${ms(j.p50)} / ${ms(j.p99)} |`;
      }),
      "",
      `Journal after ${accepted} accepted submissions: ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${stats.records.toLocaleString("en")} records (${(stats.records / accepted).toFixed(1)} per submission) written with ${stats.flushes.toLocaleString("en")} fdatasyncs (${(stats.flushes / accepted).toFixed(2)} per submission; concurrent writers share a flush). Restart (replay ${records.toLocaleString("en")} records into a fresh server + compaction): ${(restartMs / 1000).toFixed(1)} s, ${documents.toLocaleString("en")} documents restored.`,
      "",
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(keyDir, { recursive: true, force: true });
  }
  return lines.join("\n");
}

if (require.main === module) {
  run().then(
    (s) => console.log(s),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
