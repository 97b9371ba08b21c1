/**
 * Provincial progress: actual vs target for every metric of a region and year, folded from the
 * per-institute-per-period summaries (cost ∝ institutes × periods, never ∝ records; no GROUP BY).
 *
 * What counts: submissions with status "submitted" or "approved". Returned submissions do NOT count
 * (they were sent back for correction; once corrected with PUT they count again).
 *
 * Measures (each target's `scope` decides which institutes' figures count):
 *   industrialised, industrialised-total, industrialised-<sector>  achievements of research institutes
 *                                                                  (scope 中省直科研院所; sectors by achievement.sector)
 *   industrialised-universities / -enterprises                     achievements of universities / enterprises
 *   industrialised-all-sources                                     achievements of every institute
 *   contract-turnover, contract-turnover-total                     sum of contract amounts (成交额) of every
 *                                                                  institute's submissions of the year
 * An annual metric sums the year; a cumulative one sums from its series' first year through `year`.
 * Every other metric of the region has no data source in the submissions and is reported with actual null.
 *
 * The answer is exactly the shared `ProgressReport` (shared/src/api/progress-report.ts), which the add-in
 * and the progress workbook read; `history` folds the same summaries year by year (see `historyMetric`).
 */
import { DEFAULT_METRIC, Decimal, RULES_VERSION, SECTOR_IDS, cumulativeTargetCovering, isPolicyError, metricsOf, seriesOf, stillNeededPerYear, target, targetGap, type RegionCode } from "@tt/engine";
import { type Breakdown, type BreakdownRow, type MetricProgress, type ProgressReport } from "@tt/contract";
import { targetYears } from "@tt/engine";
import { countsTowardProgress } from "@tt/engine";
import type { Institute, InstituteType, SummaryDoc, SummaryEntry } from "./documents";

export type { Breakdown, MetricProgress, ProgressReport } from "@tt/contract";
export const BREAKDOWNS: readonly Breakdown[] = ["sector", "city", "instituteType"];

export interface Measure {
  /** Which institute types count; undefined = all (including institutes missing from the register). */
  types?: InstituteType[];
  of: (e: SummaryEntry) => Decimal;
  source: string;
}

const achievements = (e: SummaryEntry) => new Decimal(e.achievements);
const turnover = (e: SummaryEntry) => new Decimal(e.contractTurnover);
const RESEARCH: InstituteType[] = ["research-institute"];

export const MEASURES: Record<string, Measure> = {
  industrialised: { types: RESEARCH, of: achievements, source: "count of achievements of research institutes" },
  "industrialised-total": { types: RESEARCH, of: achievements, source: "count of achievements of research institutes, cumulative" },
  "industrialised-universities": { types: ["university"], of: achievements, source: "count of achievements of universities, cumulative" },
  "industrialised-enterprises": { types: ["enterprise"], of: achievements, source: "count of achievements of enterprises, cumulative" },
  "industrialised-all-sources": { of: achievements, source: "count of achievements of all institutes, cumulative" },
  "contract-turnover": { of: turnover, source: "sum of contract amounts (成交额) of the year's submissions" },
  "contract-turnover-total": { of: turnover, source: "sum of contract amounts (成交额), cumulative" },
  ...Object.fromEntries(
    SECTOR_IDS.map((id) => [
      `industrialised-${id}`,
      { types: RESEARCH, of: (e: SummaryEntry) => new Decimal(e.achievementsBySector[id] ?? 0), source: `count of research-institute achievements in sector ${id}, cumulative` },
    ]),
  ),
};

/** Whether an entry counts toward progress: the lifecycle's rule (returned ones do not, until corrected). */
export const counts = (e: SummaryEntry): boolean => countsTowardProgress(e.status);

export interface ProgressInput {
  region: RegionCode;
  year: number;
  institutes: Institute[];
  summaries: SummaryDoc[];
  /** Breakdowns of the year to include (each once). */
  by?: readonly Breakdown[];
  /** Stamp of the report (default: now). */
  generatedAt?: string;
}

/**
 * The metric of the history (chart): `industrialised` where the region has it, otherwise the region's first
 * annual metric the submissions measure (CN-HE: contract-turnover). Null when there is none.
 */
export function historyMetric(region: RegionCode): string | null {
  const annual = (m: string) => Boolean(MEASURES[m]) && seriesOf(region, m).some((t) => t.kind === "annual");
  const metrics = metricsOf(region);
  if (metrics.includes(DEFAULT_METRIC) && annual(DEFAULT_METRIC)) return DEFAULT_METRIC;
  return metrics.find(annual) ?? null;
}

/** The years of the history metric's targets up to `year` (ascending). */
export function historyYears(region: RegionCode, year: number): number[] {
  const metric = historyMetric(region);
  if (!metric) return [];
  return [...new Set(seriesOf(region, metric).flatMap(targetYears))].filter((y) => y <= year).sort((a, b) => a - b);
}

/**
 * The earliest year whose summaries the report needs: the start of any measured cumulative series covering
 * `year`, and the first year of the history (to know which summaries to read; cost ∝ institutes × years).
 */
export function firstYearNeeded(region: RegionCode, year: number): number {
  let from = Math.min(year, ...historyYears(region, year));
  for (const metric of metricsOf(region)) {
    if (!MEASURES[metric]) continue;
    try {
      const t = cumulativeTargetCovering({ region, metric, year });
      from = Math.min(from, t.period!.from);
    } catch (e) {
      if (!isPolicyError(e)) throw e;
    }
  }
  return from;
}

export function progress(input: ProgressInput): ProgressReport {
  const { region, year } = input;
  const typeOf = new Map(input.institutes.map((i) => [i.instituteId, i.type] as const));

  /**
   * One pass over the summaries: counted entries added up per (year, institute type). Every metric and
   * every year of the history then sums a handful of buckets, so the fold costs one visit per summary.
   */
  const buckets = new Map<string, { year: number; type: InstituteType | undefined; entry: SummaryEntry; turnover: Decimal }>();
  for (const s of input.summaries) {
    const type = typeOf.get(s.instituteId);
    const key = `${s.year}|${type ?? ""}`;
    let b = buckets.get(key);
    if (!b) {
      b = { year: s.year, type, turnover: new Decimal(0), entry: { submissionId: "", version: 0, status: "submitted", achievements: 0, achievementsBySector: {}, contracts: 0, contractTurnover: "0", subsidyTotal: "0" } };
      buckets.set(key, b);
    }
    for (const e of Object.values(s.entries)) {
      if (!counts(e)) continue;
      b.entry.achievements += e.achievements;
      b.entry.contracts += e.contracts;
      for (const [sector, n] of Object.entries(e.achievementsBySector)) b.entry.achievementsBySector[sector] = (b.entry.achievementsBySector[sector] ?? 0) + n;
      b.turnover = b.turnover.plus(e.contractTurnover);
    }
  }
  for (const b of buckets.values()) b.entry.contractTurnover = b.turnover.toString();

  /** Sum of a measure over counted entries of years [from, to]. */
  const total = (m: Measure, from: number, to: number) => {
    let sum = new Decimal(0);
    for (const b of buckets.values()) {
      if (b.year < from || b.year > to) continue;
      if (m.types && (!b.type || !m.types.includes(b.type))) continue;
      sum = sum.plus(m.of(b.entry));
    }
    return sum;
  };

  const metrics: MetricProgress[] = metricsOf(region).map((metric) => {
    const first = seriesOf(region, metric)[0]!;
    const head = { metric, description: first.description, unit: first.unit, kind: first.kind };
    const measure = MEASURES[metric];
    if (!measure) {
      return {
        ...head,
        status: "no-data-source",
        source: null,
        actual: null,
        target: null,
        gap: null,
        completion: null,
        note: { zh: "报送数据中没有该指标的数据来源", en: "The submissions carry no data for this metric" },
      };
    }
    const cumulative = seriesOf(region, metric).some((t) => t.kind === "cumulative");
    try {
      if (cumulative) {
        const due = cumulativeTargetCovering({ region, metric, year });
        const actual = total(measure, due.period!.from, year);
        const r = stillNeededPerYear({ region, metric, year, actual });
        return {
          ...head,
          status: "measured",
          source: measure.source,
          actual: actual.toString(),
          actualPeriod: { from: due.period!.from, to: year },
          target: r.target.value.toString(),
          gap: r.gap.toString(),
          completion: r.completion?.toString() ?? null,
          stillNeeded: {
            dueYear: due.period!.to,
            remainingYears: r.remainingYears,
            stillNeeded: r.stillNeeded.toString(),
            perYear: r.perYear?.toString() ?? null,
            perYearWhole: r.perYearWhole,
          },
          series: r.target.series,
          clause: r.target.clause,
          alternatives: r.target.alternatives,
        };
      }
      const actual = total(measure, year, year);
      const r = targetGap({ region, metric, year, actual });
      return {
        ...head,
        status: "measured",
        source: measure.source,
        actual: actual.toString(),
        target: r.target.value.toString(),
        gap: r.gap.toString(),
        completion: r.completion?.toString() ?? null,
        series: r.target.series,
        clause: r.target.clause,
      };
    } catch (e) {
      if (!isPolicyError(e) || (e.code !== "NO_TARGET" && e.code !== "TARGET_NOT_NUMERIC")) throw e;
      const actual = total(measure, year, year);
      return {
        ...head,
        status: e.code === "NO_TARGET" ? "no-target" : "target-not-numeric",
        source: measure.source,
        actual: actual.toString(),
        target: null,
        gap: null,
        completion: null,
        note: e.code === "NO_TARGET" ? { zh: `${year} 年无目标；实际值为当年数`, en: `No target this year; actual is the year's figure` } : e.text,
      };
    }
  });

  const by = [...new Set(input.by ?? [])];
  const metric = historyMetric(region);
  const history = metric
    ? {
        metric,
        years: historyYears(region, year).map((y) => ({ year: y, actual: total(MEASURES[metric]!, y, y).toString(), target: targetOrNull(region, metric, y) })),
      }
    : undefined;
  return {
    region,
    year,
    metrics,
    completeness: completeness(input),
    ...(by.length ? { breakdowns: Object.fromEntries(by.map((b) => [b, breakdown(input, b)])) } : {}),
    ...(history ? { history } : {}),
    rulesVersion: RULES_VERSION,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
  };
}

function targetOrNull(region: RegionCode, metric: string, year: number): string | null {
  try {
    return target({ region, metric, year }).value.toString();
  } catch (e) {
    if (isPolicyError(e)) return null;
    throw e;
  }
}

/** Which institutes of the register have a counted submission for the year, which have none. */
export function completeness(input: ProgressInput): ProgressReport["completeness"] {
  const counted = new Set<string>();
  const returnedOnly = new Set<string>();
  for (const s of input.summaries) {
    if (s.year !== input.year) continue;
    const es = Object.values(s.entries);
    if (es.some(counts)) counted.add(s.instituteId);
    else if (es.length) returnedOnly.add(s.instituteId);
  }
  const missing = input.institutes
    .filter((i) => !counted.has(i.instituteId))
    .map((i) => ({ instituteId: i.instituteId, name: i.name, city: i.city, type: i.type, ...(returnedOnly.has(i.instituteId) ? { note: "returned" } : {}) }))
    .sort((a, b) => a.instituteId.localeCompare(b.instituteId));
  const registered = input.institutes.length;
  const submitted = input.institutes.filter((i) => counted.has(i.instituteId)).length;
  return { registered, submitted, missingCount: missing.length, rate: registered ? new Decimal(submitted).dividedBy(registered).toDecimalPlaces(6).toString() : null, missing };
}

/** The year's raw measures per sector, city or institute type (all institutes, counted entries only). */
export function breakdown(input: ProgressInput, by: Breakdown): BreakdownRow[] {
  const inst = new Map(input.institutes.map((i) => [i.instituteId, i] as const));
  const rows = new Map<string, { key: string; achievements: number; contracts: number | null; contractTurnover: Decimal | null }>();
  const row = (key: string, withContracts: boolean) => {
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { key, achievements: 0, contracts: withContracts ? 0 : null, contractTurnover: withContracts ? new Decimal(0) : null }));
    return r;
  };
  if (by === "sector") for (const id of SECTOR_IDS) row(id, false);
  for (const s of input.summaries) {
    if (s.year !== input.year) continue;
    for (const e of Object.values(s.entries)) {
      if (!counts(e)) continue;
      if (by === "sector") {
        for (const [sector, n] of Object.entries(e.achievementsBySector)) row(sector, false).achievements += n;
      } else {
        const i = inst.get(s.instituteId);
        const r = row((by === "city" ? i?.city : i?.type) ?? "unregistered", true);
        r.achievements += e.achievements;
        r.contracts! += e.contracts;
        r.contractTurnover = r.contractTurnover!.plus(e.contractTurnover);
      }
    }
  }
  return [...rows.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((r) => ({ ...r, contractTurnover: r.contractTurnover?.toString() ?? null }));
}
