/**
 * POST /api/submissions/xlsx — the filled institute template as the raw request body
 * (Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), for institutes
 * without the add-in. The workbook is read by the same reader as the add-in's (readSubmissionWorkbook →
 * readSubmissionCells), then stored by the same `submit` as POST /api/submissions: same schema, same
 * idempotency (the template carries its submission id), same roles and register checks.
 *
 * 400 WORKBOOK_INVALID with `details.issues` = [{sheet, cell, path, code, message}] for every bad cell;
 * a server-side refusal about one field (403 instituteId, 409 submissionId, 422 instituteId/region) also
 * carries `details.issues` with the cell. 413 above MAX_WORKBOOK_BYTES, checked before the file is opened;
 * 413 WORKBOOK_LIMIT_EXCEEDED (with the sheet and cell in `details.issues`) when the zip directory or the
 * streamed row/cell/string counts exceed the bounds of packages/workbook/src/node/limits.ts — checked before
 * exceljs builds the workbook. A formula in an input cell: 400 with FORMULA_IN_INPUT_CELL on that cell.
 *
 * A workbook stamped with a stored version (报送信息 Submission!B10, or the add-in's ETag in B9; see
 * packages/workbook/src/node/version-stamp.ts) is a correction of that submission: a replacement under an
 * implicit If-Match — 412 when it changed meanwhile, 423 when approved; a returned submission counts again after it.
 */
import type { HttpRequest } from "@azure/functions";
import { rowsNeedingAttention } from "@tt/workbook";
import { LIMIT_CODES, WorkbookReadFailure, readSubmissionWorkbookOffThread, readVersionStamp } from "@tt/workbook/node";
import { apiError, ApiError, endpoint } from "./lib/http";
import { submit } from "./lib/submission-ops";

/** Largest workbook accepted (a full 500-row template is about 0.1 MB). */
export const MAX_WORKBOOK_BYTES = 10 * 1024 * 1024;
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const submissionsXlsxPost = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const bytes = await readWorkbookBody(req);
  const read = await readOffThread(() => readSubmissionWorkbookOffThread(bytes));
  if (!read.ok) {
    assertWithinLimits(read.issues);
    const rows = rowsNeedingAttention(read.issues);
    throw apiError("WORKBOOK_INVALID", { count: read.issues.length, rows }, { issues: read.issues });
  }
  const stamp = readVersionStamp(read.stamp);
  if (!stamp.ok) {
    throw apiError("WORKBOOK_INVALID", { stamp: true }, { issues: [stamp.issue] });
  }
  try {
    return await submit(s, caller, read.submission, stamp.stamp);
  } catch (e) {
    throw placed(e, read.locate);
  }
});

/**
 * 413 WORKBOOK_LIMIT_EXCEEDED when the issues include a refusal by the bounds checked before the workbook
 * was opened (packages/workbook/src/node/limits.ts): the file was never read, so its cells are not listed.
 */
export function assertWithinLimits(issues: readonly { code: string; message: { zh: string; en: string } }[]): void {
  const limit = issues.find((i) => (LIMIT_CODES as readonly string[]).includes(i.code));
  if (limit) throw apiError("WORKBOOK_LIMIT_EXCEEDED", { message: limit.message }, { issues });
}

/**
 * A workbook read on a reader thread (packages/workbook/src/node/read-pool.ts), so that parsing never
 * holds this process's event loop. A full queue, a timeout or a dead thread: 503 WORKBOOK_READER_BUSY with
 * Retry-After; a thread out of memory: 413 WORKBOOK_TOO_COMPLEX.
 */
export async function readOffThread<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof WorkbookReadFailure)) throw e;
    const headers: Record<string, string> = e.retryAfterSeconds ? { "Retry-After": String(e.retryAfterSeconds) } : {};
    throw apiError(e.code, { message: e.text }, {}, headers);
  }
}

/** An ApiError about one field (details.path) gains the cell it came from, as a one-item `issues` list. */
function placed(e: unknown, locate: (path: string) => { sheet: string; cell: string } | null): unknown {
  if (!(e instanceof ApiError) || typeof e.details.path !== "string") return e;
  const at = locate(e.details.path);
  if (!at) return e;
  return e.withDetails({ issues: [{ ...at, path: e.details.path, code: e.code, message: e.text }] });
}

export async function readWorkbookBody(req: HttpRequest): Promise<Uint8Array> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/json") || type.startsWith("multipart/") || type.startsWith("text/")) {
    throw apiError(
      "UNSUPPORTED_MEDIA_TYPE",
      { expected: "xlsx", received: type, xlsxType: XLSX_TYPE },
      { expected: XLSX_TYPE, received: type },
    );
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_WORKBOOK_BYTES) throw workbookTooLarge(declared);
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > MAX_WORKBOOK_BYTES) throw workbookTooLarge(bytes.byteLength);
  if (bytes.byteLength === 0) {
    throw apiError("BODY_REQUIRED", { expected: "xlsx" });
  }
  return bytes;
}

function workbookTooLarge(bytes: number): ApiError {
  return apiError("WORKBOOK_TOO_LARGE", { bytes, limitBytes: MAX_WORKBOOK_BYTES }, { bytes, limit: MAX_WORKBOOK_BYTES });
}
