/**
 * POST /api/progress/batch — live actuals for the Excel functions TT.PROGRESS / TT.TARGETGAP, many
 * (region, year) pairs in one request (contract: addin/functions/progress-client.ts):
 *
 *   { "requests": [ { "region": "CN-HL", "year": 2024 }, … ] }        at most MAX_PAIRS, duplicates answered once
 *   200 { "rulesVersion", "results": [ { region, year, metrics: [ { metric, actual } ] }
 *                                    | { region, year, error: { code, message: { zh, en } } } ] }
 *
 * One result per distinct pair, in request order. A pair the caller may not read (a province token for
 * another region: FORBIDDEN) or a bad pair (INVALID_PAIR) is an error in its own result, not a failed
 * request. No or bad token → 401 for the whole request; a malformed body → 400. Actuals are those of
 * GET /api/progress (the same fold, one read of the summaries per region).
 */
import { RULES_VERSION, type RegionCode } from "@tt/engine";
import { MAX_BATCH_PAIRS, progressBatchRequest, region as regionSchema, year as yearSchema, type ProgressBatchResult } from "@tt/contract";
import { assertMayReadRegion } from "./lib/auth";
import { ApiError, endpoint, json, readJsonBody } from "./lib/http";
import { apiErrorMessage } from "@tt/contract/errors";
import { loadProgressYears } from "./lib/progress-query";
import { parseWith } from "./lib/submission-ops";

/** Kept under its old names for the OpenAPI and tests; the contract package owns the shapes. */
export const MAX_PAIRS = MAX_BATCH_PAIRS;
export const batchBody = progressBatchRequest;
type Result = ProgressBatchResult;

export const progressBatchPost = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const body = parseWith(batchBody, await readJsonBody(req), { body: "progressBatch", maxPairs: MAX_PAIRS });

  const seen = new Set<string>();
  const pairs = body.requests.filter((p) => {
    const key = `${String(p.region)}|${String(p.year)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });

  // Per pair: valid and readable → wanted; otherwise an error result.
  const results: (Result | { region: RegionCode; year: number; pending: true })[] = pairs.map((p) => {
    const region = regionSchema.safeParse(p.region);
    const year = yearSchema.safeParse(p.year);
    const echo = { region: String(p.region ?? ""), year: typeof p.year === "number" ? p.year : Number(p.year) };
    if (!region.success || !year.success) {
      return {
        ...echo,
        error: { code: "INVALID_PAIR", message: apiErrorMessage("INVALID_PAIR", { region: p.region, year: p.year }) },
      };
    }
    try {
      assertMayReadRegion(caller, region.data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return { ...echo, error: { code: e.code, message: e.text } };
    }
    return { region: region.data as RegionCode, year: year.data, pending: true as const };
  });

  const wanted = new Map<RegionCode, number[]>();
  for (const r of results) if ("pending" in r) wanted.set(r.region, [...(wanted.get(r.region) ?? []), r.year]);
  const reports = new Map(
    await Promise.all([...wanted].map(async ([region, years]) => [region, await loadProgressYears(s, region, years)] as const)),
  );

  return json(200, {
    rulesVersion: RULES_VERSION,
    results: results.map((r): Result => {
      if (!("pending" in r)) return r;
      const report = reports.get(r.region)!.get(r.year)!;
      return { region: r.region, year: r.year, metrics: report.metrics.map((m) => ({ metric: m.metric, actual: m.actual })) };
    }),
  });
});
