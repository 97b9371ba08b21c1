/**
 * Indicator values: the figures of targets that institutes' records cannot measure (high-tech enterprises
 * from the recognition list, registered turnover from the registration system, brokers trained, platforms…),
 * entered or imported by provincial staff with their source — DHIS2's aggregate data entry (data element ×
 * org unit × period, with a stored-by, a comment and an audit on every value).
 *
 * What is entered, per metric kind:
 *   annual, level, ratio, growth  the figure of `year` (period "Y")
 *   cumulative                    the total since the series' first year through `year` (period "2021-2023"),
 *                                 so one value per year answers the cumulative target (reading, see README)
 * Validation per unit and kind (bounds are plausibility limits of this system, not policy figures):
 *   count  a whole number 0 … 1,000,000,000
 *   CNY    an exact decimal string ("2000000000.00"), 0 … 10^15, at most 2 decimals (a JSON number is refused:
 *          it may already have lost digits); a workbook cell may hold a number with at most 2 decimals
 *   ratio  a fraction ("0.025" for 2.5%; "2.5%" also accepted): kind ratio (a share) 0 … 1; kind growth
 *          (a yearly growth rate) −1 … 3, i.e. −100% … +300% (a larger figure is almost always 8 typed for 8%)
 */
import { z } from "zod";
import {
  Decimal,
  cumulativeTargetCovering,
  isCalendarDate,
  isPolicyError,
  metricsOf,
  seriesOf,
  target,
  type Bilingual,
  type Measure,
  type RegionCode,
  type TargetFile,
  type TargetValue,
} from "@tt/engine";

/** Which records count toward a metric (the `measure:` block next to its target), or null: entered as an indicator value. */
export function measureOf(region: RegionCode, metric: string): Measure | null {
  return seriesOf(region, metric).find((t) => t.measure)?.measure ?? null;
}

/** The target of (region, metric, year) for progress: the year's own, or the cumulative series covering it; null when none is numeric. */
export function targetForYear(region: RegionCode, metric: string, year: number): TargetValue | null {
  const cumulative = seriesOf(region, metric).some((t) => t.kind === "cumulative");
  try {
    return cumulative ? cumulativeTargetCovering({ region, metric, year }) : target({ region, metric, year });
  } catch (e) {
    if (isPolicyError(e) && (e.code === "NO_TARGET" || e.code === "TARGET_NOT_NUMERIC")) return null;
    throw e;
  }
}

export interface IndicatorMetric {
  metric: string;
  description: Bilingual;
  unit: TargetFile["unit"];
  kind: TargetFile["kind"];
  /** "Y", or for a cumulative metric the years its value covers ("2021-2023"). */
  period: string;
  target: TargetValue;
}

/** The period a value of `metric` in `year` covers: "Y", or first year of the covering cumulative series – year. */
export function periodOf(t: TargetValue, year: number): string {
  return t.kind === "cumulative" && t.period ? `${t.period.from}-${year}` : "Y";
}

/**
 * Every metric of the region and year with a numeric target that records cannot measure — and those records
 * measure only partly, whose rule prefers an entered value (registered turnover): what the indicator workbook lists.
 */
export function indicatorMetrics(region: RegionCode, year: number): IndicatorMetric[] {
  return metricsOf(region).flatMap((metric) => {
    if (measureOf(region, metric)?.prefer === "records") return [];
    const t = targetForYear(region, metric, year);
    if (!t) return [];
    return [{ metric, description: t.description, unit: t.unit, kind: t.kind, period: periodOf(t, year), target: t }];
  });
}

/** Whether a metric takes indicator values in that year (has a numeric target there). */
export function acceptsIndicator(region: RegionCode, metric: string, year: number): TargetValue | null {
  return metricsOf(region).includes(metric) ? targetForYear(region, metric, year) : null;
}

// ---- the request body -------------------------------------------------------------------------------

const text = (max: number) => z.string().trim().min(1).max(max);

export const indicatorSource = z
  .object({
    text: text(500).meta({
      description: "Document or statistical source in words 来源（文件或统计来源）",
      examples: ["河北省科技厅《2023年高新技术企业认定名单》"],
    }),
    documentNumber: text(100)
      .optional()
      .meta({ description: "Document number 文号", examples: ["冀科高〔2023〕12号"] }),
    date: z
      .string()
      .refine(isCalendarDate, {
        message: "expected a calendar date YYYY-MM-DD",
        params: { code: "INVALID_DATE", zh: "应为有效日期 YYYY-MM-DD" },
      })
      .meta({ description: "Date of the source 来源日期" }),
    link: z
      .string()
      .trim()
      .max(500)
      .refine((l) => /^https?:\/\/\S+$/.test(l), {
        message: "expected an http(s) link",
        params: { code: "BAD_LINK", zh: "应为 http(s) 链接" },
      })
      .optional()
      .meta({ description: "Link 链接" }),
  })
  .strict();

export const indicatorValueInput = z
  .object({
    clientId: z
      .string()
      .regex(/^[A-Za-z0-9-]{8,64}$/, { message: "expected a client-generated id (8–64 letters, digits or '-'), e.g. a UUID" })
      .meta({ description: "Client-generated id: resending the same id and content is recognised, not duplicated" }),
    region: z.enum(["CN-HL", "CN-HE"]),
    metric: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: "expected a metric id such as high-tech-enterprises" }),
    year: z.number().int().min(2000).max(2100),
    value: z
      .union([z.string(), z.number()])
      .meta({ description: "The figure: count a whole number; CNY an exact decimal string; ratio a fraction (0.025 = 2.5%)" }),
    source: indicatorSource,
    note: z.string().trim().max(1000).optional(),
    city: z.string().trim().min(1).max(40).optional().meta({ description: "City, where the value is one city's 城市（可选）" }),
    /** PUT only: why the value changes (kept in the audit trail). */
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .strict();

export type IndicatorValueInput = z.output<typeof indicatorValueInput>;

export interface ValueIssue {
  path: string;
  code: string;
  message: Bilingual;
}

const LIMITS = { count: new Decimal(1_000_000_000), CNY: new Decimal("1e15") };
const RATIO_BOUNDS: Record<string, [Decimal, Decimal]> = {
  ratio: [new Decimal(0), new Decimal(1)],
  growth: [new Decimal(-1), new Decimal(3)],
};

/**
 * The value checked against the metric's unit and kind; returns the exact decimal string to store, or an issue.
 * `fromCell`: a workbook cell, where a number is how the value arrives (still at most 2 decimals for CNY).
 */
export function checkIndicatorValue(
  raw: unknown,
  t: Pick<TargetValue, "unit" | "kind">,
  fromCell = false,
): { value: string } | { issue: ValueIssue } {
  const bad = (code: string, zh: string, en: string) => ({
    issue: { path: "value", code, message: { zh: `${zh}（收到 ${shown(raw)}）`, en: `${en} (received ${shown(raw)})` } },
  });
  if (raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === ""))
    return bad("REQUIRED", "缺少数值", "A value is required");
  if (typeof raw === "number" && !Number.isFinite(raw)) return bad("NOT_A_NUMBER", "数值应为有限数", "The value must be a finite number");
  if (typeof raw !== "string" && typeof raw !== "number")
    return bad("WRONG_TYPE", "数值应为数字或数字文本", "The value must be a number or numeric text");
  let s = typeof raw === "number" ? String(raw) : raw.trim().replace(/,/g, "");
  let percent = false;
  if (t.unit === "ratio" && s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  if (!/^-?\d+(\.\d+)?$/.test(s))
    return bad("NOT_A_NUMBER", "应为数字（不用科学计数法）", "Expected a plain decimal number (no exponent form)");
  let v = new Decimal(s);
  if (percent) v = v.dividedBy(100);
  switch (t.unit) {
    case "count":
      if (!v.isInteger() || v.isNegative()) return bad("COUNT_NOT_WHOLE", "个数应为非负整数", "A count must be a whole number ≥ 0");
      if (v.greaterThan(LIMITS.count))
        return bad("VALUE_TOO_LARGE", `个数不应超过 ${LIMITS.count.toString()}`, `A count must not exceed ${LIMITS.count.toString()}`);
      return { value: v.toFixed(0) };
    case "CNY":
      if (typeof raw === "number" && !fromCell)
        return bad(
          "MONEY_AS_STRING",
          '金额请以精确的数字文本发送，如 "2000000000.00"',
          'Send money as an exact decimal string such as "2000000000.00"',
        );
      if (v.isNegative()) return bad("AMOUNT_NEGATIVE", "金额不能为负数", "An amount cannot be negative");
      if (v.decimalPlaces() > 2) return bad("TOO_MANY_DECIMALS", "金额最多两位小数（分）", "An amount has at most 2 decimals (fen)");
      if (v.greaterThan(LIMITS.CNY)) return bad("VALUE_TOO_LARGE", "金额超出上限 10^15 元", "The amount is above the 10^15 CNY limit");
      return { value: v.toFixed(2) };
    case "ratio":
    case "percent": {
      const [lo, hi] = RATIO_BOUNDS[t.kind === "growth" ? "growth" : "ratio"]!;
      if (v.lessThan(lo) || v.greaterThan(hi)) {
        return t.kind === "growth"
          ? bad(
              "RATIO_OUT_OF_RANGE",
              "增长率应为小数，介于 -1（-100%）与 3（+300%）之间；8% 请填 0.08 或 8%",
              "A growth rate is a fraction between -1 (-100%) and 3 (+300%); for 8% enter 0.08 or 8%",
            )
          : bad(
              "RATIO_OUT_OF_RANGE",
              "比例应为 0 至 1 之间的小数；2.5% 请填 0.025 或 2.5%",
              "A share is a fraction from 0 to 1; for 2.5% enter 0.025 or 2.5%",
            );
      }
      return { value: v.toString() };
    }
  }
}

function shown(raw: unknown): string {
  if (raw === null || raw === undefined || raw === "") return "(空)";
  const s = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : typeof raw;
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
