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

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(`${code}: ${text.en}`);
    this.name = "ApiError";
  }
}

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

export function errorBody(code: string, message: Bilingual, details: Record<string, unknown> = {}) {
  return { code, message, details };
}

/**
 * The 500 message claims nothing about what was stored (an unexpected error may come after a write):
 * it says how to find out, and that resending is safe.
 */
export const INTERNAL_MESSAGE: Bilingual = {
  zh: "服务器内部错误。若本次是提交或修改，请用 GET 查看是否已保存，或原样重试（同一编号和内容的重复提交不会产生重复数据）；如持续出现，请联系管理员并提供请求时间。",
  en: "Internal server error. If this was a submission or change, check with GET whether it was stored, or resend the same request (the same id and content never store a second copy); if it persists, contact the administrator with the time of the request.",
};

/** Maps anything thrown to a response. Cosmos throttling (429) and outages become 503 with Retry-After. */
export function errorResponse(e: unknown, ctx: InvocationContext): HttpResponseInit {
  if (e instanceof ApiError) return json(e.status, errorBody(e.code, e.text, e.details), e.headers);
  if (isPolicyError(e)) return json(e.kind === "invalid" ? 400 : 404, e.toJSON());
  const cosmosCode = (e as { code?: unknown })?.code;
  if (cosmosCode === 429 || cosmosCode === 503) {
    return json(
      503,
      errorBody("STORE_BUSY", {
        zh: "数据库繁忙，请稍后重试，数据未作更改。",
        en: "The store is busy; nothing was changed. Retry shortly.",
      }),
      { "Retry-After": "2" },
    );
  }
  if (isStoreUnavailable(e)) {
    ctx.warn("store unavailable", e);
    return storeUnavailable();
  }
  if (e instanceof InvalidContinuationError) {
    return json(
      400,
      errorBody("INVALID_CONTINUATION", {
        zh: "continuation 参数无效：请原样使用上一页返回的 continuation，或去掉该参数从第一页开始。",
        en: "The continuation parameter is invalid: pass the continuation of the previous page unchanged, or omit it to start at the first page.",
      }),
    );
  }
  ctx.error("unexpected error", e);
  return json(500, errorBody("INTERNAL", INTERNAL_MESSAGE));
}

/** Seconds a client should wait before retrying when the store is unavailable. */
export const STORE_RETRY_AFTER_SECONDS = 2;

/**
 * 503 STORE_UNAVAILABLE: the store did not answer in time or the connection failed. A write may or may not
 * have been stored, so the message says so: resending the same request is safe (same id and content → 200).
 */
export function storeUnavailable(details: Record<string, unknown> = {}): HttpResponseInit {
  return json(
    503,
    errorBody(
      "STORE_UNAVAILABLE",
      {
        zh: `数据库暂时不可用。若本次是提交或修改，可能已保存也可能未保存：请在 ${STORE_RETRY_AFTER_SECONDS} 秒后原样重试（同一编号和内容的重复提交不会产生重复数据）。`,
        en: `The store is temporarily unavailable. If this was a submission or change, it may or may not have been stored: retry the same request after ${STORE_RETRY_AFTER_SECONDS} s (resending the same id and content never stores a second copy).`,
      },
      details,
    ),
    { "Retry-After": String(STORE_RETRY_AFTER_SECONDS) },
  );
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
    throw new ApiError(400, "BODY_REQUIRED", {
      zh: "请求体为空，应为 JSON 对象。",
      en: "The request body is empty; a JSON object is expected.",
    });
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
    throw new ApiError(
      400,
      "INVALID_JSON",
      {
        zh: "请求体不是有效的 JSON。请检查引号、逗号和括号。",
        en: "The request body is not valid JSON. Check quotes, commas and brackets.",
      },
      { parser: e instanceof Error ? e.message : String(e) },
    );
  }
}

function requestTooLarge(bytes: number): ApiError {
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return new ApiError(
    413,
    "REQUEST_TOO_LARGE",
    {
      zh: `请求体 ${mb} MB，超过上限 ${MAX_REQUEST_BYTES / 1024 / 1024} MB，未保存任何内容。请按报告期（H1/H2 或 Q1–Q4）分开报送，或将行数减半后分多次报送，每次使用新的 submissionId。`,
      en: `The request body is ${mb} MB, above the ${MAX_REQUEST_BYTES / 1024 / 1024} MB limit; nothing was stored. Split it by period (H1/H2 or Q1–Q4) or into halves of the rows, each sent with its own submissionId.`,
    },
    { bytes, limit: MAX_REQUEST_BYTES },
  );
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
  throw new ApiError(
    415,
    "UNSUPPORTED_MEDIA_TYPE",
    {
      zh: `请求体应为 JSON（Content-Type: application/json），收到 ${type || "（无 Content-Type）"}，未作任何处理。请加上 Content-Type: application/json 请求头。`,
      en: `The body must be JSON (Content-Type: application/json); received ${type || "(no Content-Type)"}; nothing was done. Add the header Content-Type: application/json.`,
    },
    { expected: "application/json", received: type },
  );
}
