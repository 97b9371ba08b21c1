/**
 * The version stamp of a submission workbook: which stored version of a submission a workbook was made
 * from. A workbook filled from a stored submission (GET /api/submissions/{id}/workbook) carries its
 * version in 报送信息 Submission!B10 (defined name TT_Version); the add-in records the ETag after a Submit in
 * B9 (TT_ETag). Uploading a stamped workbook to POST /api/submissions/xlsx is a correction of that version
 * (an implicit If-Match): applied when the submission is still at it, 412 when it changed meanwhile, 423
 * when it was approved. A returned submission is corrected the same way and then counts again.
 * A template without a stamp (B9 and B10 empty) is a first submission.
 */
import type ExcelJS from "exceljs";
import { META_FIELDS, META_SHEET } from "../template";
import type { CellIssue } from "../rows";

const field = (key: "version" | "etag" | "contentHash") => META_FIELDS.find((f) => f.key === key)!;

/** The cell of the version stamp, e.g. for messages: `报送信息 Submission!B10`. */
export const VERSION_STAMP_CELL = { sheet: META_SHEET, cell: `B${field("version").row}`, name: field("version").name } as const;

/** The ETag the API sends for a version (`"v3"`); the add-in stores it in TT_ETag. */
export const versionEtag = (version: number) => `"v${version}"`;

/** Writes the stamp of a stored submission into an exceljs workbook built from the template. */
export function stampVersion(wb: ExcelJS.Workbook, stored: { version: number; contentHash?: string }): void {
  const sheet = wb.getWorksheet(META_SHEET);
  if (!sheet) throw new Error(`workbook has no ${META_SHEET} sheet`);
  sheet.getCell(`B${field("version").row}`).value = stored.version;
  sheet.getCell(`B${field("etag").row}`).value = versionEtag(stored.version);
  if (stored.contentHash) sheet.getCell(`B${field("contentHash").row}`).value = stored.contentHash;
}

export type VersionStamp = { version: number | null; etag: string | null };

/**
 * Reads the stamp from the raw meta cells (`ReadResult.stamp`): both absent → no stamp; a version that is
 * not a whole number ≥ 1 → an issue on its cell (nothing is stored).
 */
export function readVersionStamp(
  raw: { version: unknown; etag: unknown } | undefined,
): { ok: true; stamp: VersionStamp } | { ok: false; issue: CellIssue } {
  const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === "";
  const etag = raw && !blank(raw.etag) ? String(raw.etag).trim() : null;
  if (!raw || blank(raw.version)) return { ok: true, stamp: { version: null, etag } };
  const text = String(raw.version).trim();
  if (!/^[1-9]\d{0,8}$/.test(text)) {
    return {
      ok: false,
      issue: {
        sheet: VERSION_STAMP_CELL.sheet,
        cell: VERSION_STAMP_CELL.cell,
        path: "version",
        code: "VERSION_STAMP_INVALID",
        message: {
          zh: `已报送版本应为正整数（由系统自动填写，请勿修改），收到“${text}”。请重新下载该报送的工作簿后修改。`,
          en: `The stored version must be a whole number ≥ 1 (filled in automatically; do not edit it); received "${text}". Download the submission's workbook again and edit that.`,
        },
      },
    };
  }
  return { ok: true, stamp: { version: Number(text), etag } };
}
