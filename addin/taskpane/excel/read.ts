/**
 * Reads the submission workbook into the shape `readSubmissionCells` takes (Office.js `values`: numbers,
 * date serials, strings; formula columns as their computed values). Large tables are read in chunks of
 * rows, one sync each, reporting progress, so a 50,000-row workbook neither times out one request nor
 * freezes the pane without feedback.
 */
import type { TableCells, WorkbookCells } from "@tt/workbook";
import { META_FIELDS, META_SHEET, TABLES, type MetaKey, type TableSpec } from "@tt/workbook";
import type { ExcelRun } from "./run";

export const READ_CHUNK_ROWS = 2000;

/** Where each table sits, to write back next to its rows. */
export interface TablePlacement {
  sheet: string;
  /** 0-based sheet row of the first data row, and of the first column. */
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
}

export interface WorkbookRead {
  cells: WorkbookCells;
  placements: Partial<Record<TableSpec["key"], TablePlacement>>;
}

export async function readWorkbook(
  run: ExcelRun,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<WorkbookRead> {
  return run(async (context) => {
    const metaSheet = context.workbook.worksheets.getItemOrNullObject(META_SHEET);
    metaSheet.load("isNullObject");
    const probes = TABLES.map((spec) => {
      const table = context.workbook.tables.getItemOrNullObject(spec.table);
      table.load("isNullObject");
      return { spec, table };
    });
    await context.sync();

    const meta: Partial<Record<MetaKey, unknown>> = {};
    if (!metaSheet.isNullObject) {
      const first = META_FIELDS[0]!.row;
      const last = META_FIELDS[META_FIELDS.length - 1]!.row;
      const range = metaSheet.getRange(`B${first}:B${last}`).load("values");
      await context.sync();
      META_FIELDS.forEach((f) => (meta[f.key] = range.values[f.row - first]?.[0]));
    }

    const present = probes.filter((p) => !p.table.isNullObject);
    const shapes = present.map((p) => ({
      ...p,
      header: p.table.getHeaderRowRange().load("values"),
      body: p.table.getDataBodyRange().load("rowIndex, columnIndex, rowCount, columnCount"),
    }));
    await context.sync();
    const total = shapes.reduce((n, s) => n + s.body.rowCount, 0);
    let done = 0;
    onProgress(0, total);

    const tables: WorkbookCells["tables"] = {};
    const placements: WorkbookRead["placements"] = {};
    for (const s of shapes) {
      const sheet = context.workbook.worksheets.getItem(s.spec.sheet);
      const rows: unknown[][] = [];
      for (let offset = 0; offset < s.body.rowCount; offset += READ_CHUNK_ROWS) {
        const n = Math.min(READ_CHUNK_ROWS, s.body.rowCount - offset);
        const chunk = sheet.getRangeByIndexes(s.body.rowIndex + offset, s.body.columnIndex, n, s.body.columnCount).load("values");
        await context.sync();
        rows.push(...chunk.values);
        done += n;
        onProgress(done, total);
      }
      const cells: TableCells = {
        header: s.header.values[0] ?? [],
        rows,
        firstRow: s.body.rowIndex + 1,
        firstColumn: s.body.columnIndex + 1,
      };
      tables[s.spec.key] = cells;
      placements[s.spec.key] = {
        sheet: s.spec.sheet,
        rowIndex: s.body.rowIndex,
        columnIndex: s.body.columnIndex,
        rowCount: s.body.rowCount,
      };
    }
    return { cells: { meta, tables }, placements };
  });
}
