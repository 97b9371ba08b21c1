/**
 * The route table: the one place that lists every endpoint. `registerRoutes` hands each to the Functions
 * host with `app.http`; the local host (local/host.ts) routes to the very same handlers.
 */
import { awardsGet } from "./awards-get";
import { awardsXlsxGet } from "./awards-xlsx-get";
import { submissionRecordGet } from "./submission-record-get";
import { indicatorValueAuditGet } from "./indicator-values";
import { indicatorValuePut } from "./indicator-values";
import { indicatorValuesList } from "./indicator-values";
import { indicatorValuesLock } from "./indicator-values";
import { indicatorValuesPost } from "./indicator-values";
import { indicatorValuesUnlock } from "./indicator-values";
import { indicatorTemplateGet } from "./indicator-values-xlsx";
import { indicatorValuesXlsxPost } from "./indicator-values-xlsx";
import { app, type HttpMethod } from "@azure/functions";
import type { Handler } from "./lib/http";
import type { Services } from "./lib/services";
import { healthGet } from "./health-get";
import { policiesGet } from "./policies-get";
import { submissionsPost } from "./submissions-post";
import { submissionsList } from "./submissions-list";
import { submissionGet } from "./submission-get";
import { submissionPut } from "./submission-put";
import { submissionApprove } from "./submission-approve";
import { submissionReturn } from "./submission-return";
import { submissionAuditGet } from "./submission-audit-get";
import { progressGet } from "./progress-get";
import { progressXlsxGet } from "./progress-xlsx-get";
import { progressBatchPost } from "./progress-batch-post";
import { templateGet } from "./template-get";
import { submissionsXlsxPost } from "./submissions-xlsx-post";
import { openapiGet } from "./openapi-get";
import { docsAssetGet, docsGet } from "./docs-get";
import { submissionWorkbookGet } from "./submission-workbook-get";
import { reviewList } from "./review-list";
import { instituteGet } from "./institute-get";
import { webAssetGet, webGet } from "./web-get";

export interface Route {
  /** Function name in the Functions host. */
  name: string;
  method: HttpMethod;
  /** Route template under /api, Functions syntax ({id} matches one path segment). */
  route: string;
  handler: Handler;
}

export const ROUTES: readonly Route[] = [
  { name: "health-get", method: "GET", route: "health", handler: healthGet },
  { name: "policies-get", method: "GET", route: "policies", handler: policiesGet },
  { name: "openapi-get", method: "GET", route: "openapi.json", handler: openapiGet },
  { name: "docs-get", method: "GET", route: "docs", handler: docsGet },
  { name: "docs-asset-get", method: "GET", route: "docs/{file}", handler: docsAssetGet },
  { name: "template-get", method: "GET", route: "templates/institute.xlsx", handler: templateGet },
  { name: "submissions-post", method: "POST", route: "submissions", handler: submissionsPost },
  { name: "submissions-xlsx-post", method: "POST", route: "submissions/xlsx", handler: submissionsXlsxPost },
  { name: "submissions-list", method: "GET", route: "submissions", handler: submissionsList },
  { name: "submission-get", method: "GET", route: "submissions/{id}", handler: submissionGet },
  { name: "submission-put", method: "PUT", route: "submissions/{id}", handler: submissionPut },
  { name: "submission-approve", method: "POST", route: "submissions/{id}/approve", handler: submissionApprove },
  { name: "submission-return", method: "POST", route: "submissions/{id}/return", handler: submissionReturn },
  { name: "submission-audit-get", method: "GET", route: "submissions/{id}/audit", handler: submissionAuditGet },
  { name: "progress-get", method: "GET", route: "progress", handler: progressGet },
  { name: "progress-xlsx-get", method: "GET", route: "progress.xlsx", handler: progressXlsxGet },
  { name: "progress-batch-post", method: "POST", route: "progress/batch", handler: progressBatchPost },
  { name: "indicator-values-post", method: "POST", route: "indicator-values", handler: indicatorValuesPost },
  { name: "indicator-values-list", method: "GET", route: "indicator-values", handler: indicatorValuesList },
  { name: "indicator-values-xlsx-post", method: "POST", route: "indicator-values/xlsx", handler: indicatorValuesXlsxPost },
  { name: "indicator-values-lock", method: "POST", route: "indicator-values/lock", handler: indicatorValuesLock },
  { name: "indicator-values-unlock", method: "POST", route: "indicator-values/unlock", handler: indicatorValuesUnlock },
  { name: "indicator-value-put", method: "PUT", route: "indicator-values/{id}", handler: indicatorValuePut },
  { name: "indicator-value-audit-get", method: "GET", route: "indicator-values/{id}/audit", handler: indicatorValueAuditGet },
  { name: "indicator-template-get", method: "GET", route: "templates/indicators.xlsx", handler: indicatorTemplateGet },
  { name: "awards-get", method: "GET", route: "awards", handler: awardsGet },
  { name: "awards-xlsx-get", method: "GET", route: "awards.xlsx", handler: awardsXlsxGet },
  { name: "submission-record-get", method: "GET", route: "submissions/{id}/record.xlsx", handler: submissionRecordGet },
  { name: "submission-workbook-get", method: "GET", route: "submissions/{id}/workbook", handler: submissionWorkbookGet },
  { name: "review-list", method: "GET", route: "review", handler: reviewList },
  { name: "institute-get", method: "GET", route: "institutes/{id}", handler: instituteGet },
  { name: "web-get", method: "GET", route: "web", handler: webGet },
  { name: "web-asset-get", method: "GET", route: "web/{file}", handler: webAssetGet },
];

/** Registers every route with the Functions host; services are resolved per call (built once). */
export function registerRoutes(services: () => Promise<Services>): void {
  for (const r of ROUTES) {
    app.http(r.name, {
      methods: [r.method],
      route: r.route,
      authLevel: "anonymous", // authorisation is the bearer token, checked in each handler
      handler: async (req, ctx) => r.handler(req, ctx, await services()),
    });
  }
}

/** Matches a method and a path below /api against the table; returns the route and its parameters. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | "method-not-allowed" | "malformed-path" | null {
  const segments = path.split("/").filter(Boolean);
  // A parameter that is not valid percent-encoded UTF-8 (e.g. %E0%A4%A) is the caller's error: 400, never 500.
  if (segments.some((seg) => !decodable(seg))) return "malformed-path";
  let pathMatched = false;
  for (const route of ROUTES) {
    const template = route.route.split("/");
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = template.every((t, i) => {
      const m = /^\{(\w+)\}$/.exec(t);
      if (m) return (params[m[1]!] = decodeURIComponent(segments[i]!)) !== "";
      return t === segments[i];
    });
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method.toUpperCase()) return { route, params };
  }
  return pathMatched ? "method-not-allowed" : null;
}

function decodable(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
