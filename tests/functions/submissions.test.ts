/**
 * Submissions through the real handlers against the embedded Cosmos server (real SDK): creation,
 * idempotent replay, conflicts, validation, size limit, server-side subsidies, ETags, review lock, audit.
 */
import { Decimal, techSubsidy } from "@tt/engine";
import { submissionsPost } from "../../functions/submissions-post";
import { submissionGet } from "../../functions/submission-get";
import { submissionPut } from "../../functions/submission-put";
import { submissionApprove } from "../../functions/submission-approve";
import { submissionReturn } from "../../functions/submission-return";
import { submissionAuditGet } from "../../functions/submission-audit-get";
import { submissionsList } from "../../functions/submissions-list";
import { healthGet } from "../../functions/health-get";
import { SUBMISSION_EXAMPLE } from "../../functions/lib/examples";
import { MAX_DOCUMENT_BYTES } from "../../functions/lib/storage-limits";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
let hl1: string;
let province: string;
beforeAll(async () => {
  f = await fixture();
  hl1 = await f.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" });
  province = await f.token({ role: "province", region: "CN-HL", subject: "reviewer-li" });
});
afterAll(() => f.close());

const post = (body: unknown, token = hl1) => call(submissionsPost, f.services, { method: "POST", token, body });
const stored = (instituteId: string) => f.services.repo.listSubmissions({ instituteId });

describe("POST /api/submissions", () => {
  test("the OpenAPI example is accepted as it is: 201 with ETag and Location", async () => {
    const r = await post(SUBMISSION_EXAMPLE);
    expect(r.status).toBe(201);
    expect(r.headers.etag).toMatch(/^".+"$/);
    expect(r.headers.location).toBe(`/api/submissions/${SUBMISSION_EXAMPLE.submissionId}`);
    expect(r.body.status).toBe("submitted");
    expect(r.body.rulesVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  test("a replay with the same id and content (amounts written differently) answers 200 with the stored result and stores no second copy", async () => {
    const s = aSubmission({ instituteId: "HLJ-001", year: 2021 });
    const first = await post(s);
    expect(first.status).toBe(201);
    const again = await post({ ...s, contracts: s.contracts.map((c) => ({ ...c, contractAmount: Number(c.contractAmount) })) });
    expect(again.status).toBe(200);
    expect(again.body.contentHash).toBe(first.body.contentHash);
    expect(again.body.createdAt).toBe(first.body.createdAt);
    expect((await stored("HLJ-001")).filter((d) => d.id === s.submissionId)).toHaveLength(1);
  });

  test("the same id with different content is a 409 and leaves the stored document unchanged", async () => {
    const s = aSubmission({ year: 2022 });
    await post(s);
    const r = await post({ ...s, achievements: s.achievements.map((a) => ({ ...a, title: `${a.title} 改1` })) });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("CONTENT_CONFLICT");
    expect(r.body.message.zh).toBeTruthy();
    const doc = await f.services.repo.readSubmission("HLJ-001", s.submissionId);
    expect(doc!.submission.achievements[0]!.title).toBe(s.achievements[0]!.title);
    expect(doc!.version).toBe(1);
  });

  test("400 lists every bad field by path and nothing is written", async () => {
    const s = aSubmission({ instituteId: "HLJ-002" });
    const bad = structuredClone(s) as any;
    bad.year = 1999;
    bad.achievements[0].sector = "space-elevators";
    bad.contracts[0].contractAmount = "-5";
    bad.contracts[0].receipts[0].date = "2024-02-30";
    bad.contracts[0].subsidy = "999999";
    const r = await post(bad, await f.token({ role: "institute", instituteId: "HLJ-002" }));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("VALIDATION_FAILED");
    const paths = r.body.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(["year", "achievements.0.sector", "contracts.0.contractAmount", "contracts.0.receipts.0.date", "contracts.0"]),
    );
    expect(r.body.details.issues.find((i: any) => i.path === "contracts.0").code).toBe("UNKNOWN_FIELD"); // a client's own subsidy is refused
    expect(await stored("HLJ-002")).toHaveLength(0);
  });

  test("invalid JSON is a 400, never a 500", async () => {
    const r = await call(submissionsPost, f.services, { method: "POST", token: hl1, rawBody: "{ not json" });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("INVALID_JSON");
  });

  test("a submission too large for one document is refused with 413, a bilingual way to split it, and nothing stored", async () => {
    const token = await f.token({ role: "institute", instituteId: "HLJ-003" });
    const s = aSubmission({ instituteId: "HLJ-003" });
    const long = "长".repeat(200);
    s.achievements = Array.from({ length: 3200 }, (_, i) => ({ ...s.achievements[0]!, title: `${long}${i}`.slice(0, 200) }));
    const r = await post(s, token);
    expect(r.status).toBe(413);
    expect(r.body.code).toBe("SUBMISSION_TOO_LARGE");
    expect(r.body.details.bytes).toBeGreaterThan(MAX_DOCUMENT_BYTES);
    expect(r.body.message.en).toMatch(/split/i);
    expect(r.body.message.zh).toMatch(/拆分/);
    expect(await stored("HLJ-003")).toHaveLength(0);
  });

  test("subsidies are recomputed by the server: HL seller with 800,000 received in the year gets 240,000; receipts of another year do not count", async () => {
    const s = aSubmission({ instituteId: "HLJ-004" });
    s.contracts = [
      { ...s.contracts[0]!, role: "seller", receipts: [{ date: "2024-04-01", amount: "800000" }] },
      {
        ...s.contracts[0]!,
        registrationNumber: "2024230199990001",
        role: "buyer",
        signedDate: "2023-12-01",
        receipts: [
          { date: "2023-12-20", amount: "700000" },
          { date: "2024-01-10", amount: "400000" },
        ],
      },
    ];
    const r = await post(s, await f.token({ role: "institute", instituteId: "HLJ-004" }));
    expect(r.status).toBe(201);
    const [seller, buyer] = r.body.subsidies;
    expect(seller).toMatchObject({ status: "computed", amount: "240000.00", eligible: true });
    expect(buyer).toMatchObject({
      status: "computed",
      amount: "0.00",
      eligible: false,
      basis: { amount: "400000.00", date: "2024-01-10" },
    });
    expect(buyer.reason.en).toMatch(/below/);
    expect(r.body.subsidyTotal).toBe("240000.00");
  });

  test("a Hebei seller has no rule: stored as no-rule with the engine's code and message; a Hebei buyer gets the marginal amount", async () => {
    const token = await f.token({ role: "institute", instituteId: "HEB-001" });
    const s = aSubmission({ instituteId: "HEB-001", region: "CN-HE" });
    s.contracts = [
      { ...s.contracts[0]!, role: "seller" },
      { ...s.contracts[0]!, registrationNumber: "2024130199990002", role: "buyer", contractAmount: "1500000", receipts: [] },
    ];
    const r = await post(s, token);
    expect(r.status).toBe(201);
    expect(r.body.subsidies[0]).toMatchObject({ status: "no-rule", code: "NO_SUCH_RULE" });
    expect(r.body.subsidies[0].message.zh).toBeTruthy();
    // basis for CN-HE: the contract amount on the signing date (not the receipts, of which there are none)
    const expected = techSubsidy({ amount: "1500000", region: "CN-HE", role: "buyer", source: "", date: s.contracts[1]!.signedDate });
    expect(expected.amount.greaterThan(0)).toBe(true);
    expect(r.body.subsidies[1]).toMatchObject({ status: "computed", amount: expected.amount.toFixed(2), basis: { amount: "1500000.00" } });
  });

  test("an institute not in the register, or registered in another region, is refused with 422", async () => {
    const admin = await f.token({ role: "admin" });
    expect((await post(aSubmission({ instituteId: "HLJ-999" }), admin)).body.code).toBe("UNKNOWN_INSTITUTE");
    const r = await post(aSubmission({ instituteId: "HLJ-001", region: "CN-HE" }), admin);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("REGION_MISMATCH");
  });
});

describe("ETags, review lock and audit", () => {
  test("PUT needs If-Match (428), refuses a stale ETag (412), accepts the current one (200) and records the changed fields", async () => {
    const token = await f.token({ role: "institute", instituteId: "HLJ-005" });
    const s = aSubmission({ instituteId: "HLJ-005" });
    const created = await post(s, token);
    const put = (body: unknown, ifMatch?: string) =>
      call(submissionPut, f.services, {
        method: "PUT",
        token,
        body,
        params: { id: s.submissionId },
        ...(ifMatch ? { headers: { "if-match": ifMatch } } : {}),
      });
    const changed = { ...s, achievements: s.achievements.map((a) => ({ ...a, title: `${a.title} 改2` })) };

    expect((await put(changed)).status).toBe(428);
    const ok = await put(changed, created.headers.etag);
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    expect(ok.headers.etag).not.toBe(created.headers.etag);
    const stale = await put({ ...s, achievements: s.achievements.map((a) => ({ ...a, title: `${a.title} 改3` })) }, created.headers.etag);
    expect(stale.status).toBe(412);
    expect((await f.services.repo.readSubmission("HLJ-005", s.submissionId))!.submission.achievements[0]!.title).toMatch(/改2$/);

    const got = await call(submissionGet, f.services, { token, params: { id: s.submissionId } });
    expect(got.headers.etag).toBe(ok.headers.etag);

    const audit = await call(submissionAuditGet, f.services, { token, params: { id: s.submissionId } });
    expect(audit.body.entries.map((e: any) => e.action)).toEqual(["create", "replace"]);
    expect(audit.body.entries[1].changedFields).toEqual(s.achievements.map((_, i) => `achievements.${i}.title`));
    expect(audit.body.entries[1].beforeHash).toBe(audit.body.entries[0].afterHash);
  });

  test("return needs a reason; a returned submission is corrected with PUT; approval locks it with a stated reason; the audit trail has every step", async () => {
    const token = await f.token({ role: "institute", instituteId: "HLJ-006" });
    const s = aSubmission({ instituteId: "HLJ-006" });
    await post(s, token);
    const id = { id: s.submissionId };

    const noReason = await call(submissionReturn, f.services, { method: "POST", token: province, params: id, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.issues[0].path).toBe("reason");

    const returned = await call(submissionReturn, f.services, {
      method: "POST",
      token: province,
      params: id,
      body: { reason: "缺少到账凭证" },
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe("returned");

    const fixed = await call(submissionPut, f.services, {
      method: "PUT",
      token,
      params: id,
      body: { ...s, achievements: s.achievements.map((a) => ({ ...a, title: `${a.title} 改4` })) },
      headers: { "if-match": returned.headers.etag! },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.status).toBe("submitted");

    const approved = await call(submissionApprove, f.services, { method: "POST", token: province, params: id });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe("approved");

    const locked = await call(submissionPut, f.services, {
      method: "PUT",
      token,
      params: id,
      body: { ...s, achievements: s.achievements.map((a) => ({ ...a, title: `${a.title} 改5` })) },
      headers: { "if-match": approved.headers.etag! },
    });
    expect(locked.status).toBe(423);
    expect(locked.body.details.reason).toMatch(/^locked: approved by reviewer-li at \d{4}-\d{2}-\d{2}T/);
    const returnLocked = await call(submissionReturn, f.services, {
      method: "POST",
      token: province,
      params: id,
      body: { reason: "again" },
    });
    expect(returnLocked.status).toBe(423);

    const audit = await call(submissionAuditGet, f.services, { token: province, params: id });
    expect(audit.body.entries.map((e: any) => `${e.action}:${e.by.subject}`)).toEqual([
      "create:dev:institute:HLJ-006",
      "return:reviewer-li",
      "replace:dev:institute:HLJ-006",
      "approve:reviewer-li",
    ]);
    expect(audit.body.entries[1].reason).toBe("缺少到账凭证");
    expect(audit.body.entries[3].statusAfter).toBe("approved");
  });

  test("listing by institute and year returns only that institute's submissions of that year", async () => {
    const token = await f.token({ role: "institute", instituteId: "HLJ-007" });
    await post(aSubmission({ instituteId: "HLJ-007", year: 2023 }), token);
    await post(aSubmission({ instituteId: "HLJ-007", year: 2024 }), token);
    const r = await call(submissionsList, f.services, { token, query: { year: "2023" } });
    expect(r.status).toBe(200);
    expect(r.body.submissions.map((d: any) => `${d.instituteId}/${d.year}`)).toEqual(["HLJ-007/2023"]);
  });
});

describe("failures", () => {
  test("an unexpected error is a 500 INTERNAL with a generic bilingual message and no stack trace", async () => {
    const broken = {
      ...f.services,
      repo: Object.assign(Object.create(Object.getPrototypeOf(f.services.repo)), f.services.repo, {
        readSubmission: async () => {
          throw new TypeError("secret internal detail at Repository.readSubmission (/srv/x.ts:1:1)");
        },
        readPeriod: async () => {
          throw new TypeError("secret internal detail at Repository.readPeriod (/srv/x.ts:1:1)");
        },
      }),
    };
    const r = await call(submissionsPost, broken, { method: "POST", token: hl1, body: aSubmission() });
    expect(r.status).toBe(500);
    expect(r.body.code).toBe("INTERNAL");
    expect(r.body.message.zh).toBeTruthy();
    expect(JSON.stringify(r.body)).not.toMatch(/secret|\.ts:|at /);
  });

  test("health reports the store reachable and the rules version", async () => {
    const r = await call(healthGet, f.services);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "ok", store: "reachable" });
    expect(new Decimal(1).toString()).toBe("1");
  });
});
