/**
 * Issue 9 "Why": double counting and drift, against the embedded Cosmos server (real SDK).
 * - one live submission per institute, year and period, also under concurrent first submissions;
 * - progress equals a recomputation from the stored documents after concurrent writes with failures
 *   injected between the steps of the write protocol (before, during and after the rollup), and no
 *   stored document is answered with "nothing was stored".
 */
import { submissionsPost } from "../../functions/submissions-post";
import { submissionPut } from "../../functions/submission-put";
import { submissionReturn } from "../../functions/submission-return";
import { StoreUnavailableError, type Repository } from "../../functions/lib/repository";
import { summaryDocOf, summaryEntryOf } from "../../functions/lib/summaries";
import { BREAKDOWNS, progress } from "../../functions/lib/progress";
import { loadProgressYears } from "../../functions/lib/progress-query";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
let admin: string;
let province: string;
beforeAll(async () => {
  f = await fixture();
  admin = await f.token({ role: "admin", subject: "admin-drift" });
  province = await f.token({ role: "province", region: "CN-HL", subject: "reviewer-drift" });
});
afterAll(() => f.close());

const post = (body: unknown, services = f.services) => call(submissionsPost, services, { method: "POST", token: admin, body });

describe("natural identity: one live submission per (institute, year, period)", () => {
  test("a new id for a period that has one → 409 PERIOD_ALREADY_SUBMITTED with the existing id; same id and content still 200; nothing stored twice", async () => {
    const first = aSubmission({ instituteId: "HLJ-010", year: 2017 });
    expect((await post(first)).status).toBe(201);
    const again = await post({ ...first, submissionId: `${first.submissionId}-new` });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("PERIOD_ALREADY_SUBMITTED");
    expect(again.body.details.existingSubmissionId).toBe(first.submissionId);
    expect(again.body.message.zh).toContain(first.submissionId);
    expect(again.body.message.en).toContain(first.submissionId);
    expect((await post(first)).status).toBe(200);
    const stored = await f.services.repo.listSubmissions({ instituteId: "HLJ-010", year: 2017 });
    expect(stored.map((d) => d.id)).toEqual([first.submissionId]);
  });

  test("eight concurrent first submissions for one period under different ids: exactly one wins, the others are told which", async () => {
    const bodies = Array.from({ length: 8 }, () => aSubmission({ instituteId: "HLJ-011", year: 2016 }));
    const replies = await Promise.all(bodies.map((b) => post(b)));
    const won = replies.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    const winner = won[0]!.body.id;
    for (const r of replies.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe("PERIOD_ALREADY_SUBMITTED");
      expect(r.body.details.existingSubmissionId).toBe(winner);
    }
    expect((await f.services.repo.listSubmissions({ instituteId: "HLJ-011", year: 2016 })).map((d) => d.id)).toEqual([winner]);
  });

  test("three identical JSON posts under new ids raise the province's figures once, not threefold", async () => {
    const before = await industrialised(2015);
    const base = aSubmission({ instituteId: "HLJ-012", year: 2015, sectors: ["new-materials", "new-materials"] });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await post({ ...base, submissionId: `${base.submissionId}-${i}` })).status);
    expect(codes).toEqual([201, 409, 409]);
    expect(await industrialised(2015)).toBe(before + 2);
  });

  test("a period overlapping a live one (Q1 of a year reported as Y) → 409 PERIOD_OVERLAPS", async () => {
    expect((await post(aSubmission({ instituteId: "HLJ-010", year: 2014, period: "Y" }))).status).toBe(201);
    const r = await post(aSubmission({ instituteId: "HLJ-010", year: 2014, period: "Q1" }));
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("PERIOD_OVERLAPS");
    expect(r.body.details.existingPeriod).toBe("Y");
  });
});

async function industrialised(year: number): Promise<number> {
  const summaries = await f.services.repo.listSummaries("CN-HL", year, year);
  let n = 0;
  for (const s of summaries) for (const e of Object.values(s.entries)) if (s.year === year && e.status !== "returned") n += e.achievements;
  return n;
}

/** The summaries recomputed from the stored documents alone (what progress must equal). */
async function recomputed(repo: Repository, region: string, from: number, to: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const d of await repo.scanSubmissions(region, from, to))
    out.set(`${d.instituteId}|${d.year}|${d.period}|${d.id}`, JSON.stringify(summaryEntryOf(d)));
  return out;
}
async function served(repo: Repository, region: string, from: number, to: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const s of await repo.listSummaries(region, from, to))
    for (const [id, e] of Object.entries(s.entries)) out.set(`${s.instituteId}|${s.year}|${s.period}|${id}`, JSON.stringify(e));
  return out;
}

/**
 * A repository whose steps fail now and then: before a document write (nothing stored), after it (stored,
 * but the answer lost: the caller sees a store error), and inside the rollup and claims steps.
 */
function faulty(repo: Repository, rate: number): Repository {
  let seed = 42;
  const chance = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 < rate;
  const boom = () => new StoreUnavailableError(new Error("injected fault"));
  const wrapped = Object.create(repo) as Repository;
  const orig = {
    create: repo.createSubmission.bind(repo),
    replace: repo.replaceSubmission.bind(repo),
    summary: repo.applySummary.bind(repo),
    claims: repo.applyClaims.bind(repo),
  };
  Object.assign(wrapped, {
    createSubmission: async (doc: never) => {
      if (chance()) throw boom(); // before the write
      const r = await orig.create(doc);
      if (chance()) throw boom(); // after the write: stored, answer lost
      return r;
    },
    replaceSubmission: async (a: never, b: never, c: never) => {
      if (chance()) throw boom();
      const r = await orig.replace(a, b, c);
      if (chance()) throw boom();
      return r;
    },
    applySummary: async (doc: never) => {
      if (chance()) throw boom();
      return orig.summary(doc);
    },
    applyClaims: async (doc: never) => {
      if (chance()) throw boom();
      return orig.claims(doc);
    },
  });
  return wrapped;
}

describe("no drift: progress equals a recomputation from the stored documents", () => {
  test("after concurrent creates, replays, PUTs and returns with failures injected between steps — before and after the sweeper", async () => {
    const repo = faulty(f.services.repo, 0.15);
    const services = { ...f.services, repo };
    const years = [2019, 2020, 2021, 2022, 2023];
    const institutes = Array.from({ length: 9 }, (_, i) => `HLJ-00${i + 1}`);
    const bodies = years.flatMap((year) =>
      institutes.map((instituteId, i) => aSubmission({ instituteId, year, sectors: Array(1 + (i % 3)).fill("new-materials") })),
    );
    const replies: { status: number; code?: string; message?: string }[] = [];
    const record = (r: { status: number; body: any }) =>
      replies.push({ status: r.status, code: r.body?.code, message: r.body?.message?.en });

    let next = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          // each body: first attempt, then same-content retries while the answer is a retryable 503 (what the
          // client does), sometimes a PUT or a return. A fixed small number of retries would leave a body
          // unstored now and then (three 503s in a row happen at this fault rate), which is the client giving up,
          // not the server losing anything.
          for (let attempt = 0; attempt < 25; attempt++) {
            const r = await post(body, services);
            record(r);
            if (r.status < 500) break;
          }
          const stored = await f.services.repo.readSubmission(body.instituteId, body.submissionId);
          if (!stored) continue;
          if (stored.version === 1 && body.achievements.length === 2) {
            const changed = { ...body, achievements: [...body.achievements, { ...body.achievements[0]!, title: "追加成果" }] };
            record(
              await call(submissionPut, services, {
                method: "PUT",
                token: admin,
                params: { id: body.submissionId },
                headers: { "if-match": `"v${stored.version}"` },
                body: changed,
              }),
            );
          }
          if (body.achievements.length === 3) {
            record(
              await call(submissionReturn, services, {
                method: "POST",
                token: province,
                params: { id: body.submissionId },
                body: { reason: "核对" },
              }),
            );
          }
        }
      }),
    );

    expect(replies.filter((r) => r.status === 500)).toEqual([]);
    const outages = replies.filter((x) => x.status === 503);
    expect(outages.length).toBeGreaterThan(0); // the faults did happen
    for (const r of outages) {
      expect(r.code).toBe("STORE_UNAVAILABLE");
      expect(r.message).toMatch(/may or may not have been stored/); // never "nothing was stored"
    }
    for (const r of replies) expect(r.message ?? "").not.toMatch(/nothing was (stored|changed)/i);
    // Every body was stored in the end (retries are idempotent), exactly once.
    for (const b of bodies) expect(await f.services.repo.readSubmission(b.instituteId, b.submissionId)).not.toBeNull();

    const expected = await recomputed(f.services.repo, "CN-HL", 2019, 2023);
    expect(expected.size).toBe(bodies.length);
    // Before the sweeper (some rollups were cut short): the read overlays the documents pending markers point to.
    expect(await f.services.repo.pendingCount()).toBeGreaterThan(0);
    expect(await served(f.services.repo, "CN-HL", 2019, 2023)).toEqual(expected);

    // The fold gives the same report from either.
    const institutesList = await f.services.repo.institutesOf("CN-HL");
    const fromStore = await f.services.repo.listSummaries("CN-HL", 2019, 2023);
    const fromDocs = (await f.services.repo.scanSubmissions("CN-HL", 2019, 2023)).map(summaryDocOf);
    for (const year of years) {
      const a = progress({ region: "CN-HL", year, institutes: institutesList, summaries: fromStore, generatedAt: "t" });
      const b = progress({ region: "CN-HL", year, institutes: institutesList, summaries: fromDocs, generatedAt: "t" });
      expect(a).toEqual(b);
    }
    // The endpoints' fast path (rollup totals + pending overlay) gives the same report, breakdowns included.
    await expectFastPathEqualsRecomputation(years);

    // The sweeper completes every cut-short rollup; afterwards nothing is pending and the answer is unchanged.
    while ((await f.services.repo.sweep()) > 0);
    expect(await f.services.repo.sweep()).toBe(0);
    expect(await f.services.repo.pendingCount()).toBe(0);
    expect(await served(f.services.repo, "CN-HL", 2019, 2023)).toEqual(expected);
    await expectFastPathEqualsRecomputation(years);
  });
});

/** GET /api/progress's loader (rollup totals) against the fold of every stored document, year by year. */
async function expectFastPathEqualsRecomputation(years: number[]): Promise<void> {
  const institutesList = await f.services.repo.institutesOf("CN-HL");
  const fromDocs = (await f.services.repo.scanSubmissions("CN-HL", 2000, 2100)).map(summaryDocOf);
  const fast = await loadProgressYears(f.services, "CN-HL", years, BREAKDOWNS);
  for (const year of years) {
    const b = progress({ region: "CN-HL", year, institutes: institutesList, summaries: fromDocs, by: BREAKDOWNS, generatedAt: "t" });
    expect({ ...fast.get(year)!, generatedAt: "t" }).toEqual(b);
    expect(b.metrics.some((m) => m.actual !== null && m.actual !== "0")).toBe(true);
  }
}
