/**
 * Issue 9 "Why": the admin list had no paging (3,879 documents in one answer). Pages of `limit` items,
 * oldest first, with an opaque continuation: every document exactly once, including documents that share
 * one createdAt, and a page boundary inside them; a forged continuation is a 400.
 */
import { submissionsList } from "../../functions/submissions-list";
import { buildDocument } from "../../functions/lib/submission-ops";
import { submission } from "@tt/contract";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
let admin: string;
beforeAll(async () => {
  f = await fixture();
  admin = await f.token({ role: "admin" });
  // 24 documents: 12 institutes × 2 years, the second year all with ONE createdAt (ties across a page boundary)
  const at = "2024-02-02T02:02:02.000Z";
  for (const year of [2020, 2021]) {
    for (let i = 1; i <= 12; i++) {
      const sub = submission.parse(aSubmission({ instituteId: `HLJ-${String(i).padStart(3, "0")}`, year }));
      const doc = buildDocument(
        { action: "create", by: { subject: "seed", roles: ["admin"] }, previous: null, submission: sub, status: "submitted" },
        year === 2021 ? at : undefined,
      );
      await f.services.repo.createSubmission(doc);
    }
  }
});
afterAll(() => f.close());

test("pages of 5 cover all 24 documents exactly once, oldest first; the last page has no continuation", async () => {
  const seen: string[] = [];
  let continuation: string | null = null;
  let pages = 0;
  do {
    const r: { status: number; body: any } = await call(submissionsList, f.services, {
      token: admin,
      query: { region: "CN-HL", limit: "5", ...(continuation ? { continuation } : {}) },
    });
    expect(r.status).toBe(200);
    expect(r.body.submissions.length).toBeLessThanOrEqual(5);
    seen.push(...r.body.submissions.map((d: any) => `${d.instituteId}/${d.id}`));
    continuation = r.body.continuation;
    pages++;
  } while (continuation && pages < 20);
  expect(pages).toBe(5);
  expect(seen).toHaveLength(24);
  expect(new Set(seen).size).toBe(24);
  const all = await f.services.repo.listSubmissions({ region: "CN-HL" });
  expect(seen).toEqual(all.map((d) => `${d.instituteId}/${d.id}`));
});

test("default page size 100, at most 500; a bad limit or a forged continuation → 400 with a clear message", async () => {
  const r = await call(submissionsList, f.services, { token: admin, query: { region: "CN-HL" } });
  expect(r.body.count).toBe(24);
  expect(r.body.continuation).toBeNull();
  for (const limit of ["0", "501", "abc"]) {
    const bad = await call(submissionsList, f.services, { token: admin, query: { limit } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("INVALID_QUERY");
  }
  const forged = await call(submissionsList, f.services, { token: admin, query: { continuation: "not-a-token" } });
  expect(forged.status).toBe(400);
  expect(forged.body.code).toBe("INVALID_CONTINUATION");
  expect(forged.body.message.zh).toBeTruthy();
});
