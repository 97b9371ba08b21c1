/**
 * PORT and ADDIN_PORT flow through: dist/manifest.xml (addin/build/manifest-urls.js, used by
 * webpack.config.js), the task pane's compiled default API address (webpack DefinePlugin), the local
 * API's CORS default (functions/local/host.ts) — and a refused cross-origin call explains itself in the
 * pane (packages/contract/src/network-hint.ts via api.ts), in Chinese and English.
 * The end-to-end run on random ports is tests/local/durable-start.test.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createApiClient, ApiFailure } from "@tt/contract/client";
import { diagnoseNetworkFailure } from "@tt/contract";
import { allowedOriginsFromEnv } from "../../functions/lib/cors";
import { localAddinOrigins } from "../../functions/local/host";

const ROOT = path.resolve(__dirname, "../..");

const urls = require("../../addin/build/manifest-urls") as {
  manifestFor(xml: string, o: { production: boolean; publicUrl?: string; addinPort?: string }): string;
  apiUrlFor(port?: string): string;
  devUrlFor(port?: string): string;
};
const xml = readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

describe("dist/manifest.xml", () => {
  test("ADDIN_PORT moves every add-in URL to https://localhost:<ADDIN_PORT>, in development and production builds", () => {
    for (const production of [false, true]) {
      const out = urls.manifestFor(xml, { production, addinPort: "3300" });
      expect(out).not.toContain("https://localhost:3000");
      expect(out.split("https://localhost:3300").length).toBe(xml.split("https://localhost:3000").length);
    }
  });
  test("unset, empty or invalid ADDIN_PORT keeps :3000; ADDIN_PUBLIC_URL wins in production", () => {
    for (const addinPort of [undefined, "", "abc", "70000"]) expect(urls.manifestFor(xml, { production: false, addinPort })).toBe(xml);
    const prod = urls.manifestFor(xml, { production: true, publicUrl: "https://addin.example.gov.cn/", addinPort: "3300" });
    expect(prod).toContain("https://addin.example.gov.cn/taskpane.html");
    expect(prod).not.toMatch(/localhost:(3000|3300)/);
  });
});

describe("the pane's default API address", () => {
  const defined = (env: Record<string, string | undefined>) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
    try {
      jest.isolateModules(() => undefined);

      const config = require("../../webpack.config.js")({}, { mode: "production" });
      const define = config.plugins.find((p: { constructor: { name: string } }) => p.constructor.name === "DefinePlugin");
      return JSON.parse(define.definitions.__TT_API_BASE_URL__);
    } finally {
      process.env = saved;
    }
  };
  test("follows PORT; API_BASE_URL overrides; default :7071", () => {
    expect(defined({ PORT: "7300", API_BASE_URL: undefined })).toBe("http://localhost:7300");
    expect(defined({ PORT: "7300", API_BASE_URL: "https://api.example.gov.cn" })).toBe("https://api.example.gov.cn");
    expect(defined({ PORT: undefined, API_BASE_URL: undefined })).toBe("http://localhost:7071");
  });
});

describe("CORS default of the local API", () => {
  test("https://localhost:<ADDIN_PORT>, :3000 when unset; ALLOWED_ORIGINS wins", () => {
    expect(localAddinOrigins({ ADDIN_PORT: "3300" })).toEqual(["https://localhost:3300"]);
    expect(localAddinOrigins({})).toEqual(["https://localhost:3000"]);
    expect(allowedOriginsFromEnv({}, localAddinOrigins({ ADDIN_PORT: "3300" }))).toEqual(["https://localhost:3300"]);
    expect(
      allowedOriginsFromEnv({ ALLOWED_ORIGINS: "https://a.example, https://b.example/" }, localAddinOrigins({ ADDIN_PORT: "3300" })),
    ).toEqual(["https://a.example", "https://b.example"]);
  });
});

describe("a refused cross-origin call explains itself", () => {
  const failing = (probe: "answers" | "down") =>
    jest.fn(async (_url: unknown, init?: RequestInit) => {
      if (init?.mode === "no-cors" && probe === "answers") return new Response(null, { status: 200 });
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;

  test("server up but origin not allowed → CORS_REFUSED naming the API, the origin and ALLOWED_ORIGINS (zh + en)", async () => {
    const why = await diagnoseNetworkFailure({
      url: "http://localhost:7300/api/submissions",
      base: "http://localhost:7300",
      reason: "Failed to fetch",
      origin: "https://localhost:3300",
      fetch: failing("answers"),
    });
    expect(why.code).toBe("CORS_REFUSED");
    expect(why.message.en).toMatch(
      /^The API at http:\/\/localhost:7300 does not allow this origin \(https:\/\/localhost:3300\)\. Set ALLOWED_ORIGINS/,
    );
    expect(why.message.zh).toContain("位于 http://localhost:7300 的接口不允许");
    expect(why.message.zh).toContain("ALLOWED_ORIGINS");
  });

  test("server down → NETWORK, saying it cannot be reached", async () => {
    const why = await diagnoseNetworkFailure({
      url: "http://localhost:7300/api/x",
      base: "http://localhost:7300",
      reason: "Failed to fetch",
      origin: "https://localhost:3300",
      fetch: failing("down"),
    });
    expect(why.code).toBe("NETWORK");
    expect(why.message.en).toContain("Cannot reach the cloud API at http://localhost:7300/api/x");
    expect(why.message.zh).toContain("无法连接云端接口");
  });

  test("the pane's API client raises it as an ApiFailure (what the pane shows)", async () => {
    const g = globalThis as unknown as { location?: { origin: string } };
    const saved = g.location;
    g.location = { origin: "https://localhost:3300" };
    try {
      const api = createApiClient({ baseUrl: () => "http://localhost:7300", token: () => "t", fetch: failing("answers") });
      const err = await api.getSubmission("x").catch((e) => e);
      expect(err).toBeInstanceOf(ApiFailure);
      expect(err.code).toBe("CORS_REFUSED");
      expect(err.status).toBe(0);
      expect(err.text.en).toContain("set ALLOWED_ORIGINS".replace("set", "Set"));
    } finally {
      g.location = saved;
    }
  });
});
