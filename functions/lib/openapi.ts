/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate the requests
 * (z.toJSONSchema with io "input": what a client sends). Every request body carries an example.
 */
import { z } from "zod";
import { RULES_VERSION } from "@tt/engine";
import { API_ERRORS } from "@tt/contract/errors";
import { submission } from "@tt/contract";
import {
  APPROVE_EXAMPLE,
  INDICATOR_LOCK_EXAMPLE,
  INDICATOR_UNLOCK_EXAMPLE,
  INDICATOR_VALUE_EXAMPLE,
  INDICATOR_VALUE_PUT_EXAMPLE,
  RETURN_EXAMPLE,
  SUBMISSION_EXAMPLE,
} from "./examples";
import { indicatorValueInput } from "@tt/contract";
import { lockBody } from "./indicator-ops";
import { approveBody, reviewBody } from "./submission-ops";
import { MAX_PAIRS, batchBody } from "../progress-batch-post";
import { MAX_WORKBOOK_BYTES, XLSX_TYPE } from "../submissions-xlsx-post";

const schema = (s: z.ZodType) => {
  const { $schema, ...rest } = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const error = {
  type: "object",
  required: ["code", "message", "details"],
  properties: {
    code: {
      type: "string",
      description:
        "A code of the API error catalogue (x-error-codes: code → HTTP status; packages/contract/src/api-errors.ts), or of the policy engine's catalogue for a policy error (400/404).",
    },
    message: { type: "object", required: ["zh", "en"], properties: { zh: { type: "string" }, en: { type: "string" } } },
    details: { type: "object" },
  },
};

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { description: describeStatus(c), content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    ]),
  );

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input; details.issues lists every bad field by path",
  401: "No or invalid bearer token",
  403: "Valid token, but not for this institute or region",
  404: "Not found: the resource the URI names (path or query) does not exist",
  409: "Conflict: CONTENT_CONFLICT (same id, other content), PERIOD_ALREADY_SUBMITTED (the period has a live submission: details.existingSubmissionId), PERIOD_OVERLAPS, wrong state",
  415: "Wrong Content-Type (the workbook upload takes the .xlsx bytes, not JSON or a form)",
  412: "If-Match does not match the current ETag",
  413: "Too large to store as one document; the message says how to split it",
  422: "Well formed but not processable: the body names an institute not in the register (or registered in another region), or a metric without a numeric target",
  423: "Locked: approved (submissions) or region+year locked (indicator values)",
  428: "If-Match required",
  500: "Unexpected error (code INTERNAL); check with GET whether a write was stored, or resend it (idempotent)",
  503: "STORE_UNAVAILABLE: the store did not answer in time; a write may or may not have been stored. Retry the same request after Retry-After seconds (idempotent)",
};

/** The catalogue's codes of each status (packages/contract/src/api-errors.ts). */
const codesOf = (status: number) => Object.entries(API_ERRORS).flatMap(([code, e]) => (e.status === status ? [code] : []));
const describeStatus = (status: number) => {
  const codes = codesOf(status);
  return `${DESCRIPTIONS[status] ?? "Error"}${codes.length ? `. Codes: ${codes.join(", ")}` : ""}`;
};

const json = (ref: string, example?: unknown) => ({
  content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` }, ...(example ? { example } : {}) } },
});
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const xlsxFile = (description: string) => ({ description, content: { [XLSX_TYPE]: { schema: { type: "string", format: "binary" } } } });
const progressParams = [
  { name: "region", in: "query", required: true, schema: { type: "string", enum: ["CN-HL", "CN-HE"] } },
  { name: "year", in: "query", required: true, schema: { type: "integer" } },
  {
    name: "by",
    in: "query",
    required: false,
    description: "Comma-separated breakdowns: sector, city, instituteType (e.g. by=sector,city)",
    schema: { type: "string", pattern: "^(sector|city|instituteType)(,(sector|city|instituteType))*$" },
  },
];
const BATCH_EXAMPLE = {
  requests: [
    { region: "CN-HL", year: 2024 },
    { region: "CN-HE", year: 2024 },
  ],
};
const awardParams = [
  { name: "region", in: "query", required: true, schema: { type: "string", enum: ["CN-HL", "CN-HE"] } },
  { name: "year", in: "query", required: true, schema: { type: "integer" } },
  {
    name: "status",
    in: "query",
    required: false,
    description: "approved: approved submissions only; all (default): all but returned",
    schema: { type: "string", enum: ["approved", "all"] },
  },
];
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
const secured = [{ bearer: [] }];

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Tech-transfer submissions and progress API 科技成果转化报送与进度",
      version: RULES_VERSION,
      description:
        "Institutes submit achievements and technology contracts; the server recomputes subsidies with the policy engine, provincial staff approve or return, and progress is folded against the targets. Errors: {code, message: {zh, en}, details}.",
    },
    servers: [{ url: "/api" }],
    "x-error-codes": Object.fromEntries(Object.entries(API_ERRORS).map(([code, e]) => [code, e.status])),
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "roles: institute | province | admin; claims tt_institute, tt_region",
        },
      },
      schemas: {
        Submission: schema(submission),
        ReturnBody: schema(reviewBody),
        ApproveBody: schema(approveBody),
        ProgressBatchBody: schema(batchBody),
        IndicatorValue: schema(indicatorValueInput),
        IndicatorLock: schema(lockBody),
        Error: error,
      },
    },
    paths: {
      "/health": {
        get: {
          summary: "Store reachable, rules version",
          responses: { 200: ok("Healthy"), 503: ok("STORE_UNAVAILABLE, with Retry-After") },
        },
      },
      "/policies": {
        get: {
          summary: "Every parameter and target with references; each region's fields and questions",
          responses: { 200: ok("Policy data") },
        },
      },
      "/submissions": {
        post: {
          summary: "Submit (idempotent by submissionId + content)",
          security: secured,
          requestBody: { required: true, ...json("Submission", SUBMISSION_EXAMPLE) },
          responses: {
            201: ok("Stored"),
            200: ok("Same id and content: the stored result"),
            ...errors(400, 401, 403, 409, 413, 422, 500, 503),
          },
        },
        get: {
          summary: "List submissions",
          security: secured,
          description:
            "Paged, oldest first: `limit` 1–500 (default 100); pass the answer's `continuation` to get the next page (null on the last).",
          parameters: ["instituteId", "year", "region", "limit", "continuation"].map((name) => ({
            name,
            in: "query",
            required: false,
            schema: { type: "string" },
          })),
          responses: { 200: ok("Submissions: {count, submissions, continuation}"), ...errors(400, 401, 403, 503) },
        },
      },
      "/submissions/xlsx": {
        post: {
          summary: `Submit the filled institute template (.xlsx bytes, at most ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB); same rules and idempotency as POST /submissions`,
          description:
            "400 WORKBOOK_INVALID lists every bad cell in details.issues [{sheet, cell, path, code, message}]; 403/409/422 about one field also carry details.issues with its cell.",
          security: secured,
          requestBody: { required: true, content: { [XLSX_TYPE]: { schema: { type: "string", format: "binary" } } } },
          responses: {
            201: ok("Stored"),
            200: ok("Same file again: the stored result; or a stamped workbook applied as a correction"),
            ...errors(400, 401, 403, 409, 412, 413, 415, 422, 423, 500, 503),
          },
        },
      },
      "/templates/institute.xlsx": {
        get: {
          summary: "The institute template with institute, region, year, period and a fresh submission id stamped",
          security: secured,
          parameters: [
            { name: "instituteId", in: "query", required: true, schema: { type: "string" } },
            { name: "year", in: "query", required: true, schema: { type: "integer" } },
            { name: "period", in: "query", required: false, schema: { type: "string", enum: ["Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4"] } },
          ],
          responses: { 200: xlsxFile("The template (X-Submission-Id header: the stamped id)"), ...errors(400, 401, 403, 404) },
        },
      },
      "/submissions/{id}": {
        get: {
          summary: "One submission (ETag header)",
          security: secured,
          parameters: [idParam],
          responses: { 200: ok("Submission"), ...errors(401, 403, 404) },
        },
        put: {
          summary: "Replace (If-Match required; not once approved)",
          security: secured,
          parameters: [idParam, { name: "If-Match", in: "header", required: true, schema: { type: "string" } }],
          requestBody: { required: true, ...json("Submission", SUBMISSION_EXAMPLE) },
          responses: { 200: ok("Replaced"), ...errors(400, 401, 403, 404, 409, 412, 413, 423, 428) },
        },
      },
      "/submissions/{id}/approve": {
        post: {
          summary: "Approve and lock (provincial staff)",
          security: secured,
          parameters: [idParam],
          requestBody: { required: false, ...json("ApproveBody", APPROVE_EXAMPLE) },
          responses: { 200: ok("Approved"), ...errors(401, 403, 404, 409, 412, 423) },
        },
      },
      "/submissions/{id}/return": {
        post: {
          summary: "Return for correction, with a reason (provincial staff)",
          security: secured,
          parameters: [idParam],
          requestBody: { required: true, ...json("ReturnBody", RETURN_EXAMPLE) },
          responses: { 200: ok("Returned"), ...errors(400, 401, 403, 404, 409, 412, 423) },
        },
      },
      "/submissions/{id}/audit": {
        get: {
          summary: "Audit trail",
          security: secured,
          parameters: [idParam],
          responses: { 200: ok("Entries"), ...errors(401, 403, 404) },
        },
      },
      "/progress": {
        get: {
          summary: "Actual vs target for a region and year, with completeness",
          security: secured,
          parameters: progressParams,
          responses: {
            200: ok("ProgressReport: metrics, completeness, breakdowns, history, rulesVersion, generatedAt"),
            ...errors(400, 401, 403),
          },
        },
      },
      "/progress.xlsx": {
        get: {
          summary:
            "The provincial aggregate sheet as a workbook (all breakdowns unless by narrows them; lang=zh|en). The chart is drawn by the add-in",
          security: secured,
          parameters: [...progressParams, { name: "lang", in: "query", required: false, schema: { type: "string", enum: ["zh", "en"] } }],
          responses: { 200: xlsxFile("The workbook"), ...errors(400, 401, 403) },
        },
      },
      "/progress/batch": {
        post: {
          summary: `Live actuals for up to ${MAX_PAIRS} (region, year) pairs (TT.PROGRESS, TT.TARGETGAP); a forbidden or bad pair is an error in its own result`,
          security: secured,
          requestBody: { required: true, ...json("ProgressBatchBody", BATCH_EXAMPLE) },
          responses: {
            200: ok("{rulesVersion, results: [{region, year, metrics: [{metric, actual}]} | {region, year, error: {code, message}}]}"),
            ...errors(400, 401),
          },
        },
      },
      "/indicator-values": {
        post: {
          summary: "Enter an indicator value with its source (provincial staff of the region, admin); idempotent by clientId + content",
          description:
            "Validated per unit and kind: count a whole number ≥ 0; CNY an exact decimal string with at most 2 decimals; ratio a fraction (share 0–1, growth -1–3; '8%' accepted). A cumulative metric takes the total since its series' first year.",
          security: secured,
          requestBody: { required: true, ...json("IndicatorValue", INDICATOR_VALUE_EXAMPLE) },
          responses: {
            201: ok("Stored (ETag header)"),
            200: ok("Same clientId and content: the stored value"),
            ...errors(400, 401, 403, 409, 422, 423, 500),
          },
        },
        get: {
          summary: "The indicator values of a region and year, and whether the year is locked",
          security: secured,
          parameters: progressParams.slice(0, 2),
          responses: { 200: ok("{region, year, locked, values}"), ...errors(400, 401, 403) },
        },
      },
      "/indicator-values/{id}": {
        put: {
          summary: "Change a value (If-Match required; reason required, kept in the audit trail)",
          security: secured,
          parameters: [idParam, { name: "If-Match", in: "header", required: true, schema: { type: "string" } }],
          requestBody: { required: true, ...json("IndicatorValue", INDICATOR_VALUE_PUT_EXAMPLE) },
          responses: { 200: ok("Changed"), ...errors(400, 401, 403, 404, 409, 412, 423, 428) },
        },
      },
      "/indicator-values/{id}/audit": {
        get: {
          summary: "Every change of a value: who, when, old → new, why",
          security: secured,
          parameters: [idParam],
          responses: { 200: ok("Entries"), ...errors(401, 403, 404) },
        },
      },
      "/indicator-values/lock": {
        post: {
          summary: "Lock a region and year (provincial staff, admin)",
          security: secured,
          requestBody: { required: true, ...json("IndicatorLock", INDICATOR_LOCK_EXAMPLE) },
          responses: { 200: ok("The lock"), ...errors(400, 401, 403) },
        },
      },
      "/indicator-values/unlock": {
        post: {
          summary: "Reopen a locked region and year (admin only, reason required)",
          security: secured,
          requestBody: { required: true, ...json("IndicatorLock", INDICATOR_UNLOCK_EXAMPLE) },
          responses: { 200: ok("The lock"), ...errors(400, 401, 403) },
        },
      },
      "/indicator-values/xlsx": {
        post: {
          summary:
            "Import the filled indicator workbook (.xlsx bytes); same validation; all rows checked before any is written; idempotent",
          description:
            "400 WORKBOOK_INVALID lists every bad cell in details.issues [{sheet, cell, path, code, message}]. A row changing a stored value needs the version tag of a fresh download.",
          security: secured,
          requestBody: { required: true, content: { [XLSX_TYPE]: { schema: { type: "string", format: "binary" } } } },
          responses: { 200: ok("{created, updated, unchanged, values}"), ...errors(400, 401, 403, 409, 413, 415, 423, 500) },
        },
      },
      "/templates/indicators.xlsx": {
        get: {
          summary:
            "The indicator workbook of a region and year: every metric records cannot measure, Chinese name, unit, target, period, values already entered, empty value and source columns",
          security: secured,
          parameters: progressParams.slice(0, 2),
          responses: { 200: xlsxFile("The workbook"), ...errors(400, 401, 403) },
        },
      },
      "/openapi.json": { get: { summary: "This document", responses: { 200: ok("OpenAPI") } } },
      "/docs": { get: { summary: "Swagger UI page", responses: { 200: { description: "HTML" } } } },
      "/awards": {
        get: {
          summary:
            "Award roster 奖补名单: one row per contract with a payable server-computed subsidy (institute, registration number, buyer/seller, basis and how measured, subsidy, rule and citation in words, status, approver and time), totals by city and institute type. Province (own region) or admin",
          security: secured,
          parameters: awardParams,
          responses: {
            200: ok("AwardRoster: {region, year, status, generatedAt, rows[], totals: {byCity[], byInstituteType[], all}}"),
            ...errors(400, 401, 403),
          },
        },
      },
      "/awards.xlsx": {
        get: {
          summary: "The award roster as a workbook for the finance department (A4 landscape; totals sheet); lang=zh|en",
          security: secured,
          parameters: [...awardParams, { name: "lang", in: "query", required: false, schema: { type: "string", enum: ["zh", "en"] } }],
          responses: { 200: xlsxFile("The workbook"), ...errors(400, 401, 403) },
        },
      },
      "/submissions/{id}/record.xlsx": {
        get: {
          summary:
            "Printable review record 审核记录 (Chinese, A4): institute, period, contracts with subsidy and citation, one-side checks, audit trail in words",
          security: secured,
          parameters: [idParam, { name: "instituteId", in: "query", required: false, schema: { type: "string" } }],
          responses: { 200: xlsxFile("The workbook"), ...errors(401, 403, 404, 409) },
        },
      },
      "/submissions/{id}/workbook": {
        get: {
          summary:
            "The stored submission as a filled template: 核定补助 and its basis filled, differences highlighted, id, ETag and version stamped (re-upload corrects it)",
          security: secured,
          parameters: [idParam],
          responses: { 200: xlsxFile("The workbook (ETag and X-Submission-Id headers)"), ...errors(401, 403, 404, 409) },
        },
      },
      "/review": {
        get: {
          summary:
            "The review queue of a region: institute name, period, status, counts, claimed basis vs computed subsidy, one-side conflicts (provincial staff; admins name the region)",
          security: secured,
          parameters: ["region", "year", "status"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
          responses: { 200: ok("ReviewList {region, year, count, truncated, limit, rows}"), ...errors(400, 401, 403) },
        },
      },
      "/institutes/{id}": {
        get: {
          summary: "One register entry (name, region, city, type)",
          security: secured,
          parameters: [idParam],
          responses: { 200: ok("Institute"), ...errors(400, 401, 403, 404) },
        },
      },
      "/web": {
        get: {
          summary: "The web page for institutes and provincial staff without the add-in (Chinese, English switch)",
          responses: { 200: { description: "HTML" } },
        },
      },
    },
  };
}
