import { startEmbeddedCosmos } from "../functions/local/embedded-cosmos";
import { Repository } from "../functions/lib/repository";
import { buildDocument } from "../functions/lib/submission-ops";
import { summaryEntryOf } from "../functions/lib/summaries";
import { SUBMISSION_EXAMPLE } from "../functions/lib/examples";
import { submission, SECTOR_IDS } from "../shared/src";
import type { SummaryDoc } from "../functions/lib/documents";

async function main() {
  const cosmos = await startEmbeddedCosmos(0);
  const repo = await Repository.open(cosmos);
  let seeded = 0;
  const t = (ms: number) => ms.toFixed(1);
  for (const size of [100, 1000, 10000]) {
    const batch: SummaryDoc[] = [];
    const ids = Array.from({ length: size - seeded }, (_, i) => `BN-${String(seeded + i + 1).padStart(5, "0")}`);
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < ids.length) {
        const instituteId = ids[next++]!;
        await repo.upsertInstitute({ id: instituteId, instituteId, name: { zh: instituteId, en: instituteId }, region: "CN-HL", city: "哈尔滨", type: "research-institute" });
        const base = structuredClone(SUBMISSION_EXAMPLE);
        const sub = submission.parse({ ...base, submissionId: `bench-${instituteId}`, instituteId, region: "CN-HL", year: 2024,
          achievements: Array.from({ length: 5 }, (_, i) => ({ ...base.achievements[0]!, title: `t${i}`, sector: SECTOR_IDS[i % SECTOR_IDS.length]!, year: 2024, date: "2024-05-20" })),
          contracts: base.contracts.map((c, i) => ({ ...c, registrationNumber: `20249${instituteId.slice(3)}${i}000`, signedDate: "2024-03-15", receipts: [{ date: "2024-04-01", amount: "800000" }] })) });
        const doc = buildDocument({ action: "create", by: { subject: "m", roles: ["admin"] }, previous: null, submission: sub, status: "submitted" });
        const stored = await repo.createSubmission(doc);
        batch.push({ id: "", docType: "summary", region: "CN-HL", instituteId, year: 2024, period: "Y", entries: { [stored.id]: summaryEntryOf(stored) }, updatedAt: "" });
      }
    }));
    await repo.upsertSummaries(batch);
    while ((await repo.sweep()) > 0);
    seeded = size;
    const med = async (f: () => Promise<unknown>) => { const xs: number[] = []; for (let i = 0; i < 5; i++) { const s = performance.now(); await f(); xs.push(performance.now() - s); } return xs.sort((a, b) => a - b)[2]!; };
    const rollup = await med(() => repo.listSummaries("CN-HL", 2020, 2024));
    const register = await med(() => repo.institutesOf("CN-HL"));
    const scan = await med(() => repo.scanSubmissions("CN-HL", 2020, 2024));
    const r = repo as any;
    const shardsOnly = await med(() => r.summaries.items.query({ query: "SELECT * FROM c WHERE c.region = @r AND c.year >= 2020 AND c.year <= 2024", parameters: [{ name: "@r", value: "CN-HL" }] }).fetchAll());
    const overlayOnly = await med(() => r.submissions.items.query({ query: "SELECT c.submissionId FROM c WHERE c.region = @r AND c.year >= 2020 AND c.year <= 2024 AND c.rollupPending = true", parameters: [{ name: "@r", value: "CN-HL" }] }).fetchAll());
    console.log(`  shards query ${t(shardsOnly)} ms, overlay query ${t(overlayOnly)} ms`);
    console.log(`institutes ${size}: listSummaries (rollup+overlay) ${t(rollup)} ms | institutesOf ${t(register)} ms | raw scan ${t(scan)} ms | scan/rollup ${(scan / rollup).toFixed(1)}x`);
  }
  repo.dispose();
  await cosmos.close();
}
main();
