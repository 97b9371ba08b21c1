/** The exceljs side of the workbook models (Node only): build the template and progress workbooks, read uploads. */
export { TEMPLATE_ROWS, buildTemplateWorkbook, readSubmissionWorkbook, workbookCells, templateBuffer, type TemplateMeta, type PrefillRows } from "./xlsx";
export { CHART_NOTE, buildProgressWorkbook, progressWorkbookBuffer, progressCharts } from "./progress-xlsx";
export { addCharts, chartXml, rangeRef, type ChartSpec, type ChartSeriesSpec } from "./xlsx-chart";
export { VERSION_STAMP_CELL, versionEtag, stampVersion, readVersionStamp, type VersionStamp } from "./version-stamp";
