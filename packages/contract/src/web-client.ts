/**
 * The one typed client of the HTTP API (functions/README.md), for the web page (addin/web) and the task
 * pane: browser-safe (fetch, and XMLHttpRequest where upload progress is wanted), no zod, no Node APIs,
 * types from packages/engine/src/api. Every failure is an `ApiFailure` carrying the server's
 * `{code, message: {zh, en}, details}` — or NETWORK / a bilingual "the server answered N" — never a bare
 * exception, so callers show one kind of message.
 */
import { ApiFailure, type ServerIssue } from "./client";
import type { Bilingual } from "@tt/engine";
import type { ProgressReport, Breakdown } from "./progress-report";
import type { InstituteView, ReviewList, SubmissionView } from "./review";
export type { InstituteView, ReviewList, ReviewRow, SubmissionView } from "./review";
import type { Submission } from "./schemas/records";

/* One failure type for every caller of the API: the task pane's client and this one throw the same class. */
export { ApiFailure };
export type ApiIssue = ServerIssue;

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

export interface ClientOptions {
  /** Origin (or origin + prefix) of the API, without /api; "" for the page's own origin. */
  baseUrl: () => string | Promise<string>;
  token: () => string | null | undefined;
  fetch?: typeof fetch;
  /** XMLHttpRequest factory for uploads with progress (default: the global one when present). */
  xhr?: () => XMLHttpRequest;
}

export type Period = "Y" | "H1" | "H2" | "Q1" | "Q2" | "Q3" | "Q4";
export const PERIODS: readonly Period[] = ["Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4"];
export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const qs = (q: Record<string, string | number | undefined | null>) =>
  new URLSearchParams(
    Object.entries(q).flatMap(([k, v]) => (v === undefined || v === null || v === "" ? [] : [[k, String(v)]])),
  ).toString();

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

const networkFailure = (url: string, reason: string) =>
  new ApiFailure(0, "NETWORK", {
    zh: `无法连接服务器 ${url}：${reason}。请检查网络后重试。`,
    en: `Cannot reach the server at ${url}: ${reason}. Check the connection and try again.`,
  });

/** The filename of a Content-Disposition header, or `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? "");
  return m ? decodeURIComponent(m[1]!) : fallback;
}

export function createApiClient(opts: ClientOptions) {
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const urlOf = async (path: string) => `${String(await opts.baseUrl()).replace(/\/+$/, "")}/api/${path}`;
  const auth = (): Record<string, string> => {
    const t = opts.token();
    return t ? { Authorization: `Bearer ${t}` } : {};
  };

  async function send(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = await urlOf(path);
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: { ...auth(), ...(init.headers ?? {}) },
        ...(init.body === undefined ? {} : { body: init.body }),
      });
    } catch (e) {
      throw networkFailure(url, e instanceof Error ? e.message : String(e));
    }
    if (!res.ok) throw failureFrom(res.status, await res.text());
    return res;
  }

  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Saved<T>> {
    const res = await send(method, path, {
      headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get("etag"), body: (text ? JSON.parse(text) : null) as T };
  }

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
    const url = await urlOf("submissions/xlsx");
    const factory = opts.xhr ?? (typeof XMLHttpRequest === "function" ? () => new XMLHttpRequest() : null);
    if (!factory) {
      const r = await send("POST", "submissions/xlsx", {
        body: file,
        headers: { "Content-Type": XLSX_MEDIA_TYPE, Accept: "application/json" },
      });
      onProgress?.(1);
      return { status: r.status, etag: r.headers.get("etag"), body: (await r.json()) as SubmissionView };
    }
    return new Promise((resolve, reject) => {
      const xhr = factory();
      xhr.open("POST", url);
      for (const [k, v] of Object.entries({ ...auth(), "Content-Type": XLSX_MEDIA_TYPE, Accept: "application/json" }))
        xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
      };
      xhr.onerror = () => reject(networkFailure(url, "upload failed"));
      xhr.onabort = () => reject(networkFailure(url, "upload aborted"));
      xhr.onload = () => {
        if (xhr.status < 200 || xhr.status >= 300) return reject(failureFrom(xhr.status, xhr.responseText));
        onProgress?.(1);
        try {
          resolve({ status: xhr.status, etag: xhr.getResponseHeader("etag"), body: JSON.parse(xhr.responseText) as SubmissionView });
        } catch {
          reject(failureFrom(xhr.status, ""));
        }
      };
      xhr.send(file);
    });
  }

  const enc = encodeURIComponent;
  return {
    institute: async (id: string) => (await call<InstituteView>("GET", `institutes/${enc(id)}`)).body,
    template: (q: { instituteId: string; year: number; period: Period }) =>
      download(`templates/institute.xlsx?${qs(q)}`, `TT-${q.instituteId}-${q.year}-${q.period}.xlsx`),
    uploadWorkbook,
    postSubmission: (s: Submission) => call<SubmissionView>("POST", "submissions", s),
    putSubmission: (s: Submission, etag: string) =>
      call<SubmissionView>("PUT", `submissions/${enc(s.submissionId)}`, s, { "If-Match": etag }),
    listSubmissions: async (q: { region?: string; year?: number; instituteId?: string }) =>
      (await call<{ count: number; submissions: SubmissionView[] }>("GET", `submissions?${qs(q)}`)).body.submissions,
    getSubmission: (id: string) => call<SubmissionView>("GET", `submissions/${enc(id)}`),
    submissionWorkbook: (id: string) => download(`submissions/${enc(id)}/workbook`, `TT-${id}.xlsx`),
    reviewList: async (q: { region?: string; year?: number; status?: string }) => (await call<ReviewList>("GET", `review?${qs(q)}`)).body,
    approve: (id: string, etag?: string) =>
      call<SubmissionView>("POST", `submissions/${enc(id)}/approve`, {}, etag ? { "If-Match": etag } : {}),
    returnSubmission: (id: string, reason: string, etag?: string) =>
      call<SubmissionView>("POST", `submissions/${enc(id)}/return`, { reason }, etag ? { "If-Match": etag } : {}),
    progress: async (q: { region: string; year: number; by?: readonly Breakdown[] }) =>
      (await call<ProgressReport>("GET", `progress?${qs({ region: q.region, year: q.year, by: q.by?.join(",") })}`)).body,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
