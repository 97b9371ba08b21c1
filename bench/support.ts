/**
 * What the submission benchmarks share: a bounded worker pool, quantiles, the synthetic first submission
 * and the registration of one institute per submission (an institute holds one submission per period, so a
 * bench that reused institutes would time 409 refusals, not accepted writes).
 */
import { SUBMISSION_EXAMPLE } from "../functions/lib/examples";
import { SECTOR_IDS } from "@tt/engine";
import type { SubmissionInput } from "@tt/contract";
import type { Repository } from "../functions/lib/repository";

/** The q-quantile (nearest rank, 0 ≤ q ≤ 1) of `xs`; NaN when empty. */
export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/** Milliseconds as printed in the results tables. */
export const ms = (x: number) => x.toFixed(1);

/** Runs `work` over `items` with at most `concurrency` in flight, in order of start. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (t: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

let serial = 0;
/**
 * A valid CN-HL submission built from the OpenAPI example, for `instituteId` and `year`, with its own
 * submission id (`prefix`-…) and contract registration numbers unique in this process.
 */
export function aSubmission(prefix: string, instituteId: string, year: number, achievementsPerSubmission = 5): SubmissionInput {
  const base = structuredClone(SUBMISSION_EXAMPLE);
  const id = ++serial;
  return {
    ...base,
    submissionId: `${prefix}-${instituteId}-${year}-${id}`,
    instituteId,
    region: "CN-HL",
    year,
    achievements: Array.from({ length: achievementsPerSubmission }, (_, i) => ({
      ...base.achievements[0]!,
      title: `成果 ${id}-${i}`,
      sector: SECTOR_IDS[(id + i) % SECTOR_IDS.length]!,
      year,
      date: `${year}-05-20`,
    })),
    contracts: base.contracts.map((c, i) => ({
      ...c,
      registrationNumber: `${year}9${String(id).padStart(8, "0")}${i}`,
      signedDate: `${year}-03-15`,
      receipts: [{ date: `${year}-04-01`, amount: "800000" }],
    })),
  };
}

/** Registers one CN-HL institute per id, 32 at a time; `label` names the bench in the institute's name. */
export async function registerInstitutes(repo: Repository, ids: readonly string[], label: { zh: string; en: string }): Promise<void> {
  await pool(ids, 32, (instituteId) =>
    repo.upsertInstitute({
      id: instituteId,
      instituteId,
      name: { zh: `${label.zh} ${instituteId}`, en: `${label.en} ${instituteId}` },
      region: "CN-HL",
      city: "哈尔滨",
      type: "research-institute",
    }),
  );
}
