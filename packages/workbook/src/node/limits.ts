/**
 * Bounds of an uploaded workbook, checked BEFORE exceljs opens it (exceljs builds every row and cell in
 * memory, so a 17 KB file naming cell XFD2 and A2000 once cost 46 s and 4 GB). The check reads the zip's
 * central directory (yauzl) and then streams the parts that hold rows and strings through zlib, which
 * inflates off the main thread, counting with a bounded window per chunk: no part is ever held whole, no
 * XML tree is built, and the event loop is never held for more than one chunk's scan.
 *
 * Refused (every refusal names what was found, the limit and what to do, zh and en):
 * - not a zip, an encrypted or malformed zip, more than MAX_ZIP_ENTRIES parts;
 * - more than MAX_UNZIPPED_BYTES in all, or MAX_PART_BYTES in one part, declared OR actually inflated;
 * - more than MAX_SHEETS worksheets;
 * - in any worksheet: a `<dimension>`, row or cell beyond row MAX_ROW or column MAX_COLUMN, more than
 *   MAX_CELLS cells in the workbook;
 * - more than MAX_SHARED_STRINGS shared strings;
 * - a DOCTYPE or ENTITY declaration in any scanned part (entity expansion).
 * Node only (not exported from packages/engine/src/index.ts).
 */
import yauzl from "yauzl";
import type { Readable } from "node:stream";
import type { CellIssue } from "../rows";
import { columnLetter } from "../template";

/** Zip parts (files) in one workbook. The template has about 20. */
export const MAX_ZIP_ENTRIES = 200;
/** Worksheets in one workbook. The template has 5. */
export const MAX_SHEETS = 16;
/** Inflated size of all parts together, and of one part. A full 500-row template inflates to about 0.5 MB. */
export const MAX_UNZIPPED_BYTES = 16 * 1024 * 1024;
export const MAX_PART_BYTES = 8 * 1024 * 1024;
/** Longest text between two tags of a scanned part: Excel's own limit for one cell (32,767 characters). */
export const MAX_TEXT_RUN = 32_767;
/**
 * Last sheet row read: a header and 5,000 data rows per table (split larger submissions by period, or
 * send them as JSON). exceljs parses synchronously — about 0.1–0.5 s per 1,000 rows on 2 shared cores —
 * on a reader thread (read-pool.ts), so this and MAX_CELLS bound how long an upload holds that thread
 * and how much memory it needs there (bench P6).
 */
export const MAX_ROW = 5_001;
/** Last sheet column read: BL (64). The widest table has 12 columns. */
export const MAX_COLUMN = 64;
/** Cells (written `<c>` elements) in all worksheets together (a 5,000-row contracts table is 55,000). */
export const MAX_CELLS = 60_000;
/** Shared strings (the workbook's table of distinct texts). */
export const MAX_SHARED_STRINGS = 60_000;

/** Codes of the limit refusals (HTTP 413 on the upload path; everything else about a workbook is 400). */
export const LIMIT_CODES = [
  "WORKBOOK_TOO_MANY_PARTS",
  "WORKBOOK_UNZIPPED_TOO_LARGE",
  "WORKBOOK_TOO_MANY_SHEETS",
  "WORKBOOK_SHEET_TOO_LARGE",
  "WORKBOOK_TOO_MANY_CELLS",
  "WORKBOOK_TOO_MANY_STRINGS",
  "WORKBOOK_TEXT_TOO_LONG",
] as const;

export interface WorkbookShape {
  entries: number;
  unzippedBytes: number;
  sheets: number;
  cells: number;
  sharedStrings: number;
  maxRow: number;
  maxColumn: number;
}

export type LimitResult = { ok: true; shape: WorkbookShape } | { ok: false; issues: CellIssue[] };

const issue = (code: string, zh: string, en: string, sheet = "", cell = ""): CellIssue => ({
  sheet,
  cell,
  path: "",
  code,
  message: { zh, en },
});

const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const SPLIT_ZH = "请删除多余的工作表、图片和空行，或按报告期（H1/H2 或 Q1–Q4）分开报送，每份使用新下载的模板。";
const SPLIT_EN =
  "Remove extra sheets, pictures and empty rows, or split it by period (H1/H2 or Q1–Q4), each in a freshly downloaded template.";

export const notAWorkbook = (): CellIssue =>
  issue(
    "NOT_A_WORKBOOK",
    "上传的文件不是有效的 .xlsx 工作簿。请在 Excel 或 WPS 中“另存为 .xlsx”后重新上传。",
    "The uploaded file is not a valid .xlsx workbook. Save it as .xlsx in Excel or WPS and upload it again.",
  );

class Refused extends Error {
  constructor(readonly issue: CellIssue) {
    super(issue.code);
  }
}

/** Column number of letters (A → 1, XFD → 16384). */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Sheet part name (xl/worksheets/sheet3.xml) → sheet name, from workbook.xml and its relationships. */
async function sheetNames(zip: Entries): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const wb = zip.get("xl/workbook.xml");
  const rels = zip.get("xl/_rels/workbook.xml.rels");
  if (!wb || !rels || wb.uncompressedSize > 2 * 1024 * 1024 || rels.uncompressedSize > 2 * 1024 * 1024) return names;
  const [wbXml, relsXml] = [await zip.text(wb), await zip.text(rels)];
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?(xl\/)?/, "xl/"));
  }
  for (const m of wbXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const target = rid ? targets.get(rid) : undefined;
    if (name && target)
      names.set(
        target,
        name
          .replace(/&amp;/g, "&")
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'"),
      );
  }
  return names;
}

interface Entries {
  list: yauzl.Entry[];
  get(name: string): yauzl.Entry | undefined;
  stream(entry: yauzl.Entry): Promise<Readable>;
  text(entry: yauzl.Entry): Promise<string>;
  close(): void;
}

function openZip(bytes: Uint8Array): Promise<Entries> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => {
        if (err || !zip) return reject(new Refused(notAWorkbook()));
        if (zip.entryCount > MAX_ZIP_ENTRIES) {
          zip.close();
          return reject(
            new Refused(
              issue(
                "WORKBOOK_TOO_MANY_PARTS",
                `工作簿包含 ${zip.entryCount} 个内部文件，超过上限 ${MAX_ZIP_ENTRIES}，未读取。${SPLIT_ZH}`,
                `The workbook holds ${zip.entryCount} internal parts, above the limit of ${MAX_ZIP_ENTRIES}; it was not read. ${SPLIT_EN}`,
              ),
            ),
          );
        }
        const list: yauzl.Entry[] = [];
        zip.on("entry", (e: yauzl.Entry) => {
          list.push(e);
          zip.readEntry();
        });
        zip.once("error", () => reject(new Refused(notAWorkbook())));
        zip.once("end", () => {
          const byName = new Map(list.map((e) => [e.fileName, e]));
          const stream = (entry: yauzl.Entry) =>
            new Promise<Readable>((ok, ko) => zip.openReadStream(entry, (e, s) => (e || !s ? ko(new Refused(notAWorkbook())) : ok(s))));
          resolve({
            list,
            get: (name) => byName.get(name),
            stream,
            text: async (entry) => {
              const chunks: Buffer[] = [];
              for await (const c of await stream(entry)) chunks.push(c as Buffer);
              return Buffer.concat(chunks).toString("utf8");
            },
            close: () => zip.close(),
          });
        });
        zip.readEntry();
      },
    );
  });
}

/**
 * Scans a part chunk by chunk: `visit` sees each chunk as latin1 text (tags are ASCII) with the last
 * WINDOW characters of the previous chunk before it, and must only act on matches that START before
 * `limit` (later ones are seen again, whole, with the next chunk).
 */
const WINDOW = 8192;
async function scanPart(stream: Readable, onBytes: (n: number) => void, visit: (text: string, limit: number) => void): Promise<void> {
  let carry = "";
  let run = 0; // bytes since the last "<" (text of one cell, or a hostile run without tags)
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    onBytes(b.length);
    let last = -1;
    for (let at = b.indexOf(60); at !== -1; at = b.indexOf(60, at + 1)) {
      if (run + (at - last - 1) > MAX_TEXT_RUN * 3) throw new Refused(textTooLong());
      run = 0;
      last = at;
    }
    run += b.length - last - 1;
    if (run > MAX_TEXT_RUN * 3) throw new Refused(textTooLong());
    const text = carry + b.toString("latin1");
    const limit = Math.max(0, text.length - WINDOW);
    visit(text, limit);
    carry = text.slice(limit);
  }
  visit(carry, carry.length);
}

/**
 * Checks an uploaded workbook against the limits above without building it. Resolves to the shape it
 * found, or to the issues (sheet and cell where one applies) that refuse it.
 */
export async function checkWorkbookLimits(bytes: Uint8Array): Promise<LimitResult> {
  let zip: Entries | undefined;
  try {
    zip = await openZip(bytes);
    const declared = zip.list.reduce((s, e) => s + e.uncompressedSize, 0);
    const biggest = zip.list.reduce(
      (m, e) => (e.uncompressedSize > m.uncompressedSize ? e : m),
      zip.list[0] ?? ({ uncompressedSize: 0, fileName: "" } as yauzl.Entry),
    );
    if (declared > MAX_UNZIPPED_BYTES || biggest.uncompressedSize > MAX_PART_BYTES)
      throw new Refused(unzippedTooLarge(Math.max(declared, biggest.uncompressedSize)));
    if (zip.list.some((e) => (e.generalPurposeBitFlag & 1) !== 0)) throw new Refused(notAWorkbook());
    if (!zip.get("xl/workbook.xml")) throw new Refused(notAWorkbook());

    const sheetParts = zip.list.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.fileName));
    if (sheetParts.length > MAX_SHEETS) {
      throw new Refused(
        issue(
          "WORKBOOK_TOO_MANY_SHEETS",
          `工作簿有 ${sheetParts.length} 个工作表，超过上限 ${MAX_SHEETS}，未读取。模板只有 5 个工作表；请删除多余的工作表。`,
          `The workbook has ${sheetParts.length} worksheets, above the limit of ${MAX_SHEETS}; it was not read. The template has 5; delete the extra sheets.`,
        ),
      );
    }
    const names = await sheetNames(zip);
    let inflated = 0;
    const count = (n: number) => {
      inflated += n;
      if (inflated > MAX_UNZIPPED_BYTES) throw new Refused(unzippedTooLarge(inflated));
    };
    const shape: WorkbookShape = {
      entries: zip.list.length,
      unzippedBytes: 0,
      sheets: sheetParts.length,
      cells: 0,
      sharedStrings: 0,
      maxRow: 0,
      maxColumn: 0,
    };

    for (const part of sheetParts) {
      const sheet = names.get(part.fileName) ?? part.fileName;
      const beyond = (col: number, row: number, what: { zh: string; en: string }) => {
        if (col <= MAX_COLUMN && row <= MAX_ROW) return;
        const cell = `${columnLetter(Math.min(col, 16384))}${row}`;
        throw new Refused(
          issue(
            "WORKBOOK_SHEET_TOO_LARGE",
            `工作表“${sheet}”的${what.zh} ${cell} 超出可读取范围（最多 ${MAX_ROW} 行、${columnLetter(MAX_COLUMN)} 列），未读取任何内容。请删除该单元格及表格以外的内容（选中多余的行/列后“删除”，而不是“清除内容”），或按报告期拆分后分别报送。`,
            `Worksheet "${sheet}" has ${what.en} ${cell}, beyond what is read (at most ${MAX_ROW} rows and columns up to ${columnLetter(MAX_COLUMN)}); nothing was read. Delete that cell and anything outside the tables (select the extra rows/columns and Delete them, not just Clear), or split the submission by period.`,
            sheet,
            cell,
          ),
        );
      };
      await scanPart(await zip.stream(part), count, (text, limit) => {
        if (/<!(DOCTYPE|ENTITY)/i.test(text)) throw new Refused(notAWorkbook());
        checkRanges(text, limit, beyond);
        for (const m of text.matchAll(/<row\b[^>]*?\br="(\d{1,10})"/g)) {
          if (m.index >= limit) break;
          const row = Number(m[1]);
          shape.maxRow = Math.max(shape.maxRow, row);
          beyond(1, row, { zh: "行", en: "row" });
        }
        for (const m of text.matchAll(/<c[\s>/]/g)) {
          if (m.index >= limit) break;
          if (++shape.cells > MAX_CELLS) {
            throw new Refused(
              issue(
                "WORKBOOK_TOO_MANY_CELLS",
                `工作簿的单元格超过 ${MAX_CELLS.toLocaleString("en")} 个（在工作表“${sheet}”中达到上限），未读取。${SPLIT_ZH}`,
                `The workbook has more than ${MAX_CELLS.toLocaleString("en")} cells (reached in worksheet "${sheet}"); it was not read. ${SPLIT_EN}`,
                sheet,
              ),
            );
          }
        }
        for (const m of text.matchAll(/<c\b[^>]*?\br="([A-Z]{1,3})(\d{1,10})"/g)) {
          if (m.index >= limit) break;
          const col = columnNumber(m[1]!);
          const row = Number(m[2]);
          shape.maxColumn = Math.max(shape.maxColumn, col);
          beyond(col, row, { zh: "单元格", en: "a cell" });
        }
      });
    }

    // Tables name their ranges too (exceljs lays a table's cells out from its ref).
    for (const part of zip.list.filter((e) => /^xl\/tables\/[^/]+\.xml$/.test(e.fileName))) {
      await scanPart(await zip.stream(part), count, (text, limit) => {
        if (/<!(DOCTYPE|ENTITY)/i.test(text)) throw new Refused(notAWorkbook());
        checkRanges(text, limit, (col, row) => {
          if (col > MAX_COLUMN || row > MAX_ROW) {
            const cell = `${columnLetter(Math.min(col, 16384))}${row}`;
            throw new Refused(
              issue(
                "WORKBOOK_SHEET_TOO_LARGE",
                `工作簿中的表格范围延伸到 ${cell}，超出可读取范围（最多 ${MAX_ROW} 行、${columnLetter(MAX_COLUMN)} 列），未读取。请使用新下载的模板。`,
                `A table in the workbook reaches ${cell}, beyond what is read (at most ${MAX_ROW} rows, columns up to ${columnLetter(MAX_COLUMN)}); nothing was read. Use a freshly downloaded template.`,
                "",
                cell,
              ),
            );
          }
        });
      });
    }

    const strings = zip.get("xl/sharedStrings.xml");
    if (strings) {
      await scanPart(await zip.stream(strings), count, (text, limit) => {
        if (/<!(DOCTYPE|ENTITY)/i.test(text)) throw new Refused(notAWorkbook());
        for (const m of text.matchAll(/<si[\s>/]/g)) {
          if (m.index >= limit) break;
          if (++shape.sharedStrings > MAX_SHARED_STRINGS) {
            throw new Refused(
              issue(
                "WORKBOOK_TOO_MANY_STRINGS",
                `工作簿的文本超过 ${MAX_SHARED_STRINGS.toLocaleString("en")} 条，未读取。${SPLIT_ZH}`,
                `The workbook holds more than ${MAX_SHARED_STRINGS.toLocaleString("en")} distinct texts; it was not read. ${SPLIT_EN}`,
              ),
            );
          }
        }
      });
    }
    // Every other part is inflated too (exceljs will inflate them all): yauzl refuses a part that
    // inflates to more than its entry declares, and the running total stays under MAX_UNZIPPED_BYTES.
    const scanned = new Set([...sheetParts.map((e) => e.fileName), "xl/sharedStrings.xml"]);
    for (const part of zip.list) {
      if (scanned.has(part.fileName) || /^xl\/tables\/[^/]+\.xml$/.test(part.fileName) || part.fileName.endsWith("/")) continue;
      for await (const chunk of await zip.stream(part)) count((chunk as Buffer).length);
    }
    shape.unzippedBytes = Math.max(inflated, declared);
    return { ok: true, shape };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, issues: [e.issue] };
    // yauzl reports a corrupt or lying entry (size mismatch, bad compression) as an error: not a workbook.
    return { ok: false, issues: [notAWorkbook()] };
  } finally {
    zip?.close();
  }
}

/**
 * Every range an element names — `ref` (dimension, merged cells, tables, hyperlinks, auto-filters) and
 * `sqref` (data validations, conditional formats, selections) — must lie within the limits: exceljs
 * expands a data validation or a merge to every cell of its range (A1:XFD1048576 is 17 billion cells).
 * A whole column ("D:D") or whole row ("2:2") reaches the sheet's edge and is refused like its last cell.
 */
function checkRanges(text: string, limit: number, beyond: (col: number, row: number, what: { zh: string; en: string }) => void): void {
  const long = /\b(sq)?ref="[^"]{4000}/.exec(text);
  if (long && long.index < limit)
    beyond(16384, 1_048_576, {
      zh: "过长的区域列表（超过 4000 个字符），其范围可达",
      en: "a range list longer than 4,000 characters, which may reach",
    });
  for (const m of text.matchAll(/\b(sq)?ref="([^"]{0,4000})"/g)) {
    if (m.index >= limit) break;
    const what = m[1]
      ? { zh: "数据验证或条件格式的范围延伸到", en: "a data validation or conditional format range reaching" }
      : { zh: "区域（合并单元格、使用范围或表格）延伸到", en: "a range (merged cells, used range or table) reaching" };
    for (const part of m[2]!.split(/\s+/)) {
      for (const end of part.split(":")) {
        const a = /^\$?([A-Z]{1,3})?\$?(\d{1,10})?$/.exec(end.trim());
        if (!a || (!a[1] && !a[2])) continue;
        beyond(a[1] ? columnNumber(a[1]) : 16384, a[2] ? Number(a[2]) : 1_048_576, what);
      }
    }
  }
}

/** UTF-8 bytes: a cell of 32,767 Chinese characters is up to 3 bytes each; more than that is refused. */
function textTooLong(): CellIssue {
  return issue(
    "WORKBOOK_TEXT_TOO_LONG",
    `工作簿中有一段文本超过 ${MAX_TEXT_RUN.toLocaleString("en")} 个字符（Excel 单元格的上限），未读取。请删除该内容后重新上传。`,
    `The workbook holds a text longer than ${MAX_TEXT_RUN.toLocaleString("en")} characters (Excel's limit for one cell); it was not read. Remove it and upload again.`,
  );
}

function unzippedTooLarge(bytes: number): CellIssue {
  return issue(
    "WORKBOOK_UNZIPPED_TOO_LARGE",
    `工作簿解压后超过 ${MB(Math.min(bytes, MAX_UNZIPPED_BYTES + 1))}（上限：全部 ${MB(MAX_UNZIPPED_BYTES)}、单个部件 ${MB(MAX_PART_BYTES)}），未读取。${SPLIT_ZH}`,
    `The workbook unzips to more than ${MB(Math.min(bytes, MAX_UNZIPPED_BYTES + 1))} (limits: ${MB(MAX_UNZIPPED_BYTES)} in all, ${MB(MAX_PART_BYTES)} per part); it was not read. ${SPLIT_EN}`,
  );
}
