/**
 * Issue 14 (P4 and "nothing twice"): a new submission reserves its period in the institute's identity
 * document under its ETag before it is stored (functions/lib/documents.ts IdentityDoc). Overlapping periods
 * sent at the same moment can no longer both be stored; an institute registered before identity documents
 * existed is checked from its stored submissions; a reservation whose submission was never stored holds
 * the period for the lease only. Against the embedded Cosmos server, through the real handler.
 */
import { submissionsPost } from "../../functions/submissions-post";
import { RESERVATION_LEASE_MS } from "../../functions/lib/submission-ops";
import type { IdentityDoc } from "../../functions/lib/documents";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
let admin: string;
beforeAll(async () => {
  f = await fixture();
  admin = await f.token({ role: "admin" });
});
afterAll(() => f.close());

async function register(instituteId: string) {
  const inst = (await f.services.repo.institute("HLJ-001", "CN-HL"))!;
  await f.services.repo.upsertInstitute({ ...inst, id: instituteId, instituteId, name: { zh: instituteId, en: instituteId } });
}
const post = (body: unknown) => call(submissionsPost, f.services, { method: "POST", token: admin, body });
const stored = async (instituteId: string, year: number) =>
  (await f.services.repo.listSubmissions({ instituteId, year })).map((d) => d.period).sort();

test("overlapping periods sent at the same moment (Y, H1 and Q1 of one year): exactly one is stored, the others are refused or asked to retry", async () => {
  for (let round = 0; round < 8; round++) {
    const instituteId = `RACE-${round}`;
    await register(instituteId);
    const replies = await Promise.all((["Y", "H1", "Q1"] as const).map((period) => post(aSubmission({ instituteId, year: 2024, period }))));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    for (const r of replies.filter((r) => r.status !== 201)) {
      expect([409, 503]).toContain(r.status);
      expect(["PERIOD_OVERLAPS", "STORE_CONTENDED"]).toContain(r.body.code);
    }
    expect(await stored(instituteId, 2024)).toHaveLength(1);
  }
});

test("the same submission sent twice at the same moment: stored once, both answers name it", async () => {
  await register("TWC-001");
  const body = aSubmission({ instituteId: "TWC-001", year: 2024, period: "Q2" });
  const replies = await Promise.all([post(body), post(body), post(body)]);
  expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 201]);
  for (const r of replies) expect(r.body.id).toBe(body.submissionId);
  expect(await stored("TWC-001", 2024)).toEqual(["Q2"]);
});

test("an institute without an identity document (registered before they existed): overlaps are still refused, from its stored submissions", async () => {
  await register("OLD-1");
  expect((await post(aSubmission({ instituteId: "OLD-1", year: 2024, period: "H2" }))).status).toBe(201);
  await f.services.repo.database.container("identities").item("OLD-1", "OLD-1").delete();
  const r = await post(aSubmission({ instituteId: "OLD-1", year: 2024, period: "Q4" }));
  expect(r.status).toBe(409);
  expect(r.body.code).toBe("PERIOD_OVERLAPS");
  // a refusal writes nothing; the next accepted submission creates the document with what was stored
  expect(await f.services.repo.readIdentity("OLD-1")).toBeNull();
  expect((await post(aSubmission({ instituteId: "OLD-1", year: 2024, period: "H1" }))).status).toBe(201);
  expect(Object.keys((await f.services.repo.readIdentity("OLD-1"))!.periods).sort()).toEqual(["2024|H1", "2024|H2"]);
});

test("a reservation whose submission was never stored holds the period for the lease (503, retry), then the period is free", async () => {
  await register("LSE-001");
  const identity = (await f.services.repo.readIdentity("LSE-001"))!;
  const reserve = async (reservedAt: string) => {
    const current = (await f.services.repo.readIdentity("LSE-001"))!;
    await f.services.repo.writeIdentity(
      { ...current, periods: { "2024|Y": { submissionId: "crashed-attempt", reservedAt } } },
      current._etag!,
    );
  };
  expect(identity.periods).toEqual({});
  await reserve(new Date().toISOString());
  const blocked = await post(aSubmission({ instituteId: "LSE-001", year: 2024, period: "Q3" }));
  expect(blocked.status).toBe(409); // Q3 overlaps the reserved Y, whose attempt may still land
  const samePeriod = await post(aSubmission({ instituteId: "LSE-001", year: 2024, period: "Y" }));
  expect(samePeriod.status).toBe(503);
  expect(samePeriod.body.code).toBe("STORE_CONTENDED");
  await reserve(new Date(Date.now() - RESERVATION_LEASE_MS - 1000).toISOString());
  const after = await post(aSubmission({ instituteId: "LSE-001", year: 2024, period: "Q3" }));
  expect(after.status).toBe(201);
  const now = (await f.services.repo.readIdentity("LSE-001")) as IdentityDoc;
  expect(Object.keys(now.periods)).toEqual(["2024|Q3"]);
});
