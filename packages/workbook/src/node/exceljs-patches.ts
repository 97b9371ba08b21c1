/**
 * exceljs 4.4.0 cannot read a table column that has a child element — which is how Excel saves every
 * table with a calculated column (<tableColumn …><calculatedColumnFormula>…</calculatedColumnFormula>
 * </tableColumn>): TableColumnXform ends at the first closing tag, the column list ends with it, and the
 * load fails ("Cannot set properties of undefined (setting 'filterButton')"). A workbook saved by Excel
 * (or our own template, which declares its 预计补助 column calculated) would then be refused as "not a
 * workbook". The fix: a table column ends at </tableColumn> only. Imported for its effect by xlsx.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TableColumnXform = require("exceljs/lib/xlsx/xform/table/table-column-xform") as {
  prototype: { tag: string; parseClose(name: string): boolean };
};

TableColumnXform.prototype.parseClose = function parseClose(this: { tag: string }, name: string): boolean {
  return name !== this.tag;
};

export {};
