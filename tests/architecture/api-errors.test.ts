/**
 * One API error catalogue (packages/contract/src/api-errors.ts): every error functions/ answers with is built
 * from it, each code has exactly one HTTP status, and every message is bilingual.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { API_ERRORS, apiErrorMessage, apiErrorStatus, isApiErrorCode, type ApiErrorCode } from "@tt/contract/errors";
import { ERRORS } from "@tt/engine";
import { ApiError, apiError, errorResponse } from "../../functions/lib/http";

const ROOT = resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "node_modules" ? [] : sources(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

const functionsFiles = sources(join(ROOT, "functions")).map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, "utf8") }));

describe("every error of functions/ comes from the catalogue", () => {
  test("ApiError is constructed only by the catalogue's factory (functions/lib/http.ts)", () => {
    const outside = functionsFiles
      .filter((f) => f.path !== "functions/lib/http.ts" && /new\s+ApiError\s*\(/.test(f.text))
      .map((f) => f.path);
    expect(outside).toEqual([]);
  });

  test("no error body is written by hand: no `{code: …, message: {zh…}}` outside the catalogue", () => {
    // Field issues (details.issues: {path, code, message}) name a field and are not responses: skipped.
    const handWritten = functionsFiles.flatMap((f) =>
      [...f.text.matchAll(/code:\s*"([A-Z][A-Z0-9_]+)"\s*,\s*message:\s*\{\s*zh/g)]
        .filter((m) => !/\bpath\b/.test(f.text.slice(Math.max(0, m.index - 120), m.index)))
        .map((m) => `${f.path}: ${m[1]}`),
    );
    expect(handWritten).toEqual([]);
  });

  test("every code named at a construction site is in the catalogue", () => {
    const named = functionsFiles.flatMap((f) =>
      [...f.text.matchAll(/\b(?:apiError|errorBody|errorJson|apiErrorMessage)\(\s*"([A-Z0-9_]+)"/g)].map((m) => ({
        path: f.path,
        code: m[1]!,
      })),
    );
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((n) => !isApiErrorCode(n.code))).toEqual([]);
  });

  test("the lifecycle's refusals are catalogued with the status the lifecycle gives them", () => {
    const text = readFileSync(join(ROOT, "packages/engine/src/lifecycle/transition.ts"), "utf8");
    const refusals = [...text.matchAll(/refuse\(\s*(\d{3}),\s*"([A-Z0-9_]+)"/g)].map((m) => ({ status: Number(m[1]), code: m[2]! }));
    expect(refusals.length).toBeGreaterThan(8);
    for (const r of refusals) {
      expect({ code: r.code, inCatalogue: isApiErrorCode(r.code) }).toEqual({ code: r.code, inCatalogue: true });
      expect({ code: r.code, status: apiErrorStatus(r.code as ApiErrorCode) }).toEqual({ code: r.code, status: r.status });
    }
  });
});

describe("one status per code", () => {
  test("no code of the catalogue is also an engine error code answered with another status", () => {
    // Engine errors are answered 400 (kind invalid) or 404 (kind not-found): functions/lib/http.ts errorResponse.
    const clashes = Object.entries(ERRORS).flatMap(([code, spec]) => {
      if (!isApiErrorCode(code)) return [];
      const engineStatus = (spec as { kind: string }).kind === "invalid" ? 400 : 404;
      return engineStatus === apiErrorStatus(code) ? [] : [`${code}: engine ${engineStatus}, API ${apiErrorStatus(code)}`];
    });
    expect(clashes).toEqual([]);
  });

  test("a thrown error answers with its catalogued status, whatever the call site", () => {
    const ctx = { warn: () => undefined, error: () => undefined } as never;
    const r = errorResponse(apiError("UNKNOWN_INSTITUTE", { instituteId: "HLJ-999" }), ctx);
    expect(r.status).toBe(422);
    expect(errorResponse(apiError("INSTITUTE_NOT_FOUND", { instituteId: "HLJ-999" }), ctx).status).toBe(404);
    expect(new ApiError("LOCKED", { zh: "x", en: "x" }).status).toBe(423);
  });

  test("the unknown-institute failures: a URI naming a missing institute is 404, a body naming one is 422", () => {
    expect(API_ERRORS.INSTITUTE_NOT_FOUND.status).toBe(404);
    expect(API_ERRORS.UNKNOWN_INSTITUTE.status).toBe(422);
    const uses = (code: string) =>
      functionsFiles
        .filter((f) => f.text.includes(`"${code}"`))
        .map((f) => f.path)
        .sort();
    expect(uses("INSTITUTE_NOT_FOUND")).toEqual(["functions/institute-get.ts", "functions/template-get.ts"]);
    expect(uses("UNKNOWN_INSTITUTE")).toEqual(["functions/lib/submission-ops.ts"]);
  });
});

test("every message template gives Chinese and English text, the Chinese view free of English sentences", () => {
  const sample: Partial<Record<ApiErrorCode, unknown>> = {
    UNKNOWN_INSTITUTE: { instituteId: "HLJ-999" },
    FORBIDDEN: { rule: "read", instituteId: "HLJ-001", region: "CN-HL", caller: "x (institute, HLJ-002)" },
    INVALID_QUERY: { field: "year", received: "20x4", expected: "2000–2100" },
    STORE_UNAVAILABLE: { retryAfterSeconds: 2 },
  };
  for (const [code, p] of Object.entries(sample)) {
    const m = apiErrorMessage(code as ApiErrorCode, p as never);
    expect(m.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(m.en).toMatch(/[a-z]{3}/);
    expect(m.zh).not.toMatch(/\b(the|is|not|must)\b/);
  }
  expect(apiErrorMessage("UNKNOWN_INSTITUTE", { instituteId: "HLJ-999" }).en).toContain("HLJ-999");
});

test("the OpenAPI document lists the catalogue: every code with its status, and each status's codes", () => {
  const { openApiDocument } = require("../../functions/lib/openapi") as typeof import("../../functions/lib/openapi");
  const doc = openApiDocument() as unknown as { "x-error-codes": Record<string, number>; paths: Record<string, Record<string, any>> };
  expect(doc["x-error-codes"]).toEqual(Object.fromEntries(Object.entries(API_ERRORS).map(([c, e]) => [c, e.status])));
  const post = doc.paths["/submissions"]!.post;
  expect(post.responses["422"].description).toContain("UNKNOWN_INSTITUTE");
  expect(post.responses["422"].description).not.toContain("INSTITUTE_NOT_FOUND");
});
