/**
 * The JSON of GET /api/progress: what the server returns and what the add-in and the progress workbook
 * read. Types only; the server computes it in functions/lib/progress.ts.
 */
import type { Bilingual } from "@tt/engine";

export interface MetricProgress {
  metric: string;
  description: Bilingual | null;
  unit: string | null;
  kind: string | null;
  status: "measured" | "no-target" | "no-data-source" | "target-not-numeric";
  source: string | null;
  actual: string | null;
  /** For cumulative metrics: the years summed. */
  actualPeriod?: { from: number; to: number };
  target: string | null;
  gap: string | null;
  completion: string | null;
  stillNeeded?: { dueYear: number; remainingYears: number; stillNeeded: string; perYear: string | null; perYearWhole: number | null };
  series?: string;
  clause?: string;
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
  };
  /** Present for the breakdowns asked for with `by` (one or several, comma-separated). */
  breakdowns?: Partial<Record<Breakdown, BreakdownRow[]>>;
  /**
   * Actual vs target for every target year up to `year` (for the chart) of `industrialised`, or, where the
   * region has no such target (CN-HE), of its first annual metric the submissions measure (contract-turnover).
   * `target` is null in a year without one.
   */
  history?: { metric: string; years: { year: number; actual: string | null; target: string | null }[] };
  rulesVersion?: string;
  generatedAt?: string;
}
