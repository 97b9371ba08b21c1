/**
 * The typed client of the cloud API (functions/README.md), fetch-based and browser-safe: the task pane, the
 * custom functions and any web page call the API through it, with the request and response types of this
 * package. Every failure becomes an `ApiFailure` with the server's `{code, message:{zh,en}, details}` (or a
 * network message), never a bare exception. It imports no zod (types only), so it adds little to a bundle.
 */
import type { Bilingual } from "@tt/engine";
import type { ProgressReport } from "./progress-report";
import type { Submission } from "./schemas/records";
import type { SubmissionList, SubmissionRecord } from "./submissions";

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
    super(`${status} ${code}: ${text.en}`);
    this.name = "ApiFailure";
  }
}

export interface Saved {
  status: number;
  etag: string | null;
  doc: SubmissionRecord;
}

import type { AwardRoster } from "./award-roster";

export interface ApiOptions {
  baseUrl: () => Promise<string> | string;
  token: () => string | undefined;
  fetch?: typeof fetch;
}

export const BREAKDOWNS = ["sector", "city", "instituteType"] as const;

export function apiClient(opts: ApiOptions) {
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Headers; json: unknown }> {
    const base = String(await opts.baseUrl()).replace(/\/+$/, "");
    const url = `${base}/api/${path}`;
    const token = opts.token();
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: {
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      const origin = typeof location !== "undefined" ? location.origin : undefined;
      const why = await diagnoseNetworkFailure({ url, base, reason, origin, fetch: doFetch });
      throw new ApiFailure(0, why.code, why.message, { url, origin });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const err = (json ?? {}) as { code?: string; message?: Bilingual; details?: Record<string, unknown> };
      throw new ApiFailure(
        res.status,
        err.code ?? `HTTP_${res.status}`,
        err.message && typeof err.message === "object"
          ? err.message
          : { zh: `服务器返回 ${res.status}`, en: `The server answered ${res.status}` },
        (err.details ?? {}) as ApiFailure["details"],
      );
    }
    return { status: res.status, headers: res.headers, json };
  }

  const saved = (r: { status: number; headers: Headers; json: unknown }): Saved => ({
    status: r.status,
    etag: r.headers.get("etag"),
    doc: r.json as SubmissionRecord,
  });

  return {
    postSubmission: async (s: Submission) => saved(await call("POST", "submissions", s)),
    putSubmission: async (s: Submission, etag: string) =>
      saved(await call("PUT", `submissions/${encodeURIComponent(s.submissionId)}`, s, { "If-Match": etag })),
    getSubmission: async (id: string) => saved(await call("GET", `submissions/${encodeURIComponent(id)}`)),
    listSubmissions: async (q: { region?: string; year?: number; instituteId?: string }) => {
      const qs = new URLSearchParams(
        Object.entries(q)
          .filter(([, v]) => v !== undefined && v !== "")
          .map(([k, v]) => [k, String(v)]),
      );
      return ((await call("GET", `submissions?${qs}`)).json as SubmissionList).submissions;
    },
    review: async (id: string, action: "approve" | "return", reason?: string) =>
      saved(await call("POST", `submissions/${encodeURIComponent(id)}/${action}`, action === "return" ? { reason } : {})),
    /** The award roster (GET /api/awards): payable subsidies with citations, totals by city and institute type. */
    awards: async (region: string, year: number, status: "approved" | "all" = "approved"): Promise<AwardRoster> =>
      (await call("GET", `awards?region=${encodeURIComponent(region)}&year=${year}&status=${status}`)).json as AwardRoster,
    /** The report with all three breakdowns (`by=sector,city,instituteType`) and the history for the chart. */
    progress: async (region: string, year: number): Promise<{ report: ProgressReport; rulesVersion: string }> => {
      const r = await call("GET", `progress?region=${encodeURIComponent(region)}&year=${year}&by=${BREAKDOWNS.join(",")}`);
      const report = r.json as ProgressReport;
      return { report, rulesVersion: report.rulesVersion ?? r.headers.get("x-rules-version") ?? "" };
    },
    /** Indicator values (provincial staff): the stored ones of a region and year, and one value created or changed. */
    indicatorValues: async (region: string, year: number) =>
      (await call("GET", `indicator-values?region=${encodeURIComponent(region)}&year=${year}`)).json as {
        locked: boolean;
        values: StoredIndicatorValue[];
      },
    postIndicatorValue: async (body: IndicatorValueBody) => (await call("POST", "indicator-values", body)).json as StoredIndicatorValue,
    putIndicatorValue: async (id: string, body: IndicatorValueBody, etag: string) =>
      (await call("PUT", `indicator-values/${encodeURIComponent(id)}`, body, { "If-Match": etag })).json as StoredIndicatorValue,
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

export type ApiClient = ReturnType<typeof apiClient>;
