/**
 * `npm run bench`: runs every bench/*.bench.ts in one process, one after the other (so they do not
 * compete for the two cores), and writes their sections to bench/RESULTS.md with the machine they ran on.
 * Each benchmark compares against a named baseline inside the same run; nothing here is a test.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";

// The raw-scan baseline reads tens of MB in one query at 10,000 institutes: a longer store deadline (and with it
// the SDK's request timeout) than the API's 5 s default keeps a busy shared machine from cutting it off. Set
// before the benchmarks are imported (repository.ts reads it once); it only matters when a call is that slow.
process.env.STORE_TIMEOUT_MS ??= "30000";

// A late failure of an abandoned store call must not end the whole run: print it (with where it came from) and go on.
process.on("unhandledRejection", (e) => console.error("bench: unhandled rejection (continuing):", e instanceof Error ? e.stack : e));

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const sections: string[] = [];
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(" / ");
  const loadBefore = load();
  for (const file of files) {
    console.log(`bench: ${file}`);
    const mod = (await import(join(__dirname, file))) as { run: () => Promise<string> };
    const started = Date.now();
    sections.push(await mod.run());
    console.log(`bench: ${file} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const header = [
    "# Benchmark results",
    "",
    `Run with \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB.`,
    `Load average (1 / 5 / 15 min) at the start ${loadBefore}, at the end ${load()}: the machine is shared, so absolute times move with it; each ratio compares two measurements taken minutes apart at most.`,
    "Each section compares against its named baseline in the same run. Numbers vary from machine to machine; ratios are what to compare.",
    "",
  ];
  const out = [...header, ...sections].join("\n");
  if (only.length === 0) writeFileSync(join(__dirname, "RESULTS.md"), out + "\n");
  console.log(out);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
