/**
 * Provincial progress: actual vs target for every metric of a region and year, folded from the
 * per-institute-per-period summaries (cost ∝ institutes × periods, never ∝ records; no GROUP BY).
 *
 * What counts: submissions with status "submitted" or "approved". Returned submissions do NOT count
 * (they were sent back for correction; once corrected with PUT they count again).
 *
 * What counts toward a metric is data next to its target (`measure:` in packages/engine/policy/targets/*.yaml: records,
 * institute types, sectors, source; see `measureFor`). A metric without a `measure` takes indicator values
 * entered by provincial staff (lib/indicator-ops.ts); where both exist, the metric's `measure.prefer` decides
 * which one the report uses and both are shown. An annual metric sums the year; a cumulative one sums from its
 * series' first year through `year` (an entered cumulative value already covers that period).
 *
 * The answer is exactly the shared `ProgressReport` (packages/contract/src/progress-report.ts), which the add-in
 * and the progress workbook read; `history` folds the same summaries year by year (see `historyMetric`).
 */
import {
  BOUND_TEXT,
  DEFAULT_METRIC,
  Decimal,
  countsTowardProgress,
  RULES_VERSION,
  cumulativeTargetCovering,
  regionSectors,
  isPolicyError,
  metricsOf,
  seriesOf,
  stillNeededPerYear,
  target,
  targetGap,
  type Bilingual,
  type RegionCode,
} from "@tt/engine";
import { type Breakdown, type BreakdownRow, type MetricProgress, type ProgressReport } from "@tt/contract";
import { targetYears } from "@tt/engine";
import { measureOf } from "@tt/contract";
import { regionName } from "@tt/engine";
import type { Measure as MeasureData } from "@tt/engine";
import type { IndicatorValueDoc } from "./indicator-store";
import type { Institute, InstituteType, SummaryDoc, SummaryEntry } from "./documents";
import type { RollupBucket } from "./rollup";

export type { Breakdown, MetricProgress, ProgressReport } from "@tt/contract";
export const BREAKDOWNS: readonly Breakdown[] = ["sector", "city", "instituteType"];

export interface Measure {
  /** Which institute types count; undefined = all (including institutes missing from the register). */
  types?: InstituteType[];
  of: (e: SummaryEntry) => Decimal;
  source: string;
  data: MeasureData;
}

const achievements = (e: SummaryEntry) => new Decimal(e.achievements);
const turnover = (e: SummaryEntry) => new Decimal(e.contractTurnover);

/** The records that count toward (region, metric), from the `measure:` block next to its target; null = entered values only. */
export function measureFor(region: RegionCode, metric: string): Measure | null {
  const m = measureOf(region, metric);
  if (!m) return null;
  const sectors = m.sectors;
  const flag = m.flag;
  const of =
    m.records === "contract-turnover"
      ? turnover
      : sectors
        ? (e: SummaryEntry) => sectors.reduce((sum, id) => sum.plus(e.achievementsBySector[id] ?? 0), new Decimal(0))
        : flag
          ? (e: SummaryEntry) => new Decimal(e.achievementsByFlag?.[flag] ?? 0)
          : achievements;
  return { ...(m.instituteTypes ? { types: m.instituteTypes } : {}), of, source: m.source.en, data: m };
}

/** The region's own achievement fields (policy/categories/<region>.yaml; Hebei: 004 第2条), in their order. */
export function sectorsOf(region: RegionCode): string[] {
  return regionSectors(region).map((s) => s.id);
}

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
  /** Indicator values of the region for the years the report reads (entered by provincial staff). */
  indicators?: readonly Pick<IndicatorValueDoc, "metric" | "year" | "value" | "city" | "source" | "note" | "updatedBy" | "updatedAt">[];
  /**
   * The fast path (repository `progressRollup`): the counted entries already added up per year, institute
   * type and city, and the year's completeness. When present, `summaries` and `institutes` are not read;
   * the report equals the one folded from them (tests/functions/identity-and-drift.test.ts).
   */
  rollup?: ProgressRollup;
}

export interface ProgressRollup {
  buckets: YearBucket[];
  completeness: Omit<ProgressReport["completeness"], "awaitingValues">;
}

export type YearBucket = RollupBucket & { year: number };

/** Counted entries added up per year, institute type and city (type and city from the register; absent = not registered). */
export function bucketsOf(summaries: readonly SummaryDoc[], institutes: readonly Institute[]): YearBucket[] {
  const inst = new Map(institutes.map((i) => [i.instituteId, i] as const));
  const out = new Map<string, { b: YearBucket; turnover: Decimal }>();
  for (const s of summaries) {
    const i = inst.get(s.instituteId);
    const key = JSON.stringify([s.year, i?.type ?? null, i?.city ?? null]);
    for (const e of Object.values(s.entries)) {
      if (!counts(e)) continue;
      let x = out.get(key);
      if (!x) {
        const b: YearBucket = {
          year: s.year,
          ...(i ? { type: i.type, city: i.city } : {}),
          achievements: 0,
          achievementsBySector: {},
          achievementsByFlag: {},
          contracts: 0,
          contractTurnover: "0",
        };
        out.set(key, (x = { b, turnover: new Decimal(0) }));
      }
      x.b.achievements += e.achievements;
      x.b.contracts += e.contracts;
      for (const [sector, n] of Object.entries(e.achievementsBySector))
        x.b.achievementsBySector[sector] = (x.b.achievementsBySector[sector] ?? 0) + n;
      for (const [flag, n] of Object.entries(e.achievementsByFlag ?? {}))
        x.b.achievementsByFlag![flag] = (x.b.achievementsByFlag![flag] ?? 0) + n;
      x.turnover = x.turnover.plus(e.contractTurnover);
    }
  }
  return [...out.values()].map(({ b, turnover }) => ({ ...b, contractTurnover: turnover.toString() }));
}

/**
 * The metric of the history (chart): `industrialised` where the region has it, otherwise the region's first
 * annual metric the submissions measure (CN-HE: contract-turnover). Null when there is none.
 */
export function historyMetric(region: RegionCode): string | null {
  const annual = (m: string) => Boolean(measureFor(region, m)) && seriesOf(region, m).some((t) => t.kind === "annual");
  const metrics = metricsOf(region);
  if (metrics.includes(DEFAULT_METRIC) && annual(DEFAULT_METRIC)) return DEFAULT_METRIC;
  return metrics.find(annual) ?? null;
}

/** Every year from the history metric's first target year up to `year` (ascending; a year without a target has target null). */
export function historyYears(region: RegionCode, year: number): number[] {
  const metric = historyMetric(region);
  if (!metric) return [];
  const first = Math.min(...seriesOf(region, metric).flatMap(targetYears));
  return first > year ? [] : Array.from({ length: year - first + 1 }, (_, i) => first + i);
}

/**
 * The earliest year whose summaries the report needs: the start of any measured cumulative series covering
 * `year`, and the first year of the history (to know which summaries to read; cost ∝ institutes × years).
 */
export function firstYearNeeded(region: RegionCode, year: number): number {
  let from = Math.min(year, ...historyYears(region, year));
  for (const metric of metricsOf(region)) {
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
  const source = input.rollup?.buckets ?? bucketsOf(input.summaries, input.institutes);

  /**
   * Counted entries added up per (year, institute type): every metric and every year of the history then
   * sums a handful of buckets, so the fold costs one visit per bucket (per summary on the scan path).
   */
  const buckets = new Map<string, { year: number; type: InstituteType | undefined; entry: SummaryEntry; turnover: Decimal }>();
  for (const s of source) {
    const type = s.type as InstituteType | undefined;
    const key = `${s.year}|${type ?? ""}`;
    let b = buckets.get(key);
    if (!b) {
      b = {
        year: s.year,
        type,
        turnover: new Decimal(0),
        entry: {
          submissionId: "",
          version: 0,
          status: "submitted",
          achievements: 0,
          achievementsBySector: {},
          achievementsByFlag: {},
          contracts: 0,
          contractTurnover: "0",
          subsidyTotal: "0",
        },
      };
      buckets.set(key, b);
    }
    b.entry.achievements += s.achievements;
    b.entry.contracts += s.contracts;
    for (const [sector, n] of Object.entries(s.achievementsBySector))
      b.entry.achievementsBySector[sector] = (b.entry.achievementsBySector[sector] ?? 0) + n;
    for (const [flag, n] of Object.entries(s.achievementsByFlag ?? {}))
      b.entry.achievementsByFlag![flag] = (b.entry.achievementsByFlag![flag] ?? 0) + n;
    b.turnover = b.turnover.plus(s.contractTurnover);
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

  /** The entered value of (metric, year): the province-wide one, else the sum of the cities' (counts and money only). */
  const reportedOf = (metric: string, y: number, unit: string | null) => {
    const vs = (input.indicators ?? []).filter((v) => v.metric === metric && v.year === y);
    const whole = vs.find((v) => !v.city);
    if (whole) return { value: new Decimal(whole.value), doc: whole };
    if (vs.length && (unit === "count" || unit === "CNY"))
      return { value: vs.reduce((sum, v) => sum.plus(v.value), new Decimal(0)), doc: vs[0]!, cities: vs.length };
    return null;
  };
  const province = { zh: regionName(region, "zh"), en: regionName(region, "en") };

  const metrics: MetricProgress[] = metricsOf(region).map((metric) => {
    const all = seriesOf(region, metric);
    const first = all.find((t) => t.default) ?? all[0]!;
    const head = { metric, description: first.description, unit: first.unit, kind: first.kind, document: first.reference.title };
    const measure = measureFor(region, metric);
    const cumulative = all.some((t) => t.kind === "cumulative");
    let due: ReturnType<typeof target> | null = null;
    let why: { code: string; text: Bilingual } | null = null;
    try {
      due = cumulative ? cumulativeTargetCovering({ region, metric, year }) : target({ region, metric, year });
    } catch (e) {
      if (!isPolicyError(e) || (e.code !== "NO_TARGET" && e.code !== "TARGET_NOT_NUMERIC")) throw e;
      why = { code: e.code, text: e.text };
    }
    const from = due?.period?.from ?? year;
    const records = measure ? total(measure, from, year) : null;
    const reported = reportedOf(metric, year, first.unit);
    const used: "records" | "reported" | null =
      records && reported ? measure!.data.prefer : reported ? "reported" : records ? "records" : null;
    const actual = used === "reported" ? reported!.value : used === "records" ? records : null;
    const origin: MetricProgress["origin"] =
      used === "reported"
        ? {
            kind: "reported",
            text: { zh: reported!.doc.source.text, en: reported!.doc.source.text },
            ...(reported!.doc.source.documentNumber ? { documentNumber: reported!.doc.source.documentNumber } : {}),
            date: reported!.doc.source.date,
            ...(reported!.doc.source.link ? { link: reported!.doc.source.link } : {}),
            enteredBy: reported!.doc.updatedBy.subject,
            enteredAt: reported!.doc.updatedAt,
          }
        : used === "records"
          ? { kind: "records", text: measure!.data.source }
          : undefined;
    const common = {
      ...head,
      source: used === "reported" ? `reported: ${reported!.doc.source.text}` : used === "records" ? measure!.source : null,
      ...(origin ? { origin } : {}),
      ...(records && reported
        ? { both: { records: records.toString(), reported: reported.value.toString(), used: used!, rule: measure!.data.preferReading } }
        : {}),
      actual: actual?.toString() ?? null,
      ...(cumulative && due?.period && actual ? { actualPeriod: { from: due.period.from, to: year } } : {}),
    };
    if (!due) {
      return {
        ...common,
        status: why!.code === "NO_TARGET" ? "no-target" : "not-numeric",
        target: null,
        gap: null,
        completion: null,
        met: null,
        note:
          why!.code === "NO_TARGET"
            ? {
                zh: `${year} 年无目标${actual ? "；实际值为当年数" : ""}`,
                en: `No target this year${actual ? "; actual is the year's figure" : ""}`,
              }
            : why!.text,
      };
    }
    const described = {
      target: due.value.toString(),
      bound: { bound: due.bound, symbol: BOUND_TEXT[due.bound].symbol, phrase: due.wording.phrase, word: due.wording.word },
      series: due.series,
      clause: due.clause,
      document: due.reference.title,
      ...(due.alternatives.length ? { alternatives: due.alternatives } : {}),
    };
    if (!actual) {
      return {
        ...common,
        ...described,
        status: "awaiting-value",
        awaiting: {
          role: "province",
          text: {
            zh: `待${province.zh}省级管理人员录入（指标值及来源）`,
            en: `Awaiting the value and its source from ${province.en} provincial staff`,
          },
        },
        gap: null,
        completion: null,
        met: null,
      };
    }
    const status = used === "reported" ? "reported" : "measured";
    if (cumulative) {
      const r = stillNeededPerYear({ region, metric, year, actual, series: due.series });
      return {
        ...common,
        ...described,
        status,
        gap: r.gap.toString(),
        completion: r.completion?.toString() ?? null,
        met: r.met,
        stillNeeded: {
          dueYear: due.period!.to,
          remainingYears: r.remainingYears,
          stillNeeded: r.stillNeeded.toString(),
          perYear: r.perYear?.toString() ?? null,
          perYearWhole: r.perYearWhole,
          basis: r.basis,
          byYear: r.byYear.map((b) => ({ year: b.year, needed: b.needed.toString() })),
        },
      };
    }
    const r = targetGap({ region, metric, year, actual, series: due.series });
    return { ...common, ...described, status, gap: r.gap.toString(), completion: r.completion?.toString() ?? null, met: r.met };
  });

  const by = [...new Set(input.by ?? [])];
  const metric = historyMetric(region);
  const historyMeasure = metric ? measureFor(region, metric) : null;
  const history =
    metric && historyMeasure
      ? {
          metric,
          description: seriesOf(region, metric)[0]?.description ?? null,
          years: historyYears(region, year).map((y) => {
            const rec = total(historyMeasure, y, y);
            const rep = reportedOf(metric, y, historyMeasure.data.records === "contract-turnover" ? "CNY" : "count");
            const v = rep && (historyMeasure.data.prefer === "reported" || rec.isZero()) ? rep.value : rec;
            return { year: y, actual: v.toString(), target: targetOrNull(region, metric, y) };
          }),
        }
      : undefined;
  const awaiting = metrics.filter((m) => m.status === "awaiting-value");
  const done = input.rollup?.completeness ?? completeness(input);
  return {
    region,
    year,
    metrics,
    completeness: {
      ...done,
      awaitingValues: { count: awaiting.length, metrics: awaiting.map((m) => ({ metric: m.metric, description: m.description })) },
    },
    ...(by.length ? { breakdowns: Object.fromEntries(by.map((b) => [b, breakdownOf(region, year, source, b)])) } : {}),
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
    .map((i) => ({
      instituteId: i.instituteId,
      name: i.name,
      city: i.city,
      type: i.type,
      ...(returnedOnly.has(i.instituteId) ? { note: "returned" } : {}),
    }))
    .sort((a, b) => a.instituteId.localeCompare(b.instituteId));
  return completenessOf(input.institutes.length, input.institutes.filter((i) => counted.has(i.instituteId)).length, missing);
}

/** Completeness from the register's size, how many of its institutes have a counted submission, and the others. */
export function completenessOf(
  registered: number,
  submitted: number,
  missing: ProgressReport["completeness"]["missing"],
): Omit<ProgressReport["completeness"], "awaitingValues"> {
  return {
    registered,
    submitted,
    missingCount: missing.length,
    rate: registered ? new Decimal(submitted).dividedBy(registered).toDecimalPlaces(6).toString() : null,
    missing,
  };
}

/**
 * The year's raw measures per sector, city or institute type (all institutes, counted entries only). Sectors are
 * the region's own fields (policy/categories/<region>.yaml): 000 二 for Heilongjiang, 004 第2条 for Hebei.
 */
export function breakdown(input: ProgressInput, by: Breakdown): BreakdownRow[] {
  return breakdownOf(input.region, input.year, input.rollup?.buckets ?? bucketsOf(input.summaries, input.institutes), by);
}

function breakdownOf(region: RegionCode, year: number, source: readonly YearBucket[], by: Breakdown): BreakdownRow[] {
  const rows = new Map<string, { key: string; achievements: number; contracts: number | null; contractTurnover: Decimal | null }>();
  const row = (key: string, withContracts: boolean) => {
    let r = rows.get(key);
    if (!r)
      rows.set(
        key,
        (r = { key, achievements: 0, contracts: withContracts ? 0 : null, contractTurnover: withContracts ? new Decimal(0) : null }),
      );
    return r;
  };
  const sectors = sectorsOf(region);
  if (by === "sector") for (const id of sectors) row(id, false);
  for (const b of source) {
    if (b.year !== year) continue;
    if (by === "sector") {
      for (const [sector, n] of Object.entries(b.achievementsBySector)) if (sectors.includes(sector)) row(sector, false).achievements += n;
    } else {
      const r = row((by === "city" ? b.city : b.type) ?? "unregistered", true);
      r.achievements += b.achievements;
      r.contracts! += b.contracts;
      r.contractTurnover = r.contractTurnover!.plus(b.contractTurnover);
    }
  }
  return [...rows.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((r) => ({ ...r, contractTurnover: r.contractTurnover?.toString() ?? null }));
}
