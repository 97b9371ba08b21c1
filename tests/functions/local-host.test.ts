/**
 * The thin local host over real HTTP (fetch against the started host): the same handlers under /api,
 * the OpenAPI example accepted as it is, the docs page with local assets, and token trust: the
 * development key is accepted only without AUTH_JWKS_URL.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { startApi, type ApiHandle } from "../../scripts/local-host";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { allowedOriginsFromEnv } from "../../functions/lib/cors";

let api: LocalApi;

beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.close());

test("health over HTTP names the rules version and the development key", async () => {
  const r = await fetch(`${api.url}/health`);
  expect(r.status).toBe(200);
  expect(r.headers.get("x-rules-version")).toMatch(/^\d+\.\d+\.\d+/);
  const body = await r.json();
  expect(body).toMatchObject({ status: "ok", store: "reachable" });
  expect(body.auth).toMatch(/LOCAL DEVELOPMENT KEY/);
});

test("the OpenAPI example of POST /submissions is accepted as it is; GET returns it with its ETag; a replay answers 200", async () => {
  const spec = await (await fetch(`${api.url}/openapi.json`)).json();
  expect(spec.openapi).toBe("3.1.0");
  const example = spec.paths["/submissions"].post.requestBody.content["application/json"].example;
  expect(spec.components.schemas.Submission.properties.contracts).toBeDefined();
  for (const [p, ops] of Object.entries<any>(spec.paths)) {
    for (const op of Object.values<any>(ops)) {
      const body = op.requestBody?.content;
      if (body?.["application/json"]) expect([p, body["application/json"].example]).not.toContain(undefined);
      else if (body)
        expect([p, body["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]?.schema]).toEqual([
          p,
          { type: "string", format: "binary" },
        ]);
    }
  }
  const token = await api.token({ role: "institute", instituteId: example.instituteId, region: example.region });
  const post = () =>
    fetch(`${api.url}/submissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(example),
    });
  const created = await post();
  expect(created.status).toBe(201);
  const etag = created.headers.get("etag");
  const got = await fetch(`${api.url}/submissions/${example.submissionId}`, { headers: { authorization: `Bearer ${token}` } });
  expect(got.status).toBe(200);
  expect(got.headers.get("etag")).toBe(etag);
  expect((await got.json()).submission.instituteId).toBe(example.instituteId);
  expect((await post()).status).toBe(200);
});

test("the docs page renders from locally served swagger-ui assets (no CDN)", async () => {
  const page = await fetch(`${api.url}/docs`);
  expect(page.headers.get("content-type")).toMatch(/text\/html/);
  const html = await page.text();
  expect(html).not.toMatch(/https?:\/\//);
  for (const asset of ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"]) {
    expect(html).toContain(`docs/${asset}`);
    const r = await fetch(`${api.url}/docs/${asset}`);
    expect(r.status).toBe(200);
    expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  }
  expect((await fetch(`${api.url}/docs/..%2Fpackage.json`)).status).toBe(404);
});

test("CORS: the add-in origin gets its preflight answered and Access-Control-Allow-Origin on responses; other origins do not", async () => {
  const addin = "https://localhost:3000";
  const pre = await fetch(`${api.url}/submissions/abc`, {
    method: "OPTIONS",
    headers: {
      origin: addin,
      "access-control-request-method": "PUT",
      "access-control-request-headers": "authorization, content-type, if-match",
    },
  });
  expect(pre.status).toBe(204);
  expect(pre.headers.get("access-control-allow-origin")).toBe(addin);
  expect(pre.headers.get("access-control-allow-headers")).toBe("Authorization, Content-Type, If-Match");
  expect(pre.headers.get("access-control-allow-methods")).toContain("PUT");
  const get = await fetch(`${api.url}/health`, { headers: { origin: addin } });
  expect(get.headers.get("access-control-allow-origin")).toBe(addin);
  expect(get.headers.get("access-control-expose-headers")).toContain("ETag");
  const denied = await fetch(`${api.url}/health`, { headers: { origin: "https://evil.example" } });
  expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  const deniedPre = await fetch(`${api.url}/progress/batch`, {
    method: "OPTIONS",
    headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
  });
  expect(deniedPre.headers.get("access-control-allow-origin")).toBeNull();
  expect((await fetch(`${api.url}/nothing`, { method: "OPTIONS", headers: { origin: addin } })).status).toBe(404);
});

test("ALLOWED_ORIGINS replaces the default list", () => {
  expect(allowedOriginsFromEnv({ ALLOWED_ORIGINS: " https://addin.example.gov.cn/ , https://localhost:3000" })).toEqual([
    "https://addin.example.gov.cn",
    "https://localhost:3000",
  ]);
  expect(allowedOriginsFromEnv({})).toEqual(["https://localhost:3000"]);
});

test("unknown paths are 404, wrong methods 405, both in the error shape", async () => {
  const nf = await fetch(`${api.url}/nothing-here`);
  expect(nf.status).toBe(404);
  expect(await nf.json()).toMatchObject({ code: "NOT_FOUND", message: { zh: expect.any(String), en: expect.any(String) } });
  const na = await fetch(`${api.url}/health`, { method: "DELETE" });
  expect(na.status).toBe(405);
});

describe("production token configuration (AUTH_JWKS_URL set)", () => {
  let jwks: Server;
  let prodApi: ApiHandle;
  const saved = { ...process.env };
  let prodToken: string;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "prod-1", alg: "RS256", use: "sig" };
    jwks = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwks.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/keys`;
    Object.assign(process.env, { AUTH_JWKS_URL: url, AUTH_ISSUER: "https://issuer.example/test", AUTH_AUDIENCE: "api://tech-transfer" });
    prodApi = await startApi({ port: 0, cosmos: api.cosmos, devKeyDir: api.keyDir, log: () => undefined });
    prodToken = await new SignJWT({ roles: ["admin"] })
      .setProtectedHeader({ alg: "RS256", kid: "prod-1" })
      .setIssuer("https://issuer.example/test")
      .setAudience("api://tech-transfer")
      .setSubject("someone@example")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
  });
  afterAll(async () => {
    process.env = saved;
    await prodApi.close();
    await new Promise((r) => jwks.close(r));
  });

  test("a token from the configured issuer is accepted; one signed by the development key is refused", async () => {
    const get = (token: string) => fetch(`${prodApi.url}/submissions`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(prodToken)).status).toBe(200);
    const dev = await api.token({ role: "admin" });
    const refused = await get(dev);
    expect(refused.status).toBe(401);
    expect((await refused.json()).code).toBe("UNAUTHENTICATED");
  });
});
