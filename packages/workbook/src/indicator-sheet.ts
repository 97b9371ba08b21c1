/**
 * The indicator-value sheet as data (browser-safe, no exceljs): its columns, meta cells and rows. Written by
 * the server with exceljs (indicators-xlsx.ts: GET /api/templates/indicators.xlsx) and by the task pane with
 * Office.js (addin/taskpane/excel/indicators.ts), read back by both.
 */
import type { Bilingual } from "@tt/engine";
import type { RegionCode } from "@tt/engine";
import { indicatorMetrics } from "@tt/contract";
import { UNIT_HINTS } from "@tt/engine";

export const INDICATOR_SHEET = "指标填报 Indicators";
export const INDICATOR_TEMPLATE = "indicators-1.0.0";
/** 1-based row of the header; data rows follow. Rows 2–4 carry region, year and template version in column B. */
export const INDICATOR_HEADER_ROW = 6;
export const INDICATOR_META = { region: 2, year: 3, template: 4 } as const;
export const MAX_INDICATOR_ROWS = 500;
/** Row 5: how to fill the sheet. */
export const INDICATOR_HINT =
  "填写“数值”和来源（来源、日期必填）；累计指标填统计期内的累计数；比例填小数（2.5% 填 0.025）；金额填元。 Fill Value and the source (source and date required); cumulative metrics take the total of the period; ratios as fractions; money in CNY.";

export type IndicatorColumnKey =
  | "metric"
  | "name"
  | "unit"
  | "target"
  | "period"
  | "value"
  | "sourceText"
  | "documentNumber"
  | "sourceDate"
  | "link"
  | "city"
  | "note"
  | "reason"
  | "clientId"
  | "etag";

export const INDICATOR_COLUMNS: readonly { key: IndicatorColumnKey; zh: string; en: string; width: number; input: boolean }[] = [
  { key: "name", zh: "指标", en: "Metric", width: 40, input: false },
  { key: "metric", zh: "指标编号", en: "Metric id", width: 26, input: false },
  { key: "unit", zh: "单位", en: "Unit", width: 14, input: false },
  { key: "target", zh: "目标", en: "Target", width: 16, input: false },
  { key: "period", zh: "统计期", en: "Period", width: 12, input: false },
  { key: "value", zh: "数值", en: "Value", width: 18, input: true },
  { key: "sourceText", zh: "来源（文件或统计来源）", en: "Source", width: 36, input: true },
  { key: "documentNumber", zh: "文号", en: "Document number", width: 18, input: true },
  { key: "sourceDate", zh: "来源日期", en: "Source date", width: 13, input: true },
  { key: "link", zh: "链接", en: "Link", width: 20, input: true },
  { key: "city", zh: "城市（可选）", en: "City (optional)", width: 12, input: true },
  { key: "note", zh: "备注", en: "Note", width: 20, input: true },
  { key: "reason", zh: "修改原因（改已有值时）", en: "Reason (when changing a value)", width: 20, input: true },
  { key: "clientId", zh: "编号（自动）", en: "Client id (automatic)", width: 12, input: false },
  { key: "etag", zh: "版本标记（自动）", en: "Version tag (automatic)", width: 12, input: false },
];
export const indicatorColumn = (key: IndicatorColumnKey): number => INDICATOR_COLUMNS.findIndex((c) => c.key === key) + 1;

export interface ExistingValue {
  metric: string;
  value: string;
  source: { text: string; documentNumber?: string; date: string; link?: string };
  note?: string;
  city?: string;
  etag: string;
  clientId: string;
}

export interface IndicatorRowModel {
  cells: Record<IndicatorColumnKey, string | number | null>;
}

/** The rows of the workbook (also what the task pane writes): one per metric, pre-filled where a value exists. */
export function indicatorRows(
  region: RegionCode,
  year: number,
  existing: readonly ExistingValue[],
  newId: () => string,
  language: "zh" | "en" = "zh",
): IndicatorRowModel[] {
  const t = (b: Bilingual) => (language === "zh" ? b.zh : b.en);
  return indicatorMetrics(region, year).map((m) => {
    const e = existing.find((x) => x.metric === m.metric && !x.city);
    const target = m.target.range ? `${m.target.range.min.toString()}–${m.target.range.max.toString()}` : Number(m.target.value.toString());
    return {
      cells: {
        metric: m.metric,
        name: t(m.description),
        unit: t(UNIT_HINTS[m.unit] ?? { zh: m.unit, en: m.unit }),
        target,
        period: m.period === "Y" ? String(year) : m.period,
        value: e ? e.value : null,
        sourceText: e?.source.text ?? null,
        documentNumber: e?.source.documentNumber ?? null,
        sourceDate: e?.source.date ?? null,
        link: e?.source.link ?? null,
        city: null,
        note: e?.note ?? null,
        reason: null,
        clientId: e?.clientId ?? newId(),
        etag: e?.etag ?? null,
      },
    };
  });
}
