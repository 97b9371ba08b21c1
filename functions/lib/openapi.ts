/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate the requests
 * (z.toJSONSchema with io "input": what a client sends). Every request body carries an example.
 */
import { z } from "zod";
import { RULES_VERSION, submission } from "../../shared/src";
import { APPROVE_EXAMPLE, RETURN_EXAMPLE, SUBMISSION_EXAMPLE } from "./examples";
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
    code: { type: "string" },
    message: { type: "object", required: ["zh", "en"], properties: { zh: { type: "string" }, en: { type: "string" } } },
    details: { type: "object" },
  },
};

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: DESCRIPTIONS[c] ?? "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]));

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input; details.issues lists every bad field by path",
  401: "No or invalid bearer token",
  403: "Valid token, but not for this institute or region",
  404: "Not found",
  409: "Conflict (same id with other content, wrong state)",
  415: "Wrong Content-Type (the workbook upload takes the .xlsx bytes, not JSON or a form)",
  412: "If-Match does not match the current ETag",
  413: "Too large to store as one document; the message says how to split it",
  422: "Institute not in the register, or registered in another region",
  423: "Locked: approved",
  428: "If-Match required",
  500: "Unexpected error (code INTERNAL); nothing was changed",
};

const json = (ref: string, example?: unknown) => ({ content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` }, ...(example ? { example } : {}) } } });
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
const BATCH_EXAMPLE = { requests: [{ region: "CN-HL", year: 2024 }, { region: "CN-HE", year: 2024 }] };
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
const secured = [{ bearer: [] }];

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Tech-transfer submissions and progress API 科技成果转化报送与进度",
      version: RULES_VERSION,
      description: "Institutes submit achievements and technology contracts; the server recomputes subsidies with the policy engine, provincial staff approve or return, and progress is folded against the targets. Errors: {code, message: {zh, en}, details}.",
    },
    servers: [{ url: "/api" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "roles: institute | province | admin; claims tt_institute, tt_region" } },
      schemas: { Submission: schema(submission), ReturnBody: schema(reviewBody), ApproveBody: schema(approveBody), ProgressBatchBody: schema(batchBody), Error: error },
    },
    paths: {
      "/health": { get: { summary: "Store reachable, rules version", responses: { 200: ok("Healthy"), 503: ok("Store unreachable") } } },
      "/policies": { get: { summary: "Every parameter and target with references", responses: { 200: ok("Policy data") } } },
      "/submissions": {
        post: {
          summary: "Submit (idempotent by submissionId + content)",
          security: secured,
          requestBody: { required: true, ...json("Submission", SUBMISSION_EXAMPLE) },
          responses: { 201: ok("Stored"), 200: ok("Same id and content: the stored result"), ...errors(400, 401, 403, 409, 413, 422, 500) },
        },
        get: {
          summary: "List submissions",
          security: secured,
          parameters: ["instituteId", "year", "region"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
          responses: { 200: ok("Submissions"), ...errors(400, 401, 403) },
        },
      },
      "/submissions/xlsx": {
        post: {
          summary: `Submit the filled institute template (.xlsx bytes, at most ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB); same rules and idempotency as POST /submissions`,
          description: "400 WORKBOOK_INVALID lists every bad cell in details.issues [{sheet, cell, path, code, message}]; 403/409/422 about one field also carry details.issues with its cell.",
          security: secured,
          requestBody: { required: true, content: { [XLSX_TYPE]: { schema: { type: "string", format: "binary" } } } },
          responses: { 201: ok("Stored"), 200: ok("Same file again: the stored result"), ...errors(400, 401, 403, 409, 413, 415, 422, 500) },
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
        get: { summary: "One submission (ETag header)", security: secured, parameters: [idParam], responses: { 200: ok("Submission"), ...errors(401, 403, 404) } },
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
      "/submissions/{id}/audit": { get: { summary: "Audit trail", security: secured, parameters: [idParam], responses: { 200: ok("Entries"), ...errors(401, 403, 404) } } },
      "/progress": {
        get: {
          summary: "Actual vs target for a region and year, with completeness",
          security: secured,
          parameters: progressParams,
          responses: { 200: ok("ProgressReport: metrics, completeness, breakdowns, history, rulesVersion, generatedAt"), ...errors(400, 401, 403) },
        },
      },
      "/progress.xlsx": {
        get: {
          summary: "The provincial aggregate sheet as a workbook (all breakdowns unless by narrows them; lang=zh|en). The chart is drawn by the add-in",
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
          responses: { 200: ok("{rulesVersion, results: [{region, year, metrics: [{metric, actual}]} | {region, year, error: {code, message}}]}"), ...errors(400, 401) },
        },
      },
      "/openapi.json": { get: { summary: "This document", responses: { 200: ok("OpenAPI") } } },
      "/docs": { get: { summary: "Swagger UI page", responses: { 200: { description: "HTML" } } } },
      "/submissions/{id}/workbook": {
        get: {
          summary: "The stored submission as a filled template: 核定补助 and its basis filled, differences highlighted, id, ETag and version stamped (re-upload corrects it)",
          security: secured,
          parameters: [idParam],
          responses: { 200: xlsxFile("The workbook (ETag and X-Submission-Id headers)"), ...errors(401, 403, 404, 409) },
        },
      },
      "/review": {
        get: {
          summary: "The review queue of a region: institute name, period, status, counts, claimed basis vs computed subsidy, one-side conflicts (provincial staff; admins name the region)",
          security: secured,
          parameters: ["region", "year", "status"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
          responses: { 200: ok("ReviewList {region, year, count, truncated, limit, rows}"), ...errors(400, 401, 403) },
        },
      },
      "/institutes/{id}": { get: { summary: "One register entry (name, region, city, type)", security: secured, parameters: [idParam], responses: { 200: ok("Institute"), ...errors(400, 401, 403, 404) } } },
      "/web": { get: { summary: "The web page for institutes and provincial staff without the add-in (Chinese, English switch)", responses: { 200: { description: "HTML" } } } },
    },
  };
}
