/**
 * Response helpers and the one error shape of the API: `{code, message: {zh, en}, details}`.
 * Every handler is wrapped by `endpoint()`, so no input can surface a stack trace: expected failures are
 * `ApiError`s (status + stable code), engine failures are `PolicyError`s (400 / 404), anything else is a
 * 500 INTERNAL with a generic bilingual message (the cause is logged, never returned).
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { isPolicyError, RULES_VERSION, type Bilingual } from "@tt/engine";
import type { Services } from "./services";
import { EXPOSED_HEADERS } from "./cors";
import { InvalidContinuationError, isStoreUnavailable } from "./repository";
import { API_ERRORS, apiErrorMessage, isApiErrorCode, type ApiErrorCode, type ApiErrorParams } from "@tt/contract/errors";

/**
 * An expected failure: a code of the one error catalogue (packages/contract/src/api-errors.ts), which fixes
 * its HTTP status and its message. Build one with `apiError(code, params, details)`; nothing else in
 * functions/ constructs it (tests/architecture/api-errors.test.ts).
 */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    readonly text: Bilingual,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(`${code}: ${text.en}`);
    this.name = "ApiError";
    this.status = API_ERRORS[code].status;
  }

  /** The same error with more details (e.g. the sheet and cell of the field it names). */
  withDetails(more: Record<string, unknown>): ApiError {
    return new ApiError(this.code, this.text, { ...this.details, ...more }, this.headers);
  }
}

/** The error `code` of the catalogue, its message filled with `params`. */
export const apiError = <C extends ApiErrorCode>(
  code: C,
  params: ApiErrorParams<C>,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): ApiError => new ApiError(code, apiErrorMessage(code, params), details, headers);

/** A refusal of the engine's submission lifecycle, answered with its catalogued code and status. */
export function lifecycleError(r: { status: number; code: string; message: Bilingual; details: Record<string, unknown> }): ApiError {
  if (!isApiErrorCode(r.code) || API_ERRORS[r.code].status !== r.status) {
    throw new Error(`lifecycle refusal ${r.status} ${r.code} is not in the API error catalogue`);
  }
  return new ApiError(r.code, r.message, r.details);
}

/** The response of a catalogued error outside a handler (routing, static files). */
export const errorJson = <C extends ApiErrorCode>(
  code: C,
  params: ApiErrorParams<C>,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): HttpResponseInit => json(API_ERRORS[code].status, errorBody(code, params, details), headers);

export type Handler = (req: HttpRequest, ctx: InvocationContext, services: Services) => Promise<HttpResponseInit>;

/**
 * Every response names the rules version and lists the headers a browser client may read (ETag…): in
 * Azure the platform's CORS adds Access-Control-Allow-Origin but has no setting for exposed headers.
 */
const BASE_HEADERS = {
  "X-Rules-Version": RULES_VERSION,
  "Cache-Control": "no-store",
  "Access-Control-Expose-Headers": EXPOSED_HEADERS.join(", "),
  "X-Content-Type-Options": "nosniff",
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { ...BASE_HEADERS, "Content-Type": "application/json; charset=utf-8", ...headers } };
}

/** A file download (e.g. an .xlsx workbook) with the API's usual headers and an attachment filename. */
export function fileResponse(bytes: Buffer, contentType: string, filename: string, headers: Record<string, string> = {}): HttpResponseInit {
  return {
    status: 200,
    body: bytes,
    headers: { ...BASE_HEADERS, "Content-Type": contentType, "Content-Disposition": `attachment; filename="${filename}"`, ...headers },
  };
}

/** The error body `{code, message: {zh, en}, details}` of a catalogued code. */
export function errorBody<C extends ApiErrorCode>(code: C, params: ApiErrorParams<C>, details: Record<string, unknown> = {}) {
  return { code, message: apiErrorMessage(code, params), details };
}

/** Maps anything thrown to a response. Cosmos throttling (429) and outages become 503 with Retry-After. */
export function errorResponse(e: unknown, ctx: InvocationContext): HttpResponseInit {
  if (e instanceof ApiError) return json(e.status, { code: e.code, message: e.text, details: e.details }, e.headers);
  if (isPolicyError(e)) return json(e.kind === "invalid" ? 400 : 404, e.toJSON());
  const cosmosCode = (e as { code?: unknown })?.code;
  if (cosmosCode === 429 || cosmosCode === 503) {
    return errorJson("STORE_BUSY", {}, {}, { "Retry-After": "2" });
  }
  if (isStoreUnavailable(e)) {
    ctx.warn("store unavailable", e);
    return storeUnavailable();
  }
  if (e instanceof InvalidContinuationError) {
    return errorJson("INVALID_CONTINUATION", {});
  }
  ctx.error("unexpected error", e);
  return errorJson("INTERNAL", {});
}

/** Seconds a client should wait before retrying when the store is unavailable. */
export const STORE_RETRY_AFTER_SECONDS = 2;

/**
 * 503 STORE_UNAVAILABLE: the store did not answer in time or the connection failed. A write may or may not
 * have been stored, so the message says so: resending the same request is safe (same id and content → 200).
 */
export function storeUnavailable(details: Record<string, unknown> = {}): HttpResponseInit {
  return errorJson("STORE_UNAVAILABLE", { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS }, details, {
    "Retry-After": String(STORE_RETRY_AFTER_SECONDS),
  });
}

/** Wraps a handler so that whatever it throws becomes a well-formed response. */
export function endpoint(handler: Handler): Handler {
  return async (req, ctx, services) => {
    try {
      return await handler(req, ctx, services);
    } catch (e) {
      return errorResponse(e, ctx);
    }
  };
}

/** Largest request body read at all (the stored document has its own, smaller limit: see storage-limits.ts). */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export async function readJsonBody(req: HttpRequest): Promise<unknown> {
  const body = await readOptionalJsonBody(req);
  if (body === undefined) {
    throw apiError("BODY_REQUIRED", { expected: "json" });
  }
  return body;
}

/** The JSON body, or undefined when there is none. */
export async function readOptionalJsonBody(req: HttpRequest): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_REQUEST_BYTES) throw requestTooLarge(declared);
  const text = await req.text();
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_REQUEST_BYTES) throw requestTooLarge(bytes);
  if (text.trim() === "") return undefined;
  assertJsonContentType(req);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw apiError("INVALID_JSON", {}, { parser: e instanceof Error ? e.message : String(e) });
  }
}

function requestTooLarge(bytes: number): ApiError {
  return apiError("REQUEST_TOO_LARGE", { bytes, limitBytes: MAX_REQUEST_BYTES }, { bytes, limit: MAX_REQUEST_BYTES });
}

/**
 * ETags: the HTTP ETag is the Cosmos `_etag`, quoted when Cosmos did not quote it (the real service
 * quotes, the embedded server does not). An If-Match header matches when one of its entities is that
 * value (weak prefix ignored) or `*`.
 */
export const httpEtag = (cosmosEtag: string): string => (cosmosEtag.startsWith('"') ? cosmosEtag : `"${cosmosEtag}"`);

export function etagMatches(ifMatch: string, cosmosEtag: string): boolean {
  const wanted = httpEtag(cosmosEtag);
  return ifMatch
    .split(",")
    .map((v) => v.trim().replace(/^W\//, ""))
    .some((v) => v === "*" || v === wanted || `"${v}"` === wanted);
}

/**
 * A JSON body must be declared as JSON: `application/json` or a `+json` type, any parameters (charset)
 * allowed. Anything else — text/plain (what a cross-site form or a careless client sends), a form, no
 * Content-Type at all — is refused with 415 before the body is parsed. The workbook upload has its own rule.
 */
export function assertJsonContentType(req: HttpRequest): void {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return;
  throw apiError("UNSUPPORTED_MEDIA_TYPE", { expected: "json", received: type }, { expected: "application/json", received: type });
}
