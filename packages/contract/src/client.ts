/**
 * The typed client of the cloud API (functions/README.md), fetch-based and browser-safe: the task pane, the
 * custom functions and any web page call the API through it, with the request and response types of this
 * package. Every failure becomes an `ApiFailure` with the server's `{code, message:{zh,en}, details}` (or a
 * network message), never a bare exception. It imports no zod (types only), so it adds little to a bundle.
 */
import type { Bilingual } from "@tt/engine";
import type { Breakdown, ProgressReport } from "./progress-report";
import type { InstituteView, ReviewList, SubmissionView } from "./review";
import type { Submission } from "./schemas/records";
import type { AwardRoster } from "./award-roster";
import { BATCH_PATH, isProgressBatchResponse, type ProgressBatchRequest, type ProgressBatchResponse } from "./progress-batch";

/* What a zod-free caller (the add-in) needs besides the client: import it all from "@tt/contract/client". */
export { canonicalJson, contentHash } from "./content-hash";
export { diagnoseNetworkFailure, type NetworkDiagnosis } from "./network-hint";
export {
  BATCH_PATH,
  MAX_BATCH_PAIRS,
  isProgressBatchResponse,
  type ProgressBatchRequest,
  type ProgressBatchResponse,
  type ProgressBatchResult,
} from "./progress-batch";
export type { Actor, AuditAction, AuditEntry, ServerSubsidy, SubmissionList, SubmissionRecord, SubmissionStatus } from "./submissions";
export type { ProgressReport, MetricProgress, BreakdownRow, Breakdown, InstituteType } from "./progress-report";
export type { InstituteView, ReviewList, ReviewRow, SubmissionView } from "./review";
export type { AwardRoster } from "./award-roster";
/* The error catalogue's codes and messages (no zod): what a caller may compare `ApiFailure.code` with. */
export { API_ERRORS, apiErrorMessage, isApiErrorCode, type ApiErrorCode, type ApiErrorParams } from "./api-errors";
export type { Submission, SubmissionInput, Achievement, TechnologyContract } from "./schemas/records";
import { diagnoseNetworkFailure } from "./network-hint";

/** One problem in a request; workbook problems also name the sheet and cell. */
export interface ServerIssue {
  path: string;
  code: string;
  message: Bilingual;
  sheet?: string;
  cell?: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly details: { issues?: ServerIssue[] } & Record<string, unknown> = {},
  ) {
    super(`${status ? `HTTP ${status} ` : ""}${code}: ${text.en}`);
    this.name = "ApiFailure";
  }
}

/** A stored thing as a write or read returned it: the status, its ETag and the body. */
export interface Saved<T = SubmissionView> {
  status: number;
  etag: string | null;
  body: T;
}

/** A downloaded file: its bytes, type and the name the server proposes. */
export interface Download {
  bytes: ArrayBuffer;
  type: string;
  filename: string;
  headers: Headers;
}

export interface ApiOptions {
  /** Origin (or origin + prefix) of the API, without /api; "" for the page's own origin. */
  baseUrl: () => Promise<string> | string;
  token: () => string | null | undefined;
  fetch?: typeof fetch;
  /** XMLHttpRequest factory for uploads with progress (default: the global one when present). */
  xhr?: () => XMLHttpRequest;
}

export const BREAKDOWNS = ["sector", "city", "instituteType"] as const;
export type Period = "Y" | "H1" | "H2" | "Q1" | "Q2" | "Q3" | "Q4";
export const PERIODS: readonly Period[] = ["Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4"];
export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A query string of the set values (commas, as in `by=sector,city`, stay readable). */
const qs = (q: Record<string, string | number | undefined | null>) =>
  new URLSearchParams(Object.entries(q).flatMap(([k, v]) => (v === undefined || v === null || v === "" ? [] : [[k, String(v)]])))
    .toString()
    .replace(/%2C/gi, ",");

/** The server's error body, or a bilingual stand-in when it sent none. */
export function failureFrom(status: number, text: string): ApiFailure {
  let body: { code?: unknown; message?: unknown; details?: unknown } | null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const message =
    body?.message && typeof body.message === "object"
      ? (body.message as Bilingual)
      : { zh: `服务器返回 ${status}`, en: `The server answered ${status}` };
  return new ApiFailure(
    status,
    typeof body?.code === "string" ? body.code : `HTTP_${status}`,
    message,
    (body?.details ?? {}) as ApiFailure["details"],
  );
}

/** A 2xx answer that is not what the contract promises (the address is probably not this API). */
const malformed = (status: number, what: Bilingual) => new ApiFailure(status, "MALFORMED_RESPONSE", what);
const NOT_JSON: Bilingual = { zh: "响应不是有效的 JSON", en: "malformed JSON in the response" };

/** The filename of a Content-Disposition header, or `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? "");
  return m ? decodeURIComponent(m[1]!) : fallback;
}

/**
 * The one transport of the API: every request of every caller goes through `send` (a refused or unreachable
 * server becomes an ApiFailure) and `call` (JSON in, JSON out). `createApiClient` binds the endpoints to it;
 * the custom functions bind only `progressBatch` (so the rest stays out of their 150 KB bundle).
 */
export function createTransport(opts: ApiOptions, diagnose?: typeof diagnoseNetworkFailure) {
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const baseOf = async () => String(await opts.baseUrl()).replace(/\/+$/, "");
  const auth = (): Record<string, string> => {
    const t = opts.token();
    return t ? { Authorization: `Bearer ${t}` } : {};
  };

  /**
   * Why the server could not be reached (one message for fetch and the upload): with `diagnose` (the task
   * pane, the web page) NETWORK or CORS_REFUSED with what to do; without it (the custom functions, which
   * wrap every failure in their own #N/A message) the reason alone.
   */
  async function unreachable(url: string, base: string, reason: string): Promise<ApiFailure> {
    const origin = typeof location !== "undefined" ? location.origin : undefined;
    const why = diagnose
      ? await diagnose({ url, base, reason, origin, fetch: doFetch })
      : { code: "NETWORK", message: { zh: reason, en: reason } };
    return new ApiFailure(0, why.code, why.message, { url, origin });
  }

  /** Every request goes through here: a refused or unreachable server becomes an ApiFailure. */
  async function send(
    method: string,
    path: string,
    init: { body?: BodyInit; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const base = await baseOf();
    const url = `${base}/api/${path}`;
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: { ...auth(), ...(init.headers ?? {}) },
        ...(init.body === undefined ? {} : { body: init.body }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (init.signal?.aborted) throw e; // the caller's own timeout: the caller says what happened
      throw await unreachable(url, base, reason);
    }
    if (!res.ok) throw failureFrom(res.status, await res.text());
    return res;
  }

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<Saved<T> & { headers: Headers }> {
    const res = await send(method, path, {
      headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw malformed(res.status, NOT_JSON);
    }
    return { status: res.status, etag: res.headers.get("etag"), body: json as T, headers: res.headers };
  }
  return { baseOf, auth, unreachable, send, call };
}
export type Transport = ReturnType<typeof createTransport>;

/** POST /api/progress/batch (TT.PROGRESS, TT.TARGETGAP): live actuals of several (region, year) pairs. */
export async function progressBatch(t: Transport, body: ProgressBatchRequest, signal?: AbortSignal): Promise<ProgressBatchResponse> {
  const r = await t.call<unknown>("POST", BATCH_PATH.replace(/^\/api\//, ""), body, {}, signal);
  if (!isProgressBatchResponse(r.body)) throw malformed(r.status, { zh: "响应缺少 results 列表", en: 'no "results" list in the response' });
  return r.body;
}

/**
 * The one client of the API: the task pane, the custom functions (TT.PROGRESS's batch) and the web page
 * call the server through it. One transport (`createTransport`), one method per endpoint, queries as objects.
 */
export function createApiClient(opts: ApiOptions) {
  const t = createTransport(opts, diagnoseNetworkFailure);
  const { baseOf, auth, unreachable, send, call } = t;
  const saved = async <T>(p: Promise<Saved<T> & { headers: Headers }>): Promise<Saved<T>> => {
    const { status, etag, body } = await p;
    return { status, etag, body };
  };

  async function download(path: string, fallbackName: string): Promise<Download> {
    const res = await send("GET", path, { headers: { Accept: XLSX_MEDIA_TYPE } });
    return {
      bytes: await res.arrayBuffer(),
      type: res.headers.get("content-type") ?? XLSX_MEDIA_TYPE,
      filename: filenameOf(res.headers.get("content-disposition"), fallbackName),
      headers: res.headers,
    };
  }

  /** POST the workbook; with XMLHttpRequest the upload reports progress (fraction 0–1). */
  async function uploadWorkbook(file: Blob, onProgress?: (fraction: number) => void): Promise<Saved<SubmissionView>> {
    const factory = opts.xhr ?? (typeof XMLHttpRequest === "function" ? () => new XMLHttpRequest() : null);
    if (!factory) {
      const r = await send("POST", "submissions/xlsx", {
        body: file,
        headers: { "Content-Type": XLSX_MEDIA_TYPE, Accept: "application/json" },
      });
      onProgress?.(1);
      return { status: r.status, etag: r.headers.get("etag"), body: (await r.json()) as SubmissionView };
    }
    const base = await baseOf();
    const url = `${base}/api/submissions/xlsx`;
    return new Promise((resolve, reject) => {
      const xhr = factory();
      xhr.open("POST", url);
      for (const [k, v] of Object.entries({ ...auth(), "Content-Type": XLSX_MEDIA_TYPE, Accept: "application/json" }))
        xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
      };
      xhr.onerror = () => void unreachable(url, base, "upload failed").then(reject);
      xhr.onabort = () => void unreachable(url, base, "upload aborted").then(reject);
      xhr.onload = () => {
        if (xhr.status < 200 || xhr.status >= 300) return reject(failureFrom(xhr.status, xhr.responseText));
        onProgress?.(1);
        try {
          resolve({ status: xhr.status, etag: xhr.getResponseHeader("etag"), body: JSON.parse(xhr.responseText) as SubmissionView });
        } catch {
          reject(malformed(xhr.status, NOT_JSON));
        }
      };
      xhr.send(file);
    });
  }

  const enc = encodeURIComponent;
  const ifMatch = (etag?: string): Record<string, string> => (etag ? { "If-Match": etag } : {});
  return {
    /** GET /api/institutes/{id}: the register entry. */
    institute: async (id: string) => (await call<InstituteView>("GET", `institutes/${enc(id)}`)).body,
    /** GET /api/templates/institute.xlsx: a fresh template workbook. */
    template: (q: { instituteId: string; year: number; period: Period }) =>
      download(`templates/institute.xlsx?${qs(q)}`, `TT-${q.instituteId}-${q.year}-${q.period}.xlsx`),
    uploadWorkbook,
    postSubmission: (s: Submission) => saved(call<SubmissionView>("POST", "submissions", s)),
    putSubmission: (s: Submission, etag: string) =>
      saved(call<SubmissionView>("PUT", `submissions/${enc(s.submissionId)}`, s, { "If-Match": etag })),
    getSubmission: (id: string) => saved(call<SubmissionView>("GET", `submissions/${enc(id)}`)),
    listSubmissions: async (q: { region?: string; year?: number; instituteId?: string }) =>
      (await call<{ submissions: SubmissionView[] }>("GET", `submissions?${qs(q)}`)).body.submissions,
    submissionWorkbook: (id: string) => download(`submissions/${enc(id)}/workbook`, `TT-${id}.xlsx`),
    reviewList: async (q: { region?: string; year?: number; status?: string }) => (await call<ReviewList>("GET", `review?${qs(q)}`)).body,
    approve: (id: string, etag?: string) => saved(call<SubmissionView>("POST", `submissions/${enc(id)}/approve`, {}, ifMatch(etag))),
    returnSubmission: (id: string, reason: string, etag?: string) =>
      saved(call<SubmissionView>("POST", `submissions/${enc(id)}/return`, { reason }, ifMatch(etag))),
    /** GET /api/progress; `rulesVersion` from the body, else from the X-Rules-Version header. */
    progress: async (q: { region: string; year: number; by?: readonly Breakdown[] }): Promise<ProgressReport> => {
      const r = await call<ProgressReport>("GET", `progress?${qs({ region: q.region, year: q.year, by: q.by?.join(",") })}`);
      return { ...r.body, rulesVersion: r.body.rulesVersion ?? r.headers.get("x-rules-version") ?? "" };
    },
    /** POST /api/progress/batch (TT.PROGRESS, TT.TARGETGAP): live actuals of several (region, year) pairs. */
    progressBatch: (body: ProgressBatchRequest, signal?: AbortSignal) => progressBatch(t, body, signal),
    /** The award roster (GET /api/awards): payable subsidies with citations, totals by city and institute type. */
    awards: async (q: { region: string; year: number; status?: "approved" | "all" }): Promise<AwardRoster> =>
      (await call<AwardRoster>("GET", `awards?${qs({ region: q.region, year: q.year, status: q.status ?? "approved" })}`)).body,
    /** Indicator values (provincial staff): the stored ones of a region and year, and one value created or changed. */
    indicatorValues: async (q: { region: string; year: number }) =>
      (await call<{ locked: boolean; values: StoredIndicatorValue[] }>("GET", `indicator-values?${qs(q)}`)).body,
    postIndicatorValue: async (body: IndicatorValueBody) => (await call<StoredIndicatorValue>("POST", "indicator-values", body)).body,
    putIndicatorValue: async (id: string, body: IndicatorValueBody, etag: string) =>
      (await call<StoredIndicatorValue>("PUT", `indicator-values/${enc(id)}`, body, { "If-Match": etag })).body,
  };
}

/** The body of POST/PUT /api/indicator-values (packages/contract/src/indicators.ts `indicatorValueInput`). */
export interface IndicatorValueBody {
  clientId: string;
  region: string;
  metric: string;
  year: number;
  value: string | number;
  source: { text: string; documentNumber?: string; date: string; link?: string };
  note?: string;
  city?: string;
  reason?: string;
}
export interface StoredIndicatorValue extends Omit<IndicatorValueBody, "value" | "reason"> {
  id: string;
  value: string;
  version: number;
  etag: string;
}

export type ApiClient = ReturnType<typeof createApiClient>;
