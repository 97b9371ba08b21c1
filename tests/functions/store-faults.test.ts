/**
 * Issue 9 "Why", faults: store outages are a retryable 503 STORE_UNAVAILABLE with Retry-After (never a
 * 500, never a minute-long wait for the SDK's default timeout), /health says the same, and after the
 * store restarts EMPTY the API works again without restarting (database, containers and the sample
 * register are re-created on first use). The store is really stopped and started (embedded server).
 */
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedCosmos, type EmbeddedCosmos } from "../../functions/local/embedded-cosmos";
import { devAuthenticator, signDevToken } from "../../functions/local/dev-key";
import { openServices, type Services } from "../../functions/lib/services";
import { Repository, StoreUnavailableError } from "../../functions/lib/repository";
import { submissionsPost } from "../../functions/submissions-post";
import { submissionGet } from "../../functions/submission-get";
import { healthGet } from "../../functions/health-get";
import { progressGet } from "../../functions/progress-get";
import { aSubmission, call } from "./helpers";

let cosmos: EmbeddedCosmos;
let services: Services;
let token: string;
let port: number;

beforeAll(async () => {
  cosmos = await startEmbeddedCosmos(0);
  port = Number(new URL(cosmos.endpoint).port);
  const keyDir = mkdtempSync(path.join(tmpdir(), "tt-faults-"));
  services = await openServices({ cosmos, auth: await devAuthenticator(keyDir), seedSampleInstitutes: true });
  token = await signDevToken({ role: "admin", subject: "faults" }, keyDir);
});
afterAll(async () => {
  services.repo.dispose();
  await cosmos.close();
});

const post = (body: unknown) => call(submissionsPost, services, { method: "POST", token, body });

test("store stopped: POST, GET, progress and /health answer 503 STORE_UNAVAILABLE with Retry-After; restarted EMPTY: everything works again without restarting the API", async () => {
  const before = aSubmission({ instituteId: "HLJ-001", year: 2024 });
  expect((await post(before)).status).toBe(201);

  await cosmos.close();
  const down = [
    await post(aSubmission({ instituteId: "HLJ-002", year: 2024 })),
    await call(submissionGet, services, { token, params: { id: before.submissionId } }),
    await call(progressGet, services, { token, query: { region: "CN-HL", year: "2024" } }),
    await call(healthGet, services),
  ];
  for (const r of down) {
    expect(r.status).toBe(503);
    expect(r.body.code).toBe("STORE_UNAVAILABLE");
    expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
    expect(r.body.message.zh).toBeTruthy();
    expect(r.body.message.en).toMatch(/may or may not have been stored|unavailable/);
  }

  // The store comes back on the same address with nothing in it (no database, no containers, no register).
  cosmos = await startEmbeddedCosmos(port);
  const after = aSubmission({ instituteId: "HLJ-003", year: 2024 });
  const r = await post(after);
  expect(r.status).toBe(201);
  expect((await call(healthGet, services)).status).toBe(200);
  const progress = await call(progressGet, services, { token, query: { region: "CN-HL", year: "2024" } });
  expect(progress.status).toBe(200);
  expect(progress.body.completeness.submitted).toBe(1);
});

test("a store that accepts connections but never answers: 503 within the deadline, not the SDK's 60 s", async () => {
  const sockets: Socket[] = [];
  const hang: Server = createServer((s) => void sockets.push(s));
  await new Promise<void>((resolve) => hang.listen(0, "127.0.0.1", resolve));
  const repo = await Repository.open({ endpoint: `http://127.0.0.1:${(hang.address() as AddressInfo).port}`, key: cosmos.key });
  try {
    await expect(repo.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    const r = await call(healthGet, { ...services, repo });
    expect(r.status).toBe(503);
    expect(r.headers["retry-after"]).toBeDefined();
  } finally {
    repo.dispose();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => hang.close(() => resolve()));
  }
});
