/**
 * Who may do what: no token → 401, a valid token for the wrong institute or region → 403, and in
 * either case nothing is written (checked in the store).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { generateKeyPair, importJWK, SignJWT } from "jose";
import { submissionsPost } from "../../functions/submissions-post";
import { submissionGet } from "../../functions/submission-get";
import { submissionPut } from "../../functions/submission-put";
import { submissionApprove } from "../../functions/submission-approve";
import { submissionReturn } from "../../functions/submission-return";
import { submissionAuditGet } from "../../functions/submission-audit-get";
import { submissionsList } from "../../functions/submissions-list";
import { progressGet } from "../../functions/progress-get";
import { DEV_AUDIENCE, DEV_ISSUER } from "../../functions/local/dev-key";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
let tokens: Record<string, string>;
const s = aSubmission({ instituteId: "HLJ-001" });
const id = { id: s.submissionId };

beforeAll(async () => {
  f = await fixture();
  tokens = {
    hl1: await f.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" }),
    hl2: await f.token({ role: "institute", instituteId: "HLJ-002", region: "CN-HL" }),
    hlProvince: await f.token({ role: "province", region: "CN-HL" }),
    heProvince: await f.token({ role: "province", region: "CN-HE" }),
    admin: await f.token({ role: "admin" }),
    noRole: await f.token({ role: [] as never }),
  };
  expect((await call(submissionsPost, f.services, { method: "POST", token: tokens.hl1, body: s })).status).toBe(201);
});
afterAll(() => f.close());

const docsOf = (instituteId: string) => f.services.repo.listSubmissions({ instituteId });
const current = () => f.services.repo.readSubmission("HLJ-001", s.submissionId);

describe("401 without a valid token, nothing written", () => {
  test("no Authorization header", async () => {
    const r = await call(submissionsPost, f.services, { method: "POST", body: aSubmission({ instituteId: "HLJ-003" }) });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe("UNAUTHENTICATED");
    expect(r.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(await docsOf("HLJ-003")).toHaveLength(0);
  });

  test("a token signed by another key, with the right issuer and audience", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({ roles: ["admin"] })
      .setProtectedHeader({ alg: "ES256" })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setExpirationTime("1h")
      .sign(privateKey);
    const r = await call(submissionsPost, f.services, { method: "POST", token: forged, body: aSubmission({ instituteId: "HLJ-003" }) });
    expect(r.status).toBe(401);
    expect(await docsOf("HLJ-003")).toHaveLength(0);
  });

  test("tokens without exp, living longer than the maximum (exp in 2100), or issued in the future (iat in 2030) are refused", async () => {
    const { privateJwk } = JSON.parse(readFileSync(path.join(f.keyDir, "key.json"), "utf8"));
    const key = await importJWK(privateJwk, "ES256");
    const base = () =>
      new SignJWT({ roles: ["admin"] })
        .setProtectedHeader({ alg: "ES256", kid: privateJwk.kid })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject("x");
    const now = Math.floor(Date.now() / 1000);
    const cases = {
      noExp: await base().setIssuedAt().sign(key),
      noIat: await base().setExpirationTime("1h").sign(key),
      exp2100: await base()
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.UTC(2100, 0, 1) / 1000))
        .sign(key),
      iat2030: await base()
        .setIssuedAt(Math.floor(Date.UTC(2030, 0, 1) / 1000))
        .setExpirationTime(Math.floor(Date.UTC(2030, 0, 1) / 1000) + 3600)
        .sign(key),
      lifetime25h: await base()
        .setIssuedAt(now)
        .setExpirationTime(now + 25 * 3600)
        .sign(key),
    };
    for (const [name, token] of Object.entries(cases)) {
      const r = await call(submissionGet, f.services, { token, params: id });
      expect([name, r.status, r.body.code]).toEqual([name, 401, "UNAUTHENTICATED"]);
    }
    // the same key and claims with exp and iat now, living 8 h: accepted
    const ok = await base().setIssuedAt().setExpirationTime("8h").sign(key);
    expect((await call(submissionGet, f.services, { token: ok, params: id })).status).toBe(200);
  });

  test("an expired token", async () => {
    const expired = await f.token({ role: "admin", expiresIn: "-10m" });
    expect((await call(submissionGet, f.services, { token: expired, params: id })).status).toBe(401);
  });
});

describe("403 for the wrong institute or region, nothing written", () => {
  test("an institute cannot submit for another institute", async () => {
    const r = await call(submissionsPost, f.services, { method: "POST", token: tokens.hl2, body: aSubmission({ instituteId: "HLJ-003" }) });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe("FORBIDDEN");
    expect(await docsOf("HLJ-003")).toHaveLength(0);
  });

  test("provincial staff cannot submit", async () => {
    const r = await call(submissionsPost, f.services, {
      method: "POST",
      token: tokens.hlProvince,
      body: aSubmission({ instituteId: "HLJ-004" }),
    });
    expect(r.status).toBe(403);
    expect(await docsOf("HLJ-004")).toHaveLength(0);
  });

  test("an institute cannot read, list, change or see the audit of another institute's submission; reading it answers exactly what a missing id answers", async () => {
    const missing = await call(submissionGet, f.services, { token: tokens.hl2, params: { id: "no-such-submission-1" } });
    const other = await call(submissionGet, f.services, { token: tokens.hl2, params: id });
    expect(other.status).toBe(404);
    expect(other.body).toEqual({
      ...missing.body,
      message: {
        zh: missing.body.message.zh.replace("no-such-submission-1", s.submissionId),
        en: missing.body.message.en.replace("no-such-submission-1", s.submissionId),
      },
      details: { submissionId: s.submissionId },
    });
    expect(Object.keys(other.body.details)).toEqual(["submissionId"]); // no institute, no region
    expect((await call(submissionAuditGet, f.services, { token: tokens.hl2, params: id })).status).toBe(404);
    expect((await call(submissionsList, f.services, { token: tokens.hl2, query: { instituteId: "HLJ-001" } })).status).toBe(403);
    const before = await current();
    const put = await call(submissionPut, f.services, {
      method: "PUT",
      token: tokens.hl2,
      params: id,
      body: { ...s, achievements: s.achievements.map((a) => ({ ...a, title: `${a.title} 改9` })) },
      headers: { "if-match": "*" },
    });
    expect(put.status).toBe(403);
    expect((await current())!._etag).toBe(before!._etag);
  });

  test("an institute cannot approve or return, even its own", async () => {
    const before = await current();
    expect((await call(submissionApprove, f.services, { method: "POST", token: tokens.hl1, params: id })).status).toBe(403);
    expect(
      (await call(submissionReturn, f.services, { method: "POST", token: tokens.hl1, params: id, body: { reason: "x" } })).status,
    ).toBe(403);
    expect((await current())!._etag).toBe(before!._etag);
  });

  test("provincial staff of another region can neither read nor approve, nor read that region's progress", async () => {
    const before = await current();
    expect((await call(submissionGet, f.services, { token: tokens.heProvince, params: id })).status).toBe(404);
    expect((await call(submissionApprove, f.services, { method: "POST", token: tokens.heProvince, params: id })).status).toBe(404);
    expect((await call(progressGet, f.services, { token: tokens.heProvince, query: { region: "CN-HL", year: "2024" } })).status).toBe(403);
    expect((await current())!._etag).toBe(before!._etag);
    expect((await current())!.status).toBe("submitted");
  });

  test("a token with no recognised role may do nothing", async () => {
    expect((await call(submissionGet, f.services, { token: tokens.noRole, params: id })).status).toBe(404);
    expect((await call(progressGet, f.services, { token: tokens.noRole, query: { region: "CN-HL", year: "2024" } })).status).toBe(403);
  });
});

describe("allowed", () => {
  test("the institute reads its own; provincial staff of the region and admins read it too; the region's staff see it in their listing", async () => {
    for (const t of [tokens.hl1, tokens.hlProvince, tokens.admin]) {
      expect((await call(submissionGet, f.services, { token: t, params: id })).status).toBe(200);
    }
    const list = await call(submissionsList, f.services, { token: tokens.hlProvince });
    expect(list.body.submissions.map((d: any) => d.id)).toContain(s.submissionId);
    const heList = await call(submissionsList, f.services, { token: tokens.heProvince });
    expect(heList.body.submissions.map((d: any) => d.id)).not.toContain(s.submissionId);
  });
});
