/**
 * Workbook models shared by Office.js (the task pane) and exceljs (the cloud API): the institute template and
 * its reader, and the aggregate progress sheet. Browser-safe; the exceljs builders are in `@tt/workbook/node`.
 */
export {
  TEMPLATE_VERSION,
  READABLE_TEMPLATE_VERSIONS,
  TABLES,
  ACHIEVEMENTS,
  CONTRACTS,
  RECEIPTS,
  META_FIELDS,
  META_SHEET,
  LISTS_SHEET,
  LISTS,
  LIST_ORDER,
  listsFor,
  tablesFor,
  achievementsTable,
  flagKey,
  type Lists,
  listName,
  headerOf,
  columnLetter,
  letterOf,
  expectedSubsidyFormula,
  MONEY_FORMAT,
  DATE_FORMAT,
  type TableSpec,
  type ColumnSpec,
  type ListName,
  type MetaKey,
} from "./template";
export { readSubmissionCells, rowsNeedingAttention, type WorkbookCells, type TableCells, type CellIssue, type ReadResult } from "./rows";
export {
  progressSheetModel,
  blockExtent,
  PROGRESS_SHEET,
  type ProgressSheetModel,
  type SheetBlock,
  type CellValue,
} from "./progress-sheet";
export * from "./indicator-sheet";
export * from "./template-extras";
