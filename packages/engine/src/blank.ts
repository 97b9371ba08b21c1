/**
 * An argument or cell that says nothing: undefined, null (Excel's omitted optional argument), or text
 * that is empty or only spaces. One definition, so "omitted means default" holds alike in the rules,
 * the targets, the workbook reader and the Excel functions.
 */
export const isBlank = (v: unknown): v is undefined | null | string =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "");
