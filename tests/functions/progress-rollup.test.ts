/**
 * Issue 14 P5, the progress fast path (rollup totals, functions/lib/rollup.ts): the report GET /api/progress
 * serves equals the fold of every stored document with the current register — when every institute has
 * reported (then the register itself is not read), after a register change (type, city), and from shards
 * written before totals existed. Correctness only; the speed is measured by `npm run bench`.
 */
import { submissionsPost } from "../../functions/submissions-post";
import { submissionReturn } from "../../functions/submission-return";
import { BREAKDOWNS, progress, type Breakdown } from "../../functions/lib/progress";
import { loadProgressYears } from "../../functions/lib/progress-query";
import { summaryDocOf } from "../../functions/lib/summaries";
import type { RollupShard } from "../../functions/lib/rollup";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
let admin: string;
let province: string;
const HEB = Array.from({ length: 12 }, (_, i) => `HEB-${String(i + 1).padStart(3, "0")}`);

beforeAll(async () => {
  f = await fixture();
  admin = await f.token({ role: "admin" });
  province = await f.token({ role: "province", region: "CN-HE", subject: "reviewer-he" });
  // Every Hebei institute reports for 2024 (one of them is then returned), some also for 2023.
  for (const [i, instituteId] of HEB.entries()) {
    for (const year of i % 3 === 0 ? [2023, 2024] : [2024]) {
      const body = aSubmission({ instituteId, region: "CN-HE", year, sectors: Array(1 + (i % 4)).fill("high-performance-materials") });
      const r = await call(submissionsPost, f.services, { method: "POST", token: admin, body });
      expect(r.status).toBe(201);
      if (instituteId === "HEB-005" && year === 2024) {
        const back = await call(submissionReturn, f.services, {
          method: "POST",
          token: province,
          params: { id: body.submissionId },
          body: { reason: "核对" },
        });
        expect(back.status).toBe(200);
      }
    }
  }
  while ((await f.services.repo.sweep()) > 0);
});
afterAll(() => f.close());

/** The report folded from every stored document and the register as it is now (the recomputation). */
async function recomputed(year: number, by: readonly Breakdown[]) {
  const institutes = await f.services.repo.institutesOf("CN-HE");
  const summaries = (await f.services.repo.scanSubmissions("CN-HE", 2000, 2100)).map(summaryDocOf);
  return progress({ region: "CN-HE", year, institutes, summaries, by, generatedAt: "t" });
}

async function served(year: number, by: readonly Breakdown[]) {
  const r = (await loadProgressYears(f.services, "CN-HE", [year], by)).get(year)!;
  return { ...r, generatedAt: "t" };
}

test("one institute not counted (returned): the fast path lists it and equals the recomputation, breakdowns included", async () => {
  const r = await served(2024, BREAKDOWNS);
  expect(r).toEqual(await recomputed(2024, BREAKDOWNS));
  expect(r.completeness.missing.map((m) => m.instituteId)).toEqual(["HEB-005"]);
  expect(r.completeness.missing[0]!.note).toBe("returned");
  expect(Number(r.metrics.find((m) => m.metric === "contract-turnover")?.actual ?? "0")).toBeGreaterThan(0);
});

test("someone has not reported: the list comes from the shards (neither the whole register nor the rollup items are read), equal to the recomputation", async () => {
  await served(2024, []); // the shards were written before anyone read: the first read reconciles them with the register
  const whole = jest.spyOn(f.services.repo, "institutesOf");
  const items = jest.spyOn(f.services.repo, "listSummaries");
  try {
    const r = await served(2024, BREAKDOWNS);
    expect(whole).not.toHaveBeenCalled();
    expect(items).not.toHaveBeenCalled();
    expect(r).toEqual(await recomputed(2024, BREAKDOWNS));
    expect(r.completeness.missing).toEqual([expect.objectContaining({ instituteId: "HEB-005", note: "returned" })]);
  } finally {
    whole.mockRestore();
    items.mockRestore();
  }
});

test("every registered institute counted: completeness from the totals alone (the register is not read), equal to the recomputation", async () => {
  const body = aSubmission({ instituteId: "HEB-005", region: "CN-HE", year: 2024, sectors: ["high-performance-materials"] });
  // HEB-005's returned 2024 submission is corrected: a new submission for the period is refused, so correct it in place.
  const stored = (await f.services.repo.listSubmissions({ instituteId: "HEB-005", year: 2024 }))[0]!;
  const { submissionPut } = await import("../../functions/submission-put");
  const put = await call(submissionPut, f.services, {
    method: "PUT",
    token: admin,
    params: { id: stored.id },
    headers: { "if-match": `"v${stored.version}"` },
    body: { ...body, submissionId: stored.id },
  });
  expect(put.status).toBe(200);
  const spy = jest.spyOn(f.services.repo, "institutesOf");
  try {
    const r = await served(2024, BREAKDOWNS);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(r).toEqual(await recomputed(2024, BREAKDOWNS));
    expect(r.completeness).toMatchObject({ registered: 12, submitted: 12, missingCount: 0, missing: [] });
  } finally {
    spy.mockRestore();
  }
});

test("a register change (type and city) moves the institute's figures in the served report too", async () => {
  const before = await served(2024, ["city", "instituteType"]);
  const inst = (await f.services.repo.institute("HEB-001", "CN-HE"))!;
  await f.services.repo.upsertInstitute({ ...inst, type: "enterprise", city: "沧州" });
  const after = await served(2024, ["city", "instituteType"]);
  expect(after).toEqual(await recomputed(2024, ["city", "instituteType"]));
  expect(after.breakdowns!.city!.map((r) => r.key)).toContain("沧州");
  expect(after).not.toEqual(before);
  // a history year too (HEB-001 reported for 2023 as well)
  expect(await served(2023, ["instituteType"])).toEqual(await recomputed(2023, ["instituteType"]));
});

test("shards written before totals existed (no totals, untagged items) are folded on read, equal to the recomputation", async () => {
  const container = f.services.repo.database.container("summaries");
  const { resources } = await container.items
    .query<RollupShard>({ query: "SELECT * FROM c WHERE c.region = @r", parameters: [{ name: "@r", value: "CN-HE" }] })
    .fetchAll();
  expect(resources.length).toBeGreaterThan(0);
  for (const s of resources) {
    const items = Object.fromEntries(
      Object.entries(s.items).map(([k, { type: _t, city: _c, ...item }]) => [k, item]),
    ) as RollupShard["items"];
    const { totals: _totals, _etag, ...rest } = s;
    await container.item(s.id, s.region).replace({ ...rest, items });
  }
  expect(await served(2024, BREAKDOWNS)).toEqual(await recomputed(2024, BREAKDOWNS));
  expect(await served(2023, BREAKDOWNS)).toEqual(await recomputed(2023, BREAKDOWNS));
});

test("a newly registered institute is listed as not reported at once, and later reads stay on the shards", async () => {
  // after the previous test (shards without lists): the next read repairs them
  await served(2024, []);
  const inst = (await f.services.repo.institute("HEB-002", "CN-HE"))!;
  for (const instituteId of ["HEB-900", "HEB-901", "HEB-902"]) {
    await f.services.repo.upsertInstitute({
      ...inst,
      id: instituteId,
      instituteId,
      name: { zh: `新登记 ${instituteId}`, en: instituteId },
    });
  }
  const first = await served(2024, BREAKDOWNS);
  expect(first).toEqual(await recomputed(2024, BREAKDOWNS));
  expect(first.completeness.missing.map((m) => m.instituteId)).toEqual(["HEB-900", "HEB-901", "HEB-902"]);
  expect(first.completeness.missing[0]!.name.zh).toBe("新登记 HEB-900");
  const whole = jest.spyOn(f.services.repo, "institutesOf");
  try {
    const body = aSubmission({ instituteId: "HEB-901", region: "CN-HE", year: 2024, sectors: ["high-performance-materials"] });
    expect((await call(submissionsPost, f.services, { method: "POST", token: admin, body })).status).toBe(201);
    const r = await served(2024, BREAKDOWNS);
    expect(whole).not.toHaveBeenCalled();
    expect(r).toEqual(await recomputed(2024, BREAKDOWNS));
    expect(r.completeness.missing.map((m) => m.instituteId)).toEqual(["HEB-900", "HEB-902"]);
  } finally {
    whole.mockRestore();
  }
});

test("a year nobody has reported for yet: every registered institute listed, equal to the recomputation, and nothing written by the read", async () => {
  const r = await served(2026, ["instituteType"]);
  expect(r).toEqual(await recomputed(2026, ["instituteType"]));
  expect(r.completeness.missing).toHaveLength(r.completeness.registered);
  const { resources } = await f.services.repo.database
    .container("summaries")
    .items.query({ query: "SELECT c.id FROM c WHERE c.region = @r AND c.year = 2026", parameters: [{ name: "@r", value: "CN-HE" }] })
    .fetchAll();
  expect(resources).toEqual([]);
});
