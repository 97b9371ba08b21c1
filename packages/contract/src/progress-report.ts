/**
 * The JSON of GET /api/progress: what the server returns and what the add-in and the progress workbook
 * read. Types only; the server computes it in functions/lib/progress.ts.
 */
import type { Bilingual } from "@tt/engine";

/** Where a metric's actual comes from: institutes' records, or a value entered by provincial staff with its source. */
export interface ActualOrigin {
  kind: "records" | "reported";
  /** Records: what is summed; reported: the source in words as entered. */
  text: Bilingual;
  documentNumber?: string;
  date?: string;
  link?: string;
  enteredBy?: string;
  enteredAt?: string;
}

export interface MetricProgress {
  metric: string;
  description: Bilingual | null;
  unit: string | null;
  kind: string | null;
  /**
   * measured        actual from institutes' records (the target's `measure`)
   * reported        actual from an indicator value entered by provincial staff
   * awaiting-value  a numeric target with no actual yet: `awaiting` names who should enter it
   * no-target       no target for this year (an actual may still be shown)
   * not-numeric     the target is a statement, not a figure
   */
  status: "measured" | "reported" | "awaiting-value" | "no-target" | "not-numeric";
  /** The origin in English words (kept for older readers); `origin` has the detail. */
  source: string | null;
  origin?: ActualOrigin;
  /** Where records and an entered value both exist: both figures, which one is used, and the metric's rule. */
  both?: { records: string; reported: string; used: "records" | "reported"; rule: Bilingual };
  /** For awaiting-value: the role that enters it (province: provincial staff of the region). */
  awaiting?: { role: "province"; text: Bilingual };
  actual: string | null;
  /** For cumulative metrics: the years summed. */
  actualPeriod?: { from: number; to: number };
  /** Never blank when the series states a figure for the year (also while awaiting a value). */
  target: string | null;
  /** The bound as worded: comparison symbol, bound id and the document's phrase (e.g. "> 突破2000亿元"). */
  bound?: { bound: string; symbol: string; phrase: string; word: string | null };
  gap: string | null;
  completion: string | null;
  /** Met as worded (bounds.ts): true / false, or null (no actual, no figure, or a cumulative target not yet due). */
  met: boolean | null;
  stillNeeded?: {
    dueYear: number;
    remainingYears: number;
    stillNeeded: string;
    perYear: string | null;
    perYearWhole: number | null;
    basis?: "schedule" | "even";
    byYear?: { year: number; needed: string }[];
  };
  series?: string;
  clause?: string;
  /** Document title of the series (for grouping by document). */
  document?: string;
  alternatives?: { series: string; value: string; clause: string }[];
  note?: Bilingual;
}

export type InstituteType = "research-institute" | "university" | "enterprise";
export type Breakdown = "sector" | "city" | "instituteType";

export interface BreakdownRow {
  key: string;
  achievements: number;
  contracts: number | null;
  contractTurnover: string | null;
}

export interface ProgressReport {
  region: string;
  year: number;
  metrics: MetricProgress[];
  completeness: {
    registered: number;
    submitted: number;
    missingCount: number;
    rate: string | null;
    missing: { instituteId: string; name: Bilingual; city: string; type: InstituteType; note?: string }[];
    /** Numeric targets of the year still waiting for an indicator value (status awaiting-value). */
    awaitingValues?: { count: number; metrics: { metric: string; description: Bilingual | null }[] };
  };
  /** Present for the breakdowns asked for with `by` (one or several, comma-separated). */
  breakdowns?: Partial<Record<Breakdown, BreakdownRow[]>>;
  /**
   * Actual vs target for every target year up to `year` (for the chart) of `industrialised`, or, where the
   * region has no such target (CN-HE), of its first annual metric the submissions measure (contract-turnover).
   * `target` is null in a year without one.
   */
  history?: { metric: string; description?: Bilingual | null; years: { year: number; actual: string | null; target: string | null }[] };
  rulesVersion?: string;
  generatedAt?: string;
}
