/**
 * `npm start`'s own entry (scripts/start.ts, run with tsx like `npm start` does, on random ports and a
 * temporary data folder): start, submit, kill -9 the whole process group (no shutdown code runs), start
 * again: the submission, its audit trail and the progress it feeds are all there. Also: the ports flow
 * through (the API answers on PORT, CORS allows https://localhost:<ADDIN_PORT> and refuses the default
 * :3000), and `--fresh` starts empty (the old journal kept aside).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { signDevToken } from "../../functions/local/dev-key";
import { aSubmission } from "../functions/helpers";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
jest.setTimeout(180_000);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

interface Started {
  child: ChildProcess;
  api: string;
  output: () => string;
}

const running = new Set<ChildProcess>();

/** scripts/start.ts in its own process group; resolves when it prints the API line. */
function start(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Started> {
  const child = spawn(process.execPath, [TSX, "scripts/start.ts", ...args], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start did not print its API line in 90 s:\n${out}`)), 90_000);
    const check = () => {
      const m = /API:\s+(http\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, api: m[1]!, output: () => out });
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`start exited (${code}) before it was ready:\n${out}`));
    });
  });
}

/** kill -9 of the whole process group (tsx and the node process it runs). */
async function killGroup(s: Started): Promise<void> {
  const exited = new Promise<void>((r) =>
    s.child.exitCode !== null || s.child.signalCode !== null ? r() : s.child.once("exit", () => r()),
  );
  try {
    process.kill(-s.child.pid!, "SIGKILL");
  } catch {
    /* already gone */
  }
  await exited;
  running.delete(s.child);
}

afterAll(() => {
  for (const c of running) {
    try {
      process.kill(-c.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }
});

test("a submission, its audit and progress survive kill -9 of the process group; other ports flow through", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tt-data-"));
  const keyDir = mkdtempSync(path.join(tmpdir(), "tt-devkey-"));
  const [port, addinPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    PORT: String(port),
    ADDIN_PORT: String(addinPort),
    TT_DATA_DIR: dataDir,
    DEV_JWT_DIR: keyDir,
    ALLOWED_ORIGINS: "",
    COSMOS_ENDPOINT: "",
    AUTH_JWKS_URL: "",
    TT_FRESH: "",
  };
  const institute = await signDevToken({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" }, keyDir);
  const province = await signDevToken({ role: "province", region: "CN-HL" }, keyDir);
  const auth = (t: string) => ({ authorization: `Bearer ${t}` });

  const first = await start(env);
  try {
    expect(first.api).toBe(`http://127.0.0.1:${port}/api`);
    expect(first.output()).toContain(`data is kept in ${dataDir}`);
    expect(first.output()).not.toMatch(/data is lost/);

    // ports: CORS allows the add-in's origin on ADDIN_PORT, not the default :3000
    const pre = await fetch(`${first.api}/submissions`, {
      method: "OPTIONS",
      headers: { origin: `https://localhost:${addinPort}`, "access-control-request-method": "POST" },
    });
    expect(pre.headers.get("access-control-allow-origin")).toBe(`https://localhost:${addinPort}`);
    const other = await fetch(`${first.api}/health`, { headers: { origin: "https://localhost:3000" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();

    const submission = aSubmission({ instituteId: "HLJ-001", year: 2024 });
    const created = await fetch(`${first.api}/submissions`, {
      method: "POST",
      headers: { ...auth(institute), "content-type": "application/json" },
      body: JSON.stringify(submission),
    });
    expect(created.status).toBe(201);
    const stored = await (await fetch(`${first.api}/submissions/${submission.submissionId}`, { headers: auth(institute) })).json();
    const trail = await (await fetch(`${first.api}/submissions/${submission.submissionId}/audit`, { headers: auth(institute) })).json();
    const before = await (await fetch(`${first.api}/progress?region=CN-HL&year=2024`, { headers: auth(province) })).json();
    expect(before.completeness.submitted).toBe(1);
    await killGroup(first);
    expect(existsSync(path.join(dataDir, "LOCK"))).toBe(true); // no shutdown code ran

    const second = await start(env);
    try {
      expect(second.output()).toMatch(/restored \d+ documents/);
      const got = await fetch(`${second.api}/submissions/${submission.submissionId}`, { headers: auth(institute) });
      expect(got.status).toBe(200);
      const doc = await got.json();
      expect(doc.submission.submissionId).toBe(submission.submissionId);
      expect(doc.submission).toEqual(stored.submission);
      expect(doc.subsidies).toEqual(stored.subsidies);
      const audit = await (await fetch(`${second.api}/submissions/${submission.submissionId}/audit`, { headers: auth(institute) })).json();
      expect(audit).toEqual(trail);
      expect(JSON.stringify(audit)).toContain("create");
      const after = await (await fetch(`${second.api}/progress?region=CN-HL&year=2024`, { headers: auth(province) })).json();
      expect(after.completeness.submitted).toBe(1);
      expect(after.metrics).toEqual(before.metrics);
      // the store is writable again after the restart: the same POST is an idempotent replay
      const again = await fetch(`${second.api}/submissions`, {
        method: "POST",
        headers: { ...auth(institute), "content-type": "application/json" },
        body: JSON.stringify(submission),
      });
      expect(again.status).toBe(200);
    } finally {
      await killGroup(second);
    }

    // --fresh: an empty store, the old journal moved aside (not deleted)
    const fresh = await start(env, ["--fresh"]);
    try {
      const got = await fetch(`${fresh.api}/submissions/${submission.submissionId}`, { headers: auth(institute) });
      expect(got.status).toBe(404);
      expect(readdirSync(dataDir).some((f) => /^journal-.*\.discarded\.ndjson$/.test(f))).toBe(true);
      const aside = readdirSync(dataDir).find((f) => f.endsWith(".discarded.ndjson"))!;
      expect(readFileSync(path.join(dataDir, aside), "utf8")).toContain(submission.submissionId);
    } finally {
      await killGroup(fresh);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(keyDir, { recursive: true, force: true });
  }
});
