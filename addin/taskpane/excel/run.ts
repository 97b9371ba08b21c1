/** `Excel.run` as a parameter, so the logic above it runs against office-addin-mock or the stand-in in tests. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export const officeExcelRun: ExcelRun = (batch) => Excel.run(batch);

/** Quoted sheet reference for formulas and comment addresses: 'Sheet name'!A1. */
export const sheetRef = (sheet: string, cell: string): string => `'${sheet.replace(/'/g, "''")}'!${cell}`;

/** Rows prepared (validation, formats) below each table header, so typing past the first row keeps them. */
export const PREPARED_ROWS = 5000;
