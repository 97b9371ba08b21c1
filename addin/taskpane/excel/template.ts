/**
 * Insert template: the institute's submission sheets from the ONE template definition
 * (packages/workbook/src/template.ts) — meta sheet with defined names, hidden lists sheet with named
 * ranges, one Excel table per record kind with bilingual headers, drop-down validations, number and date
 * formats and the TT.TECHSUBSIDY expected-subsidy column. Idempotent: a sheet already present is left as
 * it is (and reported), so inserting twice never duplicates anything or loses a submission id.
 */
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
  TEMPLATE_VERSION,
  columnLetter,
  headerOf,
  listName,
  type MetaKey,
} from "@tt/workbook";
import type { RegionCode } from "@tt/engine";
import { INFO_ROWS, PRINT, expectedSubsidyCellFormula, instructionsFor } from "@tt/workbook";
import { PREPARED_ROWS, sheetRef, type ExcelRun } from "./run";

export interface TemplateMeta {
  instituteId: string;
  region: string;
  year: number;
  period?: string;
  /** A fresh id (crypto.randomUUID()) for a new workbook. */
  submissionId: string;
  /** The institute's name from the register (GET /api/institutes/{id}); the id when unknown. */
  instituteName?: string;
}

/**
 * A4 landscape, one page wide, header row repeated (ExcelApi 1.9). Hosts without page layout (older
 * Excel, the test stand-ins) keep their defaults.
 */
function printSetup(sheet: Excel.Worksheet, repeatHeader: boolean): void {
  const layout = (sheet as { pageLayout?: Excel.PageLayout }).pageLayout;
  if (!layout) return;
  layout.orientation = "Landscape";
  layout.paperSize = "A4";
  layout.zoom = { horizontalFitToPages: PRINT.fitToWidth, verticalFitToPages: PRINT.fitToHeight };
  if (repeatHeader) layout.setPrintTitleRows(`$${PRINT.titleRows.replace(":", ":$")}`);
}

export interface InsertResult {
  created: string[];
  existing: string[];
}

const isRegionCode = (r: string): r is RegionCode => r === "CN-HL" || r === "CN-HE";

export async function insertTemplate(run: ExcelRun, meta: TemplateMeta): Promise<InsertResult> {
  // The region's own tables and lists (Hebei: its fields of 004 第2条 and its yes/no questions).
  const region: RegionCode = isRegionCode(meta.region) ? meta.region : "CN-HL";
  const TABLES = tablesFor(region);
  const LISTS = listsFor(region);
  return run(async (context) => {
    const sheets = context.workbook.worksheets;
    const wanted = [META_SHEET, LISTS_SHEET, ...TABLES.map((t) => t.sheet)];
    const probes = wanted.map((name) => sheets.getItemOrNullObject(name).load("isNullObject"));
    await context.sync();
    const exists = new Map(wanted.map((name, i) => [name, !probes[i]!.isNullObject]));
    const created: string[] = [];
    const existing = wanted.filter((n) => exists.get(n));

    if (!exists.get(LISTS_SHEET)) {
      const lists = sheets.add(LISTS_SHEET);
      LIST_ORDER.forEach((l, i) => {
        const letter = columnLetter(i + 1);
        const items = LISTS[l];
        lists.getRange(`${letter}1`).values = [[listName(l)]];
        lists.getRange(`${letter}2:${letter}${items.length + 1}`).values = items.map((it) => [it.label]);
        context.workbook.names.add(listName(l), `=${sheetRef(LISTS_SHEET, `$${letter}$2:$${letter}$${items.length + 1}`)}`);
      });
      lists.visibility = "Hidden";
      created.push(LISTS_SHEET);
    }

    if (!exists.get(META_SHEET)) {
      const sheet = sheets.add(META_SHEET);
      const values: Record<MetaKey, string | number> = {
        instituteId: meta.instituteId,
        region: meta.region,
        year: meta.year,
        period: meta.period ?? "Y",
        templateVersion: TEMPLATE_VERSION,
        submissionId: meta.submissionId,
        contentHash: "",
        etag: "",
        version: "",
      };
      sheet.getRange("A1:B1").values = [["报送信息 Submission", ""]];
      sheet.getRange("A1").format.font.bold = true;
      const first = META_FIELDS[0]!.row;
      const last = META_FIELDS[META_FIELDS.length - 1]!.row;
      // Text format first, so ids and hashes are never read as numbers or dates.
      sheet.getRange(`B${first}:B${last}`).numberFormat = META_FIELDS.map((f) => [f.key === "year" ? "0" : "@"]);
      sheet.getRange(`A${first}:B${last}`).values = META_FIELDS.map((f) => [`${f.zh} ${f.en}`, values[f.key]]);
      const name = INFO_ROWS.instituteName;
      sheet.getRange(`A${name.row}:B${name.row}`).values = [[`${name.zh} ${name.en}`, meta.instituteName ?? meta.instituteId]];
      const text = INFO_ROWS.instructionsTitle;
      sheet.getRange(`A${text}`).values = [["填写说明 Instructions"]];
      sheet.getRange(`A${text}`).format.font.bold = true;
      const instructions = instructionsFor(region);
      sheet.getRange(`A${text + 1}:A${text + instructions.length * 2}`).values = instructions.flatMap((l) => [[l.zh], [l.en]]);
      sheet.getRange("A:A").format.columnWidth = 220;
      sheet.getRange("B:B").format.columnWidth = 420;
      printSetup(sheet, false);
      for (const f of META_FIELDS) {
        const probe = context.workbook.names.getItemOrNullObject(f.name);
        probe.load("isNullObject");
        await context.sync();
        if (probe.isNullObject) context.workbook.names.add(f.name, `=${sheetRef(META_SHEET, `$B$${f.row}`)}`);
      }
      created.push(META_SHEET);
    }

    for (const spec of TABLES) {
      if (exists.get(spec.sheet)) continue;
      const sheet = sheets.add(spec.sheet);
      const lastLetter = columnLetter(spec.columns.length);
      const table = sheet.tables.add(`A1:${lastLetter}2`, true);
      table.name = spec.table;
      table.style = "TableStyleLight9";
      table.getHeaderRowRange().values = [spec.columns.map(headerOf)];
      const prepared = (letter: string) => sheet.getRange(`${letter}2:${letter}${PREPARED_ROWS + 1}`);
      // Office.js wants the full matrix (a 1×1 array is not broadcast over a range).
      const column = (format: string) => Array.from({ length: PREPARED_ROWS }, () => [format]);
      spec.columns.forEach((c, i) => {
        const letter = columnLetter(i + 1);
        sheet.getRange(`${letter}:${letter}`).format.columnWidth = c.width * 7;
        if (c.type === "money" || c.type === "computed") prepared(letter).numberFormat = column(MONEY_FORMAT);
        if (c.type === "date") prepared(letter).numberFormat = column(DATE_FORMAT);
        if (c.type === "text") prepared(letter).numberFormat = column("@");
        if (c.list) prepared(letter).dataValidation.rule = { list: { inCellDropDown: true, source: `=${listName(c.list)}` } };
      });
      if (spec.key === CONTRACTS.key && isRegionCode(meta.region)) {
        const letter = columnLetter(spec.columns.findIndex((c) => c.key === "expectedSubsidy") + 1);
        // One formula in the first data row: Excel makes it the table's calculated column (every row, also
        // rows added later). Where TT.TECHSUBSIDY is unknown the cell shows the placeholder, not #NAME?.
        sheet.getRange(`${letter}2`).formulas = [[expectedSubsidyCellFormula(meta.region, 2)]];
      }
      sheet.freezePanes.freezeRows(1);
      printSetup(sheet, true);
      created.push(spec.sheet);
    }
    await context.sync();
    if (created.length) {
      sheets.getItem(TABLES[0]!.sheet).activate();
      await context.sync();
    }
    return { created, existing };
  });
}
