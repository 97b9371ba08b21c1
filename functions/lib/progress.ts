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
 */
import {
  Decimal,
  SECTOR_IDS,
  cumulativeTargetCovering,
  isPolicyError,
  metricsOf,
  seriesOf,
  stillNeededPerYear,
  targetGap,
  type Bilingual,
  type RegionCode,
} from "../../shared/src";
import type { Institute, InstituteType, SummaryDoc, SummaryEntry } from "./documents";

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

export const counts = (e: SummaryEntry): boolean => e.status !== "returned";

export type Breakdown = "sector" | "city" | "instituteType";

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
  /** Other series stating a figure for the same metric (e.g. another plan's deadline). */
  alternatives?: { series: string; value: string; clause: string }[];
  note?: Bilingual;
}

export interface ProgressInput {
  region: RegionCode;
  year: number;
  institutes: Institute[];
  summaries: SummaryDoc[];
  by?: Breakdown;
}

/** The earliest year any measured cumulative series covering `year` starts (to know which summaries to read). */
export function firstYearNeeded(region: RegionCode, year: number): number {
  let from = year;
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

export function progress(input: ProgressInput) {
  const { region, year } = input;
  const typeOf = new Map(input.institutes.map((i) => [i.instituteId, i.type] as const));

  /** Sum of a measure over counted entries of years [from, to]. */
  const total = (m: Measure, from: number, to: number) => {
    let sum = new Decimal(0);
    for (const s of input.summaries) {
      if (s.year < from || s.year > to) continue;
      if (m.types) {
        const t = typeOf.get(s.instituteId);
        if (!t || !m.types.includes(t)) continue;
      }
      for (const e of Object.values(s.entries)) if (counts(e)) sum = sum.plus(m.of(e));
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

  return { region, year, metrics, completeness: completeness(input), ...(input.by ? { breakdown: breakdown(input, input.by) } : {}) };
}

/** Which institutes of the register have a counted submission for the year, which have none. */
export function completeness(input: ProgressInput) {
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
export function breakdown(input: ProgressInput, by: Breakdown) {
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
  return {
    by,
    rows: [...rows.values()]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((r) => ({ ...r, contractTurnover: r.contractTurnover?.toString() ?? null })),
  };
}
