/**
 * How every workbook the product writes prints: A4 (paper size 9), one page wide, as many pages tall as
 * needed, page numbers in the footer. One place, so the template, the results workbook, the progress sheet,
 * the award roster and the review record print alike. Margins are in inches (layout, not policy).
 */
import type ExcelJS from "exceljs";
import { PRINT } from "../template-extras";

export interface PrintOptions {
  orientation?: "landscape" | "portrait";
  /** Rows repeated at the top of every page, e.g. "1:1". */
  titleRows?: string;
  centered?: boolean;
  /** Narrow margins for wide sheets (the progress sheet with its charts). */
  narrow?: boolean;
  footer?: string;
}

const MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 };
const NARROW_MARGINS = { left: 0.3, right: 0.3, top: 0.4, bottom: 0.4, header: 0.2, footer: 0.2 };

export function printA4(ws: ExcelJS.Worksheet, o: PrintOptions = {}): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: PRINT.paperSize,
    orientation: o.orientation ?? PRINT.orientation,
    fitToPage: true,
    fitToWidth: PRINT.fitToWidth,
    fitToHeight: PRINT.fitToHeight,
    margins: o.narrow ? NARROW_MARGINS : MARGINS,
    ...(o.centered ? { horizontalCentered: true } : {}),
    ...(o.titleRows ? { printTitlesRow: o.titleRows } : {}),
  };
  if (o.footer) ws.headerFooter = { oddFooter: o.footer };
}
