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
import { ApiError, endpoint } from "./lib/http";
import { submit } from "./lib/submission-ops";

/** Largest workbook accepted (a full 500-row template is about 0.1 MB). */
export const MAX_WORKBOOK_BYTES = 10 * 1024 * 1024;
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const submissionsXlsxPost = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const bytes = await readWorkbookBody(req);
  const read = await readOffThread(bytes);
  if (!read.ok) {
    const limit = read.issues.find((i) => (LIMIT_CODES as readonly string[]).includes(i.code));
    if (limit) {
      // Refused by the bounds checked before the workbook was opened (packages/workbook/src/node/limits.ts).
      throw new ApiError(413, "WORKBOOK_LIMIT_EXCEEDED", limit.message, { issues: read.issues });
    }
    const rows = rowsNeedingAttention(read.issues);
    throw new ApiError(
      400,
      "WORKBOOK_INVALID",
      {
        zh: `工作簿有 ${read.issues.length} 处问题（${rows} 行需要处理），未保存任何内容。请按 details.issues 中的工作表和单元格逐项更正后重新上传。`,
        en: `The workbook has ${read.issues.length} problem(s) on ${rows} row(s); nothing was stored. Correct each cell listed in details.issues (sheet and cell) and upload it again.`,
      },
      { issues: read.issues },
    );
  }
  const stamp = readVersionStamp(read.stamp);
  if (!stamp.ok) {
    throw new ApiError(
      400,
      "WORKBOOK_INVALID",
      {
        zh: "工作簿的已报送版本无效，未保存任何内容。",
        en: "The workbook's stored-version stamp is invalid; nothing was stored.",
      },
      { issues: [stamp.issue] },
    );
  }
  try {
    return await submit(s, caller, read.submission, stamp.stamp);
  } catch (e) {
    throw placed(e, read.locate);
  }
});

/**
 * The workbook read on a reader thread (packages/workbook/src/node/read-pool.ts), so that parsing never
 * holds this process's event loop. A full queue, a timeout or a dead thread: 503 WORKBOOK_READER_BUSY with
 * Retry-After; a thread out of memory: 413 WORKBOOK_TOO_COMPLEX.
 */
async function readOffThread(bytes: Uint8Array) {
  try {
    return await readSubmissionWorkbookOffThread(bytes);
  } catch (e) {
    if (!(e instanceof WorkbookReadFailure)) throw e;
    const headers: Record<string, string> = e.retryAfterSeconds ? { "Retry-After": String(e.retryAfterSeconds) } : {};
    throw new ApiError(e.status, e.code, e.text, {}, headers);
  }
}

/** An ApiError about one field (details.path) gains the cell it came from, as a one-item `issues` list. */
function placed(e: unknown, locate: (path: string) => { sheet: string; cell: string } | null): unknown {
  if (!(e instanceof ApiError) || typeof e.details.path !== "string") return e;
  const at = locate(e.details.path);
  if (!at) return e;
  return new ApiError(
    e.status,
    e.code,
    e.text,
    { ...e.details, issues: [{ ...at, path: e.details.path, code: e.code, message: e.text }] },
    e.headers,
  );
}

export async function readWorkbookBody(req: HttpRequest): Promise<Uint8Array> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/json") || type.startsWith("multipart/") || type.startsWith("text/")) {
    throw new ApiError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      {
        zh: `请求体应为 .xlsx 文件本身（Content-Type: ${XLSX_TYPE}），收到 ${type}。JSON 报送请用 POST /api/submissions；不要用表单（multipart）上传。`,
        en: `The body must be the .xlsx file itself (Content-Type: ${XLSX_TYPE}); received ${type}. Send JSON to POST /api/submissions; do not use a multipart form.`,
      },
      { expected: XLSX_TYPE, received: type },
    );
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_WORKBOOK_BYTES) throw workbookTooLarge(declared);
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > MAX_WORKBOOK_BYTES) throw workbookTooLarge(bytes.byteLength);
  if (bytes.byteLength === 0) {
    throw new ApiError(400, "BODY_REQUIRED", {
      zh: "请求体为空，应为 .xlsx 文件。",
      en: "The request body is empty; an .xlsx file is expected.",
    });
  }
  return bytes;
}

function workbookTooLarge(bytes: number): ApiError {
  const mb = (bytes / 1024 / 1024).toFixed(1);
  const limit = MAX_WORKBOOK_BYTES / 1024 / 1024;
  return new ApiError(
    413,
    "WORKBOOK_TOO_LARGE",
    {
      zh: `工作簿 ${mb} MB，超过上限 ${limit} MB，未保存任何内容。请删除多余的工作表、图片和空行，或按报告期（H1/H2 或 Q1–Q4）分开报送，每份使用新下载的模板。`,
      en: `The workbook is ${mb} MB, above the ${limit} MB limit; nothing was stored. Remove extra sheets, pictures and empty rows, or split it by period (H1/H2 or Q1–Q4), each in a freshly downloaded template.`,
    },
    { bytes, limit: MAX_WORKBOOK_BYTES },
  );
}
