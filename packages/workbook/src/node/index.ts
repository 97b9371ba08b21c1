/** The exceljs side of the workbook models (Node only): build the template and progress workbooks, read uploads. */
export {
  TEMPLATE_ROWS,
  buildTemplateWorkbook,
  readSubmissionWorkbook,
  workbookCells,
  templateBuffer,
  type TemplateMeta,
  type PrefillRows,
} from "./xlsx";
export { CHART_NOTE, buildProgressWorkbook, progressWorkbookBuffer, progressCharts } from "./progress-xlsx";
export { addCharts, chartXml, rangeRef, type ChartSpec, type ChartSeriesSpec } from "./xlsx-chart";
export { VERSION_STAMP_CELL, versionEtag, stampVersion, readVersionStamp, type VersionStamp } from "./version-stamp";
export {
  MAX_ZIP_ENTRIES,
  MAX_SHEETS,
  MAX_UNZIPPED_BYTES,
  MAX_PART_BYTES,
  MAX_TEXT_RUN,
  MAX_ROW,
  MAX_COLUMN,
  MAX_CELLS,
  MAX_SHARED_STRINGS,
  LIMIT_CODES,
  checkWorkbookLimits,
  notAWorkbook,
  type WorkbookShape,
  type LimitResult,
} from "./limits";
export {
  indicatorWorkbookBuffer,
  readIndicatorWorkbook,
  indicatorCellOf,
  type IndicatorCellIssue,
  type ReadIndicatorRow,
} from "./indicators-xlsx";
export * from "../indicator-sheet";
export * from "./results-xlsx";
export { withCalculatedColumn } from "./calculated-column";
export { printA4, type PrintOptions } from "./page-setup";
export {
  WORKBOOK_BUSY_RETRY_AFTER_SECONDS,
  WorkbookReadFailure,
  closeWorkbookReaders,
  readSubmissionWorkbookMeasured,
  readSubmissionWorkbookOffThread,
  readIndicatorWorkbookOffThread,
  warmWorkbookReaders,
  workbookReaderSettings,
  workbookReaderStats,
  type OffThreadRead,
} from "./read-pool";
