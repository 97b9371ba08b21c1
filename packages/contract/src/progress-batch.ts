/**
 * POST /api/progress/batch: live actuals for several (region, year) pairs in one request (TT.PROGRESS and
 * TT.TARGETGAP collect their cells into one call). The schema checks the envelope; each pair is checked on
 * its own, so a bad pair is an error in its own result and the others are still answered. No zod here (the
 * custom functions import it); the request schema is in schemas/progress-batch.ts.
 */
import type { Bilingual } from "@tt/engine";

/** At most this many (region, year) pairs per request. */
export const MAX_BATCH_PAIRS = 50;
export const BATCH_PATH = "/api/progress/batch";

export interface ProgressBatchRequest {
  requests: { region: string; year: number }[];
}

export type ProgressBatchResult =
  | { region: string; year: number; metrics: { metric: string; actual: string | null }[] }
  | { region: string; year: number; error: { code: string; message: Bilingual } };

export interface ProgressBatchResponse {
  rulesVersion: string;
  results: ProgressBatchResult[];
}

/** A structural check of a response (for callers that must not load zod, such as the custom functions). */
export function isProgressBatchResponse(v: unknown): v is ProgressBatchResponse {
  if (typeof v !== "object" || v === null || !Array.isArray((v as ProgressBatchResponse).results)) return false;
  return (v as ProgressBatchResponse).results.every(
    (r) =>
      typeof r === "object" &&
      r !== null &&
      typeof r.region === "string" &&
      typeof r.year === "number" &&
      ("metrics" in r ? Array.isArray(r.metrics) : typeof r.error === "object" && r.error !== null),
  );
}
