/**
 * Live provincial actuals from the cloud API, batched. Many cells recalculating at once (500 × TT.PROGRESS)
 * make ONE request per batch window:
 *
 *   POST {apiBase}/api/progress/batch
 *   Authorization: Bearer <token>            (when the task pane has set one)
 *   { "requests": [ { "region": "CN-HL", "year": 2024 }, ... ] }          distinct (region, year) pairs
 *
 *   200 { "rulesVersion": "...", "results": [
 *         { "region": "CN-HL", "year": 2024, "metrics": [ { "metric": "industrialised", "actual": "55" | null } ] },
 *         { "region": "CN-HE", "year": 2031, "error": { "code": "NO_TARGET", "message": { "zh": "…", "en": "…" } } } ] }
 *
 * Answers are cached for a short time keyed by (rules version, region, year, metric). A failed request
 * (network error, non-2xx, timeout, malformed JSON) rejects every waiting cell with #N/A and the reason, so
 * no cell stays on #BUSY!. Unlike the Batching sample in OfficeDev/Office-Add-in-samples, every path settles.
 */
import { BATCH_PATH } from "@tt/contract/client";
import { createTransport, progressBatch, type Transport } from "@tt/contract/client";
import type { ProgressBatchRequest } from "@tt/contract/client";
import type { ProgressBatchResponse } from "@tt/contract/client";
import { TARGETS } from "@tt/engine";
import { RULES_VERSION, type RegionCode } from "@tt/engine";
import { addinError, type AddinError } from "./excel-errors";
import { apiBaseUrl, authToken } from "./runtime-state";

export interface ActualQuery {
  region: RegionCode;
  year: number;
  metric: string;
}

/** The wire shapes are the contract's; the old names stay for the tests and callers of this module. */
export type BatchRequestBody = ProgressBatchRequest;
export type BatchResponseBody = ProgressBatchResponse;
/** A server that is not this one may send a plain string or half a message: read it defensively. */
type ProgressBatchError = { message?: { zh?: string; en?: string } };
export { BATCH_PATH };

export interface ProgressClientOptions {
  /** How long to collect calls before sending one request. */
  batchWindowMs?: number;
  /** Abort a request after this long. */
  timeoutMs?: number;
  /** How long an answer is reused. */
  cacheTtlMs?: number;
  fetch?: typeof fetch;
  baseUrl?: () => string | Promise<string>;
  token?: () => string | undefined;
  now?: () => number;
}

interface Waiter {
  query: ActualQuery;
  resolve: (actual: string) => void;
  reject: (e: AddinError) => void;
}

const pairKey = (region: string, year: number) => `${region}|${year}`;
const cacheKey = (q: ActualQuery) => `${RULES_VERSION}|${q.region}|${q.year}|${q.metric}`;

export class ProgressClient {
  private readonly opts: Required<ProgressClientOptions>;
  private queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly cache = new Map<string, { actual: string | null; until: number }>();
  /** The one API client's transport (packages/contract/src/client.ts), as the task pane and the web page use it. */
  private readonly api: Transport;
  /** Requests sent so far (for tests and diagnostics). */
  requestsSent = 0;

  constructor(options: ProgressClientOptions = {}) {
    this.opts = {
      batchWindowMs: options.batchWindowMs ?? 75,
      timeoutMs: options.timeoutMs ?? 10_000,
      cacheTtlMs: options.cacheTtlMs ?? 60_000,
      fetch: options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a)),
      baseUrl: options.baseUrl ?? apiBaseUrl,
      token: options.token ?? authToken,
      now: options.now ?? (() => Date.now()),
    };
    this.api = createTransport({ baseUrl: this.opts.baseUrl, token: this.opts.token, fetch: this.opts.fetch });
  }

  /** The live actual (exact decimal string) for one (region, year, metric). Rejects with a not-found AddinError. */
  actual(query: ActualQuery): Promise<string> {
    const hit = this.cache.get(cacheKey(query));
    if (hit && hit.until > this.opts.now()) {
      return hit.actual === null ? Promise.reject(notReported(query)) : Promise.resolve(hit.actual);
    }
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ query, resolve, reject });
      if (this.timer === undefined) this.timer = setTimeout(() => void this.flush(), this.opts.batchWindowMs);
    });
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** Send everything queued as one request and settle every waiter, whatever happens. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const waiters = this.queue;
    this.queue = [];
    if (waiters.length === 0) return;

    const pairs = new Map<string, { region: string; year: number }>();
    for (const w of waiters) pairs.set(pairKey(w.query.region, w.query.year), { region: w.query.region, year: w.query.year });
    const body: BatchRequestBody = { requests: [...pairs.values()] };

    let url = BATCH_PATH;
    let response: BatchResponseBody;
    try {
      url = `${await this.opts.baseUrl()}${BATCH_PATH}`;
      response = await this.post(body);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      const failure = addinError("LIVE_REQUEST_FAILED", "not-found", { url, reason });
      for (const w of waiters) w.reject(failure);
      return;
    }

    const until = this.opts.now() + this.opts.cacheTtlMs;
    const byPair = new Map(response.results.map((r) => [pairKey(r.region, Number(r.year)), r]));
    for (const w of waiters) {
      const q = w.query;
      const result = byPair.get(pairKey(q.region, q.year));
      if (result && "error" in result) {
        const m = result.error.message as ProgressBatchError["message"] | string | undefined;
        const text = typeof m === "string" ? { zh: m, en: m } : { zh: m?.zh ?? m?.en ?? "", en: m?.en ?? m?.zh ?? "" };
        w.reject(addinError("LIVE_SERVER_ERROR", "not-found", text));
        continue;
      }
      const metric = result?.metrics.find((m) => m.metric === q.metric);
      if (!result || !metric) {
        w.reject(
          addinError("LIVE_NO_RESULT", "not-found", { region: q.region, year: String(q.year), metric: q.metric, metricZh: metricZh(q) }),
        );
        continue;
      }
      const actual = metric.actual === null ? null : String(metric.actual);
      this.cache.set(cacheKey(q), { actual, until });
      if (actual === null) w.reject(notReported(q));
      else w.resolve(actual);
    }
  }

  /** One POST through the shared client, bounded by the timeout; a failure becomes a one-line reason. */
  private async post(body: BatchRequestBody): Promise<BatchResponseBody> {
    this.requestsSent++;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    try {
      return await progressBatch(this.api, body, controller.signal);
    } catch (e) {
      // An ApiFailure's message names the status and code ("HTTP 401 UNAUTHENTICATED: …"); LIVE_REQUEST_FAILED
      // adds what to do (check the connection, sign in from the task pane).
      if (controller.signal.aborted) throw new Error(`no answer within ${Math.round(this.opts.timeoutMs / 1000)} s / 超时`, { cause: e });
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }
}

const notReported = (q: ActualQuery) =>
  addinError("LIVE_NOT_REPORTED", "not-found", { region: q.region, year: String(q.year), metric: q.metric, metricZh: metricZh(q) });

/** The metric's Chinese name for messages (the code stays in the English ones). */
const metricZh = (q: ActualQuery): string =>
  TARGETS.find((t) => t.region === q.region && t.metric === q.metric)?.description.zh ?? q.metric;

/** The one client of this runtime, shared by every cell (kept on a global so a second bundle reuses it). */
export function progressClient(): ProgressClient {
  const g = globalThis as unknown as { __techTransferProgressClient?: ProgressClient };
  return (g.__techTransferProgressClient ??= new ProgressClient());
}
