/**
 * The submission template and the progress workbook as .xlsx files (exceljs), for people who cannot
 * install the add-in: GET /api/templates/institute.xlsx, POST /api/submissions/xlsx. Node only — not
 * exported from packages/engine/src/index.ts, so the add-in bundle never carries exceljs.
 */
import { printA4 } from "./page-setup";
import { MAX_COLUMN } from "./limits";
import { MAX_ROW } from "./limits";
import { checkWorkbookLimits } from "./limits";
import ExcelJS from "exceljs";
import "./exceljs-patches";
import type { RegionCode } from "@tt/engine";
import { readSubmissionCells, type ReadResult, type TableCells, type WorkbookCells } from "../rows";
import {
  CONTRACTS,
  DATE_FORMAT,
  listsFor,
  tablesFor,
  LISTS_SHEET,
  LIST_ORDER,
  META_FIELDS,
  META_SHEET,
  MONEY_FORMAT,
  TABLES,
  TEMPLATE_VERSION,
  columnLetter,
  headerOf,
  listName,
  type MetaKey,
  type TableSpec,
} from "../template";
import { withCalculatedColumn } from "./calculated-column";
import { BLANK_TABLE_ROWS, INFO_ROWS, PRINT, SUBSIDY_PLACEHOLDER, expectedSubsidyCellFormula, instructionsFor } from "../template-extras";

/** Rows of each table that carry validations and formulas in a new template. */
export const TEMPLATE_ROWS = 500;

export interface TemplateMeta {
  instituteId: string;
  region: RegionCode;
  year: number;
  period?: string;
  /**
   * Client-generated submission id stamped into the workbook, so that uploading the same file twice is
   * recognised as one submission. A new UUID when omitted.
   */
  submissionId?: string;
  /** Override the stamped version (tests make old-version workbooks with it). */
  templateVersion?: string;
  /** The institute's name from the register, shown on the information sheet. */
  instituteName?: string;
  /** A stored submission's hash, ETag and version (GET /api/submissions/{id}/workbook). */
  contentHash?: string;
  etag?: string;
  storedVersion?: number;
}

/** Values to prefill, keyed by table and column key (used by tests and by "download my last submission"). */
export type PrefillRows = Partial<Record<TableSpec["key"], Record<string, unknown>[]>>;

export function buildTemplateWorkbook(meta: TemplateMeta, prefill: PrefillRows = {}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "TT technology-transfer add-in";
  wb.title = `Technology-transfer submission ${meta.instituteId} ${meta.year}`;

  const info = wb.addWorksheet(META_SHEET, { properties: { tabColor: { argb: "FF1F4E79" } } });
  info.getCell("A1").value = "报送信息 Submission";
  info.getCell("A1").font = { bold: true, size: 14 };
  info.getColumn(1).width = 34;
  info.getColumn(2).width = 40;
  const values: Record<MetaKey, string | number> = {
    instituteId: meta.instituteId,
    region: meta.region,
    year: meta.year,
    period: meta.period ?? "Y",
    templateVersion: meta.templateVersion ?? TEMPLATE_VERSION,
    submissionId: meta.submissionId ?? globalThis.crypto.randomUUID(),
    contentHash: meta.contentHash ?? "",
    etag: meta.etag ?? "",
    version: "",
  };
  for (const f of META_FIELDS) {
    info.getCell(`A${f.row}`).value = `${f.zh} ${f.en}`;
    info.getCell(`B${f.row}`).value = values[f.key];
    wb.definedNames.add(`'${META_SHEET}'!$B$${f.row}`, f.name);
  }
  addInfoExtras(wb, info, meta);

  const lists = wb.addWorksheet(LISTS_SHEET, { state: "hidden" });
  const regionLists = listsFor(meta.region);
  LIST_ORDER.forEach((name, i) => {
    const letter = columnLetter(i + 1);
    lists.getCell(`${letter}1`).value = name;
    regionLists[name].forEach((item, j) => (lists.getCell(`${letter}${j + 2}`).value = item.label));
    wb.definedNames.add(`'${LISTS_SHEET}'!$${letter}$2:$${letter}$${regionLists[name].length + 1}`, listName(name));
  });

  for (const spec of tablesFor(meta.region)) addTable(wb, spec, meta.region, prefill[spec.key] ?? []);
  // Excel recalculates on opening (TT.TECHSUBSIDY where the add-in runs); the cached value is the placeholder.
  wb.calcProperties = { ...wb.calcProperties, fullCalcOnLoad: true };
  return wb;
}

/** Institute name, stored version and plain instructions below the stamped fields; print setup. */
function addInfoExtras(wb: ExcelJS.Workbook, info: ExcelJS.Worksheet, meta: TemplateMeta): void {
  const name = INFO_ROWS.instituteName;
  info.getCell(`A${name.row}`).value = `${name.zh} ${name.en}`;
  info.getCell(`B${name.row}`).value = meta.instituteName ?? meta.instituteId;
  info.getCell(`B${name.row}`).font = { bold: true };
  wb.definedNames.add(`'${META_SHEET}'!$B$${name.row}`, name.name);
  const stored = INFO_ROWS.storedVersion;
  info.getCell(`A${stored.row}`).value = `${stored.zh} ${stored.en}`;
  info.getCell(`B${stored.row}`).value = meta.storedVersion ?? "";
  wb.definedNames.add(`'${META_SHEET}'!$B$${stored.row}`, stored.name);
  info.getCell(`A${INFO_ROWS.instructionsTitle}`).value = "填写说明 Instructions";
  info.getCell(`A${INFO_ROWS.instructionsTitle}`).font = { bold: true, size: 12 };
  instructionsFor(meta.region).forEach((line, i) => {
    const row = INFO_ROWS.instructionsTitle + 1 + i * 2;
    info.mergeCells(`A${row}:B${row}`);
    info.mergeCells(`A${row + 1}:B${row + 1}`);
    info.getCell(`A${row}`).value = line.zh;
    info.getCell(`A${row + 1}`).value = line.en;
    info.getCell(`A${row + 1}`).font = { color: { argb: "FF595959" }, size: 9 };
    for (const r of [row, row + 1]) {
      info.getCell(`A${r}`).alignment = { wrapText: true, vertical: "top" };
      info.getRow(r).height = r === row ? 32 : 26;
    }
  });
  info.getColumn(2).width = 60;
  info.getColumn(2).alignment = { horizontal: "left" };
  printSetup(info, false);
  info.pageSetup.fitToHeight = 1; // the information sheet is one page
}

function printSetup(ws: ExcelJS.Worksheet, repeatHeader: boolean): void {
  printA4(ws, { centered: true, footer: "&C&P / &N", ...(repeatHeader ? { titleRows: PRINT.titleRows } : {}) });
}

function addTable(wb: ExcelJS.Workbook, spec: TableSpec, region: RegionCode, prefill: Record<string, unknown>[]): void {
  const ws = wb.addWorksheet(spec.sheet, { views: [{ state: "frozen", ySplit: 1 }] });
  spec.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
  const rowCount = prefill.length || BLANK_TABLE_ROWS;
  const rows = Array.from({ length: rowCount }, (_, r) =>
    spec.columns.map((c) => {
      if (spec === CONTRACTS && c.key === "expectedSubsidy")
        return { formula: expectedSubsidyCellFormula(region, r + 2).slice(1), result: SUBSIDY_PLACEHOLDER };
      const v = prefill[r]?.[c.key];
      if (v === undefined || v === null) return null;
      if (c.type === "date" && typeof v === "string") return new Date(`${v}T00:00:00Z`);
      if (c.list === "yesNo" && typeof v === "boolean") return v ? "是" : "否";
      if (c.list && typeof v === "string") return listsFor(region)[c.list].find((i) => i.value === v)?.label ?? v;
      return v as ExcelJS.CellValue;
    }),
  );
  ws.addTable({
    name: spec.table,
    ref: "A1",
    headerRow: true,
    style: { theme: "TableStyleMedium2", showRowStripes: true },
    columns: spec.columns.map((c) => ({ name: headerOf(c), filterButton: true })),
    rows: rows as ExcelJS.CellValue[][],
  });
  const last = TEMPLATE_ROWS + 1;
  spec.columns.forEach((c, i) => {
    const letter = columnLetter(i + 1);
    const range = `${letter}2:${letter}${last}`;
    if (c.type === "money") {
      ws.getColumn(i + 1).numFmt = MONEY_FORMAT;
      validations(ws).add(range, {
        type: "decimal",
        operator: "greaterThanOrEqual",
        formulae: [0],
        allowBlank: !c.required,
        showErrorMessage: true,
        errorTitle: "金额 Amount",
        error: "请输入 0 或以上的金额 / Enter an amount of 0 or more",
      });
    }
    if (c.type === "date") {
      ws.getColumn(i + 1).numFmt = DATE_FORMAT;
      validations(ws).add(range, {
        type: "date",
        operator: "greaterThan",
        formulae: [new Date(Date.UTC(2000, 0, 1))],
        allowBlank: !c.required,
        showErrorMessage: true,
        errorTitle: "日期 Date",
        error: "请输入日期 YYYY-MM-DD / Enter a date YYYY-MM-DD",
      });
    }
    if (c.list) {
      validations(ws).add(range, {
        type: "list",
        allowBlank: !c.required,
        formulae: [listName(c.list)],
        showErrorMessage: true,
        errorTitle: `${c.zh} ${c.en}`,
        error: "请从下拉列表中选择 / Choose from the list",
      });
    }
    if (c.type === "computed") {
      ws.getColumn(i + 1).numFmt = MONEY_FORMAT;
      ws.getColumn(i + 1).font = { color: { argb: "FF595959" }, italic: true };
    }
  });
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: "middle" };
  // Explicit height and fill: LibreOffice and WPS neither grow a wrapped header nor draw table styles.
  ws.getRow(1).height = 48;
  spec.columns.forEach((_c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    cell.border = { bottom: { style: "thin", color: { argb: "FF1F4E79" } } };
  });
  printSetup(ws, true);
}

/** exceljs supports range validations (`ws.dataValidations.add`) but its type definitions omit them. */
const validations = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;

/** Turn an uploaded workbook into the same cells the add-in reads (meta values and table rows). */
export async function readSubmissionWorkbook(data: ArrayBuffer | Uint8Array): Promise<ReadResult> {
  // Bounds first (limits.ts): a hostile file is refused from its zip directory and a streamed count,
  // before exceljs builds anything.
  const bounds = await checkWorkbookLimits(data instanceof Uint8Array ? data : new Uint8Array(data));
  if (!bounds.ok) return { ok: false, issues: bounds.issues };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as ArrayBuffer);
  } catch {
    return {
      ok: false,
      issues: [
        {
          sheet: "",
          cell: "",
          path: "",
          code: "NOT_A_WORKBOOK",
          message: { zh: "上传的文件不是有效的 .xlsx 工作簿。", en: "The uploaded file is not a valid .xlsx workbook." },
        },
      ],
    };
  }
  return readSubmissionCells(workbookCells(wb));
}

export function workbookCells(wb: ExcelJS.Workbook): WorkbookCells {
  const info = wb.getWorksheet(META_SHEET);
  const meta: WorkbookCells["meta"] = {};
  if (info) for (const f of META_FIELDS) meta[f.key] = info.getCell(`B${f.row}`).value ?? undefined;
  const tables: WorkbookCells["tables"] = {};
  for (const spec of TABLES) {
    const ws = wb.getWorksheet(spec.sheet);
    if (ws) tables[spec.key] = sheetTable(ws);
  }
  return { meta, tables };
}

/**
 * The rows of a table sheet, visiting only rows that exist and columns up to MAX_COLUMN (the limits were
 * checked before the workbook was opened; this never walks rows × columns of an empty area).
 */
function sheetTable(ws: ExcelJS.Worksheet): TableCells {
  const width = Math.min(Math.max(ws.columnCount, 1), MAX_COLUMN);
  const last = Math.min(ws.rowCount, MAX_ROW);
  const read = (r: number) => {
    const row = ws.findRow(r);
    return Array.from({ length: width }, (_, i) => (row ? (row.findCell(i + 1)?.value ?? null) : null));
  };
  const rows: unknown[][] = [];
  for (let r = 2; r <= last; r++) rows.push(read(r));
  return { header: read(1), rows, firstRow: 2, firstColumn: 1 };
}

export async function templateBuffer(meta: TemplateMeta, prefill?: PrefillRows): Promise<Buffer> {
  return workbookBuffer(buildTemplateWorkbook(meta, prefill), meta.region);
}

/** The .xlsx bytes, with the 预计补助 table column declared a calculated column (exceljs cannot write that). */
export async function workbookBuffer(wb: ExcelJS.Workbook, region: RegionCode): Promise<Buffer> {
  return withCalculatedColumn(Buffer.from(await wb.xlsx.writeBuffer()), region);
}
