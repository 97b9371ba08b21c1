/**
 * Reads a filled submission workbook back into a submission, whichever way its cells arrived: Office.js
 * `values` (numbers, Excel date serials, strings) or exceljs (numbers, Date objects, strings, formula
 * results). Every problem is reported on the cell it concerns, with a stable code and zh/en text.
 */
import type { Bilingual } from "@tt/engine";
import { parseDate } from "@tt/engine";
import { fieldIssues } from "@tt/contract";
import { submission, type Submission, type SubmissionInput } from "@tt/contract";
import {
  ACHIEVEMENTS,
  CONTRACTS,
  achievementsTable,
  flagKey,
  listsFor,
  type ListName,
  type Lists,
  META_FIELDS,
  META_SHEET,
  READABLE_TEMPLATE_VERSIONS,
  RECEIPTS,
  TEMPLATE_VERSION,
  columnLetter,
  headerOf,
  type ColumnSpec,
  type MetaKey,
  type TableSpec,
} from "./template";
import { isBlank, TEMPLATE_VERSIONS_BY_REGION, type RegionCode } from "@tt/engine";

export interface TableCells {
  /** The header row as read. */
  header: readonly unknown[];
  /** Data rows, header excluded. */
  rows: readonly (readonly unknown[])[];
  /** Sheet row number (1-based) of the first data row. */
  firstRow: number;
  /** Sheet column number (1-based) of the table's first column; 1 when omitted. */
  firstColumn?: number;
}

export interface WorkbookCells {
  meta: Partial<Record<MetaKey, unknown>>;
  tables: Partial<Record<TableSpec["key"], TableCells>>;
}

export interface CellIssue {
  sheet: string;
  /** A1 address, e.g. "F7". */
  cell: string;
  /** Submission path the issue came from, e.g. "contracts.2.receipts.0.amount" ("" for template problems). */
  path: string;
  code: string;
  message: Bilingual;
}

export type ReadResult =
  | {
      ok: true;
      submission: Submission;
      input: SubmissionInput;
      locate: (path: string) => { sheet: string; cell: string } | null;
      /** What `locate` answers from, as plain data (`locator(where)` rebuilds it after a worker thread). */
      where: Where;
      /** The raw version-stamp cells (see version-stamp.ts `readVersionStamp`). */
      stamp?: { version: unknown; etag: unknown };
    }
  | { ok: false; issues: CellIssue[]; input?: SubmissionInput };

/** exceljs gives formula cells as {formula, result}, rich text as {richText}; Office.js gives plain values. */
function plain(v: unknown): unknown {
  if (v && typeof v === "object" && !(v instanceof Date)) {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: string };
    if ("result" in o) return o.result;
    if (o.richText) return o.richText.map((r) => r.text).join("");
    if (typeof o.text === "string") return o.text;
  }
  return v;
}

function cellValue(c: ColumnSpec, raw: unknown, lists: Lists): unknown {
  const v = plain(raw);
  if (isBlank(v)) return c.list === "yesNo" ? false : undefined;
  switch (c.type) {
    case "text":
      return String(v).trim();
    case "money":
      return typeof v === "number" ? v : String(v).trim();
    case "date":
      try {
        return parseDate(v instanceof Date || typeof v === "number" ? v : String(v).trim());
      } catch {
        return String(v instanceof Date ? v.toISOString() : v);
      }
    case "list": {
      const text = String(v).trim();
      const match = (items: Lists[ListName]) =>
        items.find((i) => i.label === text || String(i.value) === text || i.label.endsWith(` ${text}`));
      // A field of the other region is read as its id, so that the check says whose field it is (SECTOR_NOT_IN_REGION).
      const item =
        match(lists[c.list!]) ??
        (c.list === "sectors" ? (match(listsFor("CN-HL").sectors) ?? match(listsFor("CN-HE").sectors)) : undefined);
      return item ? item.value : text;
    }
    default:
      return v;
  }
}

interface Located {
  spec: TableSpec;
  cells: TableCells;
  index: Map<string, number>;
}

function locateColumns(spec: TableSpec, cells: TableCells | undefined, issues: CellIssue[]): Located | null {
  if (!cells) {
    issues.push({
      sheet: spec.sheet,
      cell: "A1",
      path: "",
      code: "TEMPLATE_TABLE_MISSING",
      message: {
        zh: `找不到工作表或表格“${spec.sheet}”（${spec.table}）。请使用最新模板。`,
        en: `Sheet or table "${spec.sheet}" (${spec.table}) is missing. Use the current template.`,
      },
    });
    return null;
  }
  const headers = cells.header.map((h) => String(plain(h) ?? "").trim());
  const index = new Map<string, number>();
  for (const c of spec.columns) {
    const i = headers.findIndex((h) => h === headerOf(c) || h === c.zh || h === c.en);
    if (i >= 0) index.set(c.key, i);
    else if (c.type !== "computed") {
      issues.push({
        sheet: spec.sheet,
        cell: `${columnLetter(cells.firstColumn ?? 1)}${cells.firstRow - 1}`,
        path: "",
        code: "TEMPLATE_COLUMN_MISSING",
        message: {
          zh: `缺少列“${headerOf(c)}”。请不要删除或改名模板的列标题。`,
          en: `Column "${headerOf(c)}" is missing. Do not delete or rename the template's column headers.`,
        },
      });
    }
  }
  return { spec, cells, index };
}

function addressOf(l: Located, rowIndex: number, key: string): string {
  const col = l.index.get(key) ?? 0;
  return `${columnLetter((l.cells.firstColumn ?? 1) + col)}${l.cells.firstRow + rowIndex}`;
}

function dataRows(l: Located, lists: Lists): { values: Record<string, unknown>; rowIndex: number }[] {
  const inputs = l.spec.columns.filter((c) => c.type !== "computed" && l.index.has(c.key));
  return l.cells.rows.flatMap((row, rowIndex) => {
    if (inputs.every((c) => isBlank(plain(row[l.index.get(c.key)!])))) return [];
    return [{ rowIndex, values: Object.fromEntries(inputs.map((c) => [c.key, cellValue(c, row[l.index.get(c.key)!], lists)])) }];
  });
}

/**
 * A formula in an input cell (exceljs gives `{formula | sharedFormula, result}`): its cached result was
 * computed by whatever program saved the file and cannot be trusted (a cell `=1+1` may carry 999999999),
 * so the cell is refused with a message on it, never read. Office.js hands the add-in values Excel has
 * just calculated, so this only ever applies to uploaded files.
 */
function isFormula(raw: unknown): boolean {
  return !!raw && typeof raw === "object" && !(raw instanceof Date) && ("formula" in raw || "sharedFormula" in raw);
}

function formulaIssue(sheet: string, cell: string, path: string): CellIssue {
  return {
    sheet,
    cell,
    path,
    code: "FORMULA_IN_INPUT_CELL",
    message: {
      zh: `单元格 ${cell} 是公式；输入单元格只接受数值或文本（服务器不采信文件中缓存的公式结果）。请复制该单元格并“选择性粘贴 → 数值”后重新上传。`,
      en: `Cell ${cell} holds a formula; input cells accept values only (the server never trusts a formula result cached in the file). Copy the cell and Paste Special → Values, then upload again.`,
    },
  };
}

function formulaIssues(l: Located, issues: CellIssue[]): void {
  const inputs = l.spec.columns.filter((c) => c.type !== "computed" && l.index.has(c.key));
  l.cells.rows.forEach((row, rowIndex) => {
    for (const c of inputs)
      if (isFormula(row[l.index.get(c.key)!])) issues.push(formulaIssue(l.spec.sheet, addressOf(l, rowIndex, c.key), ""));
  });
}

export function readSubmissionCells(wb: WorkbookCells): ReadResult {
  const issues: CellIssue[] = [];
  const metaCell = (key: MetaKey) => `B${META_FIELDS.find((f) => f.key === key)!.row}`;
  const version = String(plain(wb.meta.templateVersion) ?? "").trim();
  if (!READABLE_TEMPLATE_VERSIONS.includes(version)) {
    return {
      ok: false,
      issues: [
        {
          sheet: META_SHEET,
          cell: metaCell("templateVersion"),
          path: "templateVersion",
          code: "TEMPLATE_VERSION_UNSUPPORTED",
          message: {
            zh: `该工作簿的模板版本为“${version || "未知"}”，本系统读取 ${READABLE_TEMPLATE_VERSIONS.join("、")}。请下载 ${TEMPLATE_VERSION} 版模板，将数据复制进去后再报送。`,
            en: `This workbook's template version is "${version || "unknown"}"; this system reads ${READABLE_TEMPLATE_VERSIONS.join(", ")}. Download template ${TEMPLATE_VERSION}, copy your rows into it and submit again.`,
          },
        },
      ],
    };
  }
  // The region's own lists and questions (Hebei: its fields of 004 第2条 and the 重大科技成果 column); an unknown
  // region reads with Heilongjiang's and is then refused by the schema on the region cell.
  const regionText = String(plain(wb.meta.region) ?? "").trim();
  const region: RegionCode = regionText === "CN-HE" ? "CN-HE" : "CN-HL";
  const regionVersions = TEMPLATE_VERSIONS_BY_REGION[region];
  if (regionText === region && !regionVersions.includes(version)) {
    return {
      ok: false,
      issues: [
        {
          sheet: META_SHEET,
          cell: metaCell("templateVersion"),
          path: "templateVersion",
          code: "TEMPLATE_VERSION_UNSUPPORTED",
          message: {
            zh: `该工作簿是 ${version} 版模板，${region} 的报送读取 ${regionVersions.join("、")} 版（领域选项等已更新）。请下载 ${TEMPLATE_VERSION} 版模板，将数据复制进去后再报送。`,
            en: `This workbook is template ${version}; ${region} submissions read ${regionVersions.join(", ")} (its fields and columns changed). Download template ${TEMPLATE_VERSION}, copy your rows into it and submit again.`,
          },
        },
      ],
    };
  }
  const lists = listsFor(region);
  const achievementsSpec = achievementsTable(region);
  const flagIds = achievementsSpec.columns.filter((x) => x.key.startsWith("flag:")).map((x) => x.key.slice("flag:".length));
  const a = locateColumns(achievementsSpec, wb.tables.achievements, issues);
  const c = locateColumns(CONTRACTS, wb.tables.contracts, issues);
  const r = locateColumns(RECEIPTS, wb.tables.receipts, issues);
  if (!a || !c || !r || issues.length) return { ok: false, issues };
  for (const f of META_FIELDS) if (isFormula(wb.meta[f.key])) issues.push(formulaIssue(META_SHEET, metaCell(f.key), f.key));
  for (const l of [a, c, r]) formulaIssues(l, issues);
  if (issues.length) return { ok: false, issues };

  const year = plain(wb.meta.year);
  const achievementRows = dataRows(a, lists);
  const contractRows = dataRows(c, lists);
  const receiptRows = dataRows(r, lists);
  const receiptOwner = new Map<number, { contract: number; receipt: number }>();
  // Receipts grouped by registration number once (was a scan of every receipt per contract: O(n²)).
  const receiptsByNumber = new Map<unknown, typeof receiptRows>();
  for (const rr of receiptRows) {
    const list = receiptsByNumber.get(rr.values.registrationNumber);
    if (list) list.push(rr);
    else receiptsByNumber.set(rr.values.registrationNumber, [rr]);
  }
  const contracts = contractRows.map(({ values: v }, ci) => {
    const receipts = (receiptsByNumber.get(v.registrationNumber) ?? []).map((rr, ri) => {
      receiptOwner.set(rr.rowIndex, { contract: ci, receipt: ri });
      return { date: rr.values.date, amount: rr.values.amount };
    });
    return {
      registrationNumber: v.registrationNumber,
      type: v.type,
      buyer: { name: v.buyerName, region: v.buyerRegion },
      seller: { name: v.sellerName, region: v.sellerRegion },
      role: v.role,
      signedDate: v.signedDate,
      contractAmount: v.contractAmount,
      receipts,
      sourceJingJin: v.sourceJingJin,
    };
  });
  for (const rr of receiptRows) {
    if (!receiptOwner.has(rr.rowIndex)) {
      issues.push({
        sheet: RECEIPTS.sheet,
        cell: addressOf(r, rr.rowIndex, "registrationNumber"),
        path: "",
        code: "RECEIPT_WITHOUT_CONTRACT",
        message: {
          zh: `到账记录的登记号“${String(rr.values.registrationNumber ?? "")}”在技术合同表中不存在。`,
          en: `Receipt registration number "${String(rr.values.registrationNumber ?? "")}" matches no row of the contracts table.`,
        },
      });
    }
  }

  const input = {
    submissionId: String(plain(wb.meta.submissionId) ?? "").trim(),
    instituteId: String(plain(wb.meta.instituteId) ?? "").trim(),
    region: String(plain(wb.meta.region) ?? "").trim(),
    year: typeof year === "string" && /^\d+$/.test(year.trim()) ? Number(year) : year,
    period: isBlank(plain(wb.meta.period)) ? "Y" : String(plain(wb.meta.period)).trim(),
    templateVersion: version,
    achievements: achievementRows.map(({ values }) => {
      const v = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith("flag:")));
      // A question is answered yes with 是 (true); blank or 否 is no. Anything else is kept, and refused by the schema.
      const flags = flagIds.flatMap((id) => {
        const x = values[flagKey(id)];
        return x === true ? [id] : x === false || x === undefined ? [] : [String(x)];
      });
      return { ...v, ...(flags.length ? { flags } : {}), year: typeof year === "number" ? year : Number(year) };
    }),
    contracts,
  } as unknown as SubmissionInput;

  const column = (l: Located) => ({
    firstRow: l.cells.firstRow,
    firstColumn: l.cells.firstColumn ?? 1,
    index: Object.fromEntries(l.index),
  });
  // The j-th entry of an achievement's `flags` comes from its j-th answered question column (same order as above).
  const flagColumns: Record<string, string> = {};
  achievementRows.forEach(({ values }, i) => {
    let j = 0;
    for (const id of flagIds) {
      const x = values[flagKey(id)];
      if (x !== false && x !== undefined) flagColumns[`${i}.${j++}`] = flagKey(id);
    }
  });
  const where: Where = {
    columns: { achievements: column(a), contracts: column(c), receipts: column(r) },
    achievementRows: achievementRows.map((x) => x.rowIndex),
    contractRows: contractRows.map((x) => x.rowIndex),
    receiptRows: Object.fromEntries([...receiptOwner.entries()].map(([row, o]) => [`${o.contract}.${o.receipt}`, row])),
    flagColumns,
  };
  const locate = locator(where);

  const parsed = submission.safeParse(input);
  if (!parsed.success) {
    for (const issue of fieldIssues(parsed.error)) {
      const at = locate(issue.path) ?? { sheet: META_SHEET, cell: "A1" };
      issues.push({ ...at, path: issue.path, code: issue.code, message: issue.message });
    }
  }
  if (issues.length || !parsed.success) return { ok: false, issues, input };
  return { ok: true, submission: parsed.data, input, locate, where, stamp: { version: plain(wb.meta.version), etag: plain(wb.meta.etag) } };
}

/** The table columns and rows of a read workbook, as plain data: what `locate` needs (see `locator`). */
export interface Where {
  columns: Record<"achievements" | "contracts" | "receipts", { firstRow: number; firstColumn: number; index: Record<string, number> }>;
  /** Row index (0 = first data row) of each achievement and contract, in submission order. */
  achievementRows: number[];
  contractRows: number[];
  /** "contract.receipt" → row index of that receipt on the receipts sheet. */
  receiptRows: Record<string, number>;
  /** "achievement.flag" (the flag's index in that achievement's `flags`) → the question's column key. */
  flagColumns: Record<string, string>;
}

/** Submission path (e.g. "contracts.2.receipts.0.amount") → the sheet and cell it was read from. */
export function locator(where: Where): (path: string) => { sheet: string; cell: string } | null {
  const at = (table: keyof Where["columns"], rowIndex: number, key: string, fallback = key) => {
    const l = where.columns[table];
    const col = l.index[Object.hasOwn(l.index, key) ? key : fallback] ?? 0;
    return `${columnLetter(l.firstColumn + col)}${l.firstRow + rowIndex}`;
  };
  const metaCell = (key: MetaKey) => `B${META_FIELDS.find((f) => f.key === key)!.row}`;
  return (path) => {
    const p = path.split(".");
    if (p.length === 1) {
      const f = META_FIELDS.find((m) => m.key === p[0]);
      return f ? { sheet: META_SHEET, cell: metaCell(f.key) } : null;
    }
    const i = Number(p[1]);
    const achievement = where.achievementRows[i];
    if (p[0] === "achievements" && achievement !== undefined) {
      const flagColumn = p[2] === "flags" && p[3] !== undefined ? where.flagColumns[`${i}.${Number(p[3])}`] : undefined;
      const key = flagColumn ?? (p[2] === "year" || !p[2] ? "date" : p[2]);
      return { sheet: ACHIEVEMENTS.sheet, cell: at("achievements", achievement, key, "title") };
    }
    const contract = where.contractRows[i];
    if (p[0] === "contracts" && contract !== undefined) {
      if (p[2] === "receipts" && p[3] !== undefined) {
        const owned = where.receiptRows[`${i}.${Number(p[3])}`];
        if (owned !== undefined) return { sheet: RECEIPTS.sheet, cell: at("receipts", owned, p[4] === "date" ? "date" : "amount") };
      }
      const key =
        p[2] === "buyer"
          ? p[3] === "region"
            ? "buyerRegion"
            : "buyerName"
          : p[2] === "seller"
            ? p[3] === "region"
              ? "sellerRegion"
              : "sellerName"
            : p[2] === "receipts"
              ? "contractAmount"
              : (p[2] ?? "registrationNumber");
      return { sheet: CONTRACTS.sheet, cell: at("contracts", contract, key, "registrationNumber") };
    }
    return null;
  };
}

/** "3 rows need attention" — distinct rows with at least one issue. */
export function rowsNeedingAttention(issues: readonly CellIssue[]): number {
  return new Set(issues.map((i) => `${i.sheet}|${i.cell.replace(/^[A-Z]+/, "")}`)).size;
}
