/**
 * Issue 14 P5, the pending markers of the write protocol (functions/lib/repository.ts): a stored version
 * missing from its rollup always has a marker, so GET /api/progress counts it without reading the stored
 * submissions; the sweeper and a replayed request complete it; a failed attempt's marker is removed, a
 * marker of a write still in flight is kept; documents flagged by the protocol before markers are still
 * counted and swept. Every case checks the served report against the fold of every stored document.
 */
import { submission } from "@tt/contract";
import { submissionsPost } from "../../functions/submissions-post";
import { progress } from "../../functions/lib/progress";
import { loadProgressYears } from "../../functions/lib/progress-query";
import { summaryDocOf, summaryEntryOf } from "../../functions/lib/summaries";
import { buildDocument } from "../../functions/lib/submission-ops";
import { openServices } from "../../functions/lib/services";
import { ATTEMPT_LEASE_MS, ConflictError, periodDocId } from "../../functions/lib/repository";
import { startSweeper } from "../../functions/lib/sweeper";
import type { PendingDoc, SubmissionDoc } from "../../functions/lib/documents";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
let admin: string;

beforeAll(async () => {
  f = await fixture();
  admin = await f.token({ role: "admin" });
});
afterAll(() => f.close());

const documentFor = (instituteId: string, year: number, over: Parameters<typeof aSubmission>[0] = {}): SubmissionDoc =>
  buildDocument({
    action: "create",
    by: { subject: "test", roles: ["admin"] },
    previous: null,
    submission: submission.parse(aSubmission({ instituteId, year, ...over })),
    status: "submitted",
  });

async function recomputed(year: number) {
  const institutes = await f.services.repo.institutesOf("CN-HL");
  const summaries = (await f.services.repo.scanSubmissions("CN-HL", 2000, 2100)).map(summaryDocOf);
  return progress({ region: "CN-HL", year, institutes, summaries, generatedAt: "t" });
}

async function served(year: number, services = f.services) {
  return { ...(await loadProgressYears(services, "CN-HL", [year])).get(year)!, generatedAt: "t" };
}

/** Achievements industrialised, whatever the institute type. */
const achievements = (r: Awaited<ReturnType<typeof served>>) => r.metrics.find((m) => m.metric === "industrialised-all-sources")?.actual;
const pendingContainer = () => f.services.repo.database.container("pending");

/** The marker an attempt writing `version` of an institute's 2024 Y submission would leave, made now. */
const markerOf = (instituteId: string, submissionId: string, version: number): PendingDoc => ({
  id: `${instituteId}|${periodDocId(2024, "Y")}|test-${version}`,
  docType: "pending",
  region: "CN-HL",
  year: 2024,
  instituteId,
  period: "Y",
  submissionId,
  version,
  createdAt: new Date().toISOString(),
});

async function sweepAll() {
  while ((await f.services.repo.sweep()) > 0);
}

test("a write cut short after its document was stored is counted through its marker, and the sweeper completes it", async () => {
  await sweepAll();
  const before = await served(2024);
  const doc = await f.services.repo.createSubmission(documentFor("HLJ-002", 2024, { sectors: ["new-materials", "new-materials"] }));
  expect(doc.pendingMarker).toBeDefined(); // step 3 never ran
  expect(await f.services.repo.pendingCount()).toBe(1);

  const during = await served(2024);
  expect(during).toEqual(await recomputed(2024));
  expect(Number(achievements(during))).toBe(Number(achievements(before) ?? 0) + 2);

  expect(await f.services.repo.sweep()).toBe(1);
  expect(await f.services.repo.pendingCount()).toBe(0);
  expect(await served(2024)).toEqual(during);
});

test("a replayed request completes its own cut-short write (the marker is found and removed)", async () => {
  const body = aSubmission({ instituteId: "HLJ-003", year: 2024 });
  await f.services.repo.createSubmission(
    buildDocument({
      action: "create",
      by: { subject: "test", roles: ["admin"] },
      previous: null,
      submission: submission.parse(body),
      status: "submitted",
    }),
  );
  expect(await f.services.repo.pendingCount()).toBe(1);
  const replay = await call(submissionsPost, f.services, { method: "POST", token: admin, body });
  expect(replay.status).toBe(200);
  expect(await f.services.repo.pendingCount()).toBe(0);
  expect(await served(2024)).toEqual(await recomputed(2024));
});

test("an attempt that loses its period (409) leaves no marker behind", async () => {
  const first = await f.services.repo.createSubmission(documentFor("HLJ-004", 2024));
  await f.services.repo.project(first);
  expect(await f.services.repo.pendingCount()).toBe(0);
  await expect(f.services.repo.createSubmission(documentFor("HLJ-004", 2024))).rejects.toBeInstanceOf(ConflictError);
  expect(await f.services.repo.pendingCount()).toBe(0);
  expect(await served(2024)).toEqual(await recomputed(2024));
});

test("a marker whose write never landed counts nothing, is kept while the write could still land, and is removed after the lease", async () => {
  const marker = markerOf("HLJ-005", "never-stored", 1);
  await pendingContainer().items.create(marker);
  expect(await served(2024)).toEqual(await recomputed(2024));
  expect(await f.services.repo.sweep()).toBe(0);
  expect(await f.services.repo.pendingCount()).toBe(1);

  await pendingContainer()
    .item(marker.id, marker.region)
    .replace({ ...marker, createdAt: new Date(Date.now() - ATTEMPT_LEASE_MS - 1000).toISOString() });
  expect(await f.services.repo.sweep()).toBe(1);
  expect(await f.services.repo.pendingCount()).toBe(0);
});

test("a marker of a later version still in flight is not removed by the sweeper (the stored version is applied meanwhile)", async () => {
  const stored = await f.services.repo.createSubmission(documentFor("HLJ-006", 2024));
  await f.services.repo.project(stored);
  const inFlight = markerOf("HLJ-006", stored.id, stored.version + 1);
  await pendingContainer().items.create(inFlight);
  expect(await f.services.repo.sweep()).toBe(0);
  expect(await f.services.repo.pendingCount()).toBe(1);
  expect(await served(2024)).toEqual(await recomputed(2024));
  await pendingContainer().item(inFlight.id, inFlight.region).delete();
});

test("a document flagged pending by the protocol before markers is counted by a new process before any sweep, then swept once", async () => {
  const doc = documentFor("HLJ-007", 2024, { sectors: ["new-materials", "new-materials", "new-materials"] });
  const before = await served(2024);
  // stored as the earlier protocol stored it: flagged, not yet in its rollup shard, no marker
  await f.services.repo.database.container("submissions").items.create({
    ...doc,
    id: periodDocId(doc.year, doc.period),
    submissionId: doc.id,
    summary: summaryEntryOf(doc),
    rollupPending: true,
  });

  const next = await openServices({ cosmos: f.cosmos, auth: f.services.auth, seedSampleInstitutes: false });
  try {
    const during = await served(2024, next);
    expect(during).toEqual(await recomputed(2024));
    expect(Number(achievements(during))).toBe(Number(achievements(before) ?? 0) + 3);
    expect(await next.repo.sweep()).toBe(1);
    expect((await next.repo.readPeriod("HLJ-007", 2024, "Y"))?.rollupPending).toBeUndefined();
    // found none: the flag is not looked for again by this process, and the report stays exact
    const submissions = (next.repo as unknown as { submissions: { items: { query: () => unknown } } }).submissions;
    expect(await next.repo.sweep()).toBe(0);
    const query = jest.spyOn(submissions.items, "query");
    expect(await next.repo.sweep()).toBe(0);
    expect(await served(2024, next)).toEqual(during);
    expect(query).not.toHaveBeenCalled();
    query.mockRestore();
  } finally {
    next.repo.dispose();
  }
});

test("a stopping sweeper ends its pass in flight before stop() resolves (nothing reaches a closed store); the next pass completes what it left", async () => {
  await sweepAll();
  const ids = ["HLJ-002", "HLJ-003", "HLJ-004", "HLJ-005", "HLJ-006", "HLJ-007", "HLJ-008"];
  for (const id of ids) await f.services.repo.createSubmission(documentFor(id, 2023)); // cut short: step 3 never ran
  expect(await f.services.repo.pendingCount()).toBe(ids.length);

  const sweeper = startSweeper(f.services.repo, { intervalMs: 3_600_000, minAgeMs: 0 });
  let ended = false;
  const pass = sweeper.runOnce().finally(() => (ended = true));
  await sweeper.stop();
  expect(ended).toBe(true);
  expect(await pass).toBe(0); // stopped before its first step
  expect(await f.services.repo.pendingCount()).toBe(ids.length);

  await sweepAll();
  expect(await f.services.repo.pendingCount()).toBe(0);
  expect(await served(2023)).toEqual(await recomputed(2023));
});
