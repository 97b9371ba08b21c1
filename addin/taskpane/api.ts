/**
 * The cloud API as the pane uses it (functions/README.md). Every failure becomes an `ApiFailure` with
 * the server's `{code, message:{zh,en}, details}` (or a network message), never a bare exception.
 * Base URL and token come from the shared runtime (window.TTAddin), so the pane and TT.PROGRESS agree.
 */
import type { Bilingual } from "../../shared/src/errors";
import type { ProgressReport } from "../../shared/src/api/progress-report";
import type { Submission } from "../../shared/src/schemas/records";

export interface ServerIssue {
  path: string;
  code: string;
  message: Bilingual;
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

export interface ServerSubsidy {
  registrationNumber: string;
  role: "buyer" | "seller";
  status: "computed" | "no-rule" | "not-computable";
  amount?: string;
  eligible?: boolean;
  reason?: Bilingual;
  message?: Bilingual;
  code?: string;
}

export interface SubmissionDocument {
  id: string;
  instituteId: string;
  region: string;
  year: number;
  period: string;
  status: "submitted" | "approved" | "returned";
  contentHash: string;
  subsidies: ServerSubsidy[];
  subsidyTotal: string;
  rulesVersion: string;
  review?: { action: string; at: string; reason?: string };
  updatedAt?: string;
  etag?: string;
}

export interface Saved {
  status: number;
  etag: string | null;
  doc: SubmissionDocument;
}

import type { AwardRoster } from "../../shared/src/workbook/award-roster";

export interface ApiOptions {
  baseUrl: () => Promise<string> | string;
  token: () => string | undefined;
  fetch?: typeof fetch;
}

export const BREAKDOWNS = ["sector", "city", "instituteType"] as const;

export function apiClient(opts: ApiOptions) {
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: unknown }> {
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
      throw new ApiFailure(0, "NETWORK", { zh: `无法连接云端接口 ${url}：${reason}`, en: `Cannot reach the cloud API at ${url}: ${reason}` });
    }
    const text = await res.text();
    let json: unknown = null;
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
        err.message && typeof err.message === "object" ? err.message : { zh: `服务器返回 ${res.status}`, en: `The server answered ${res.status}` },
        (err.details ?? {}) as ApiFailure["details"],
      );
    }
    return { status: res.status, headers: res.headers, json };
  }

  const saved = (r: { status: number; headers: Headers; json: unknown }): Saved => ({ status: r.status, etag: r.headers.get("etag"), doc: r.json as SubmissionDocument });

  return {
    postSubmission: async (s: Submission) => saved(await call("POST", "submissions", s)),
    putSubmission: async (s: Submission, etag: string) => saved(await call("PUT", `submissions/${encodeURIComponent(s.submissionId)}`, s, { "If-Match": etag })),
    getSubmission: async (id: string) => saved(await call("GET", `submissions/${encodeURIComponent(id)}`)),
    listSubmissions: async (q: { region?: string; year?: number; instituteId?: string }) => {
      const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => [k, String(v)]));
      return ((await call("GET", `submissions?${qs}`)).json as { submissions: SubmissionDocument[] }).submissions;
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
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
