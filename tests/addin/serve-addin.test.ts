/**
 * scripts/serve-addin.ts: HTTPS with office-addin-dev-certs certificates generated (never installed),
 * a plain warning when the CA is not trusted, and a loud HTTP fallback when no certificate can be made.
 */
import { get } from "node:https";
import { get as httpGet } from "node:http";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAddinServer } from "../../scripts/serve-addin";

const root = mkdtempSync(join(tmpdir(), "addin-root-"));
writeFileSync(join(root, "functions.js"), "/* built */");
writeFileSync(join(root, "functions.json"), '{"functions":[]}');

test("serves the add-in over HTTPS with generated development certificates, saying plainly when they are not trusted", async () => {
  const certs = mkdtempSync(join(tmpdir(), "certs-"));
  const warnings: string[] = [];
  const server = await startAddinServer({
    port: 0,
    root,
    certificateDirectory: certs,
    log: () => undefined,
    warn: (s) => warnings.push(s),
  });
  try {
    expect(server.protocol).toBe("https");
    const body = await new Promise<string>((ok, fail) =>
      get(`${server.url}/functions.json`, { ca: readFileSync(join(certs, "ca.crt")) }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => ok(text));
      }).on("error", fail),
    );
    expect(JSON.parse(body)).toEqual({ functions: [] });
    if (!server.trusted) expect(warnings.join("\n")).toContain("npx office-addin-dev-certs install");
  } finally {
    await server.close();
  }
}, 60_000);

test("falls back to HTTP, loudly, when certificates cannot be generated", async () => {
  const blocker = join(mkdtempSync(join(tmpdir(), "blocked-")), "file");
  writeFileSync(blocker, "not a directory");
  const warnings: string[] = [];
  const server = await startAddinServer({
    port: 0,
    root,
    certificateDirectory: join(blocker, "certs"),
    log: () => undefined,
    warn: (s) => warnings.push(s),
  });
  try {
    expect(server.protocol).toBe("http");
    expect(warnings.join("\n")).toMatch(/Serving over plain HTTP[\s\S]*office-addin-dev-certs install/);
    const status = await new Promise<number>((ok, fail) =>
      httpGet(`${server.url}/functions.js`, (res) => ok(res.statusCode ?? 0)).on("error", fail),
    );
    expect(status).toBe(200);
  } finally {
    await server.close();
  }
});
