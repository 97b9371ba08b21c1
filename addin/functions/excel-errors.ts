/**
 * Turning failures into Excel errors. Only #VALUE! and #N/A carry a custom message in Excel
 * (office-js-docs-pr custom-functions-errors.md), so:
 *   kind "invalid"   (bad input)                       → #VALUE! with the message
 *   kind "not-found" (no such rule/target, no live data) → #N/A    with the message
 * Anything else (a defect) → #N/A with a generic message: never JavaScript exception text in a cell.
 *
 * In Excel the error objects are `new CustomFunctions.Error(code, message)`. Outside Excel (Node tests,
 * the benchmark, a test page without the runtime) the same shape is produced by a stand-in, so the
 * adapters are testable anywhere.
 */
import { FIELD_NAMES, REGION_NAMES, isPolicyError, type Bilingual, type ErrorKind } from "@tt/engine";

const fieldZh = (f: string) => FIELD_NAMES[f]?.zh ?? f;
const regionZh = (r: string) => REGION_NAMES[r as keyof typeof REGION_NAMES]?.zh ?? r;
import { currentLanguage, type Language } from "./runtime-state";

export const EXCEL_ERROR = { invalidValue: "#VALUE!", notAvailable: "#N/A" } as const;
export type ExcelErrorCode = (typeof EXCEL_ERROR)[keyof typeof EXCEL_ERROR];

/** What a cell receives: CustomFunctions.Error in Excel, StandInExcelError elsewhere. Both have code and message. */
export interface ExcelError {
  code: string;
  message?: string;
}

/** Used only when the CustomFunctions runtime is absent. */
export class StandInExcelError implements ExcelError {
  readonly type = "CustomFunctionsError";
  constructor(
    readonly code: ExcelErrorCode,
    readonly message?: string,
  ) {}
}

type Runtime = { Error: new (code: never, message?: string) => ExcelError; ErrorCode: { invalidValue: unknown; notAvailable: unknown } };

function runtime(): Runtime | undefined {
  const cf = (globalThis as { CustomFunctions?: Partial<Runtime> }).CustomFunctions;
  return cf && typeof cf.Error === "function" && cf.ErrorCode ? (cf as Runtime) : undefined;
}

export function excelError(code: ExcelErrorCode, message: string): ExcelError {
  const rt = runtime();
  if (!rt) return new StandInExcelError(code, message);
  const rtCode = code === EXCEL_ERROR.invalidValue ? rt.ErrorCode.invalidValue : rt.ErrorCode.notAvailable;
  return new rt.Error(rtCode as never, message);
}

/** A failure raised by the add-in layer itself (live data, argument shapes): same kind/text contract as PolicyError. */
export class AddinError extends Error {
  constructor(
    readonly code: keyof typeof ADDIN_MESSAGES,
    readonly kind: ErrorKind,
    readonly text: Bilingual,
  ) {
    super(`${code}: ${text.en}`);
    this.name = "AddinError";
  }
}

/** The add-in's own messages, in one place. Each says what was expected, what arrived and what to do. */
export const ADDIN_MESSAGES = {
  UNKNOWN_FUNCTION: (d: { received: string; available: string }) => ({
    zh: `没有名为 ${d.received} 的 TT 函数。现有函数：${d.available}。`,
    en: `There is no TT function named ${d.received}. Functions that exist: ${d.available}.`,
  }),
  SHAPE_MISMATCH: (d: { field: string; expected: string; received: string }) => ({
    zh: `${fieldZh(d.field)}的区域大小应为 1×1 或 ${d.expected}，收到的是 ${d.received}。`,
    en: `${d.field} must be a single cell or a ${d.expected} range; received ${d.received}.`,
  }),
  UNKNOWN_BOUND: (d: { received: string }) => ({
    zh: `取值应为 最高（默认）或 最低，收到的是 ${d.received}。`,
    en: `Bound must be max (the default) or min; received ${d.received}.`,
  }),
  NOT_BOOLEAN: (d: { field: string; received: string }) => ({
    zh: `${fieldZh(d.field)}应为 TRUE（是）或 FALSE（否），收到的是 ${d.received || "（空）"}。`,
    en: `${d.field} must be TRUE or FALSE; received ${d.received || "(empty)"}.`,
  }),
  LIVE_REQUEST_FAILED: (d: { url: string; reason: string }) => ({
    zh: `无法从云端取得实际完成数（${d.url}）：${d.reason}。请检查网络或在任务窗格中登录后重算（Ctrl+Alt+F9）。`,
    en: `Could not fetch the live actual from the cloud API (${d.url}): ${d.reason}. Check the connection or sign in from the task pane, then recalculate (Ctrl+Alt+F9).`,
  }),
  LIVE_NO_RESULT: (d: { region: string; year: string; metric: string; metricZh?: string }) => ({
    zh: `云端没有${regionZh(d.region)} ${d.year} 年指标“${d.metricZh ?? d.metric}”的实际完成数。`,
    en: `The cloud API has no actual for ${d.region} ${d.year}, metric ${d.metric}.`,
  }),
  LIVE_NOT_REPORTED: (d: { region: string; year: string; metric: string; metricZh?: string }) => ({
    zh: `${regionZh(d.region)} ${d.year} 年指标“${d.metricZh ?? d.metric}”尚无上报的实际完成数；可在第二个参数直接填写实际值。`,
    en: `No actual has been reported yet for ${d.region} ${d.year}, metric ${d.metric}; you can type the actual as the second argument.`,
  }),
  LIVE_SERVER_ERROR: (d: Bilingual) => ({ zh: `云端返回错误：${d.zh}`, en: `The cloud API returned an error: ${d.en}` }),
  INTERNAL: () => ({
    zh: "加载项内部错误，计算未完成。请将公式和输入报告给管理员。",
    en: "Internal error in the add-in; nothing was calculated. Please report the formula and its inputs.",
  }),
} satisfies Record<string, (d: never) => Bilingual>;

export function addinError<K extends keyof typeof ADDIN_MESSAGES>(
  code: K,
  kind: ErrorKind,
  details: Parameters<(typeof ADDIN_MESSAGES)[K]>[0],
): AddinError {
  return new AddinError(code, kind, (ADDIN_MESSAGES[code] as (d: unknown) => Bilingual)(details));
}

const isKnownFailure = (e: unknown): e is { kind: ErrorKind; text: Bilingual } => isPolicyError(e) || e instanceof AddinError;

/** Any thrown value → the Excel error for one cell, in the user's language. */
export function toExcelError(e: unknown, language: Language = currentLanguage()): ExcelError {
  if (isExcelError(e)) return e;
  if (isKnownFailure(e)) {
    return excelError(e.kind === "invalid" ? EXCEL_ERROR.invalidValue : EXCEL_ERROR.notAvailable, e.text[language]);
  }
  if (typeof console !== "undefined") console.error("TT add-in internal error", e);
  return excelError(EXCEL_ERROR.notAvailable, ADDIN_MESSAGES.INTERNAL()[language]);
}

/** True for a CustomFunctions.Error / stand-in, including an Excel error value arriving as input. */
export function isExcelError(v: unknown): v is ExcelError {
  if (v instanceof StandInExcelError) return true;
  const rt = runtime();
  if (rt && v instanceof rt.Error) return true;
  return typeof v === "object" && v !== null && typeof (v as ExcelError).code === "string" && (v as ExcelError).code.startsWith("#");
}
