/**
 * Targets of POLICY.md section 3, queryable by (region, metric, year). Per-year, level and cumulative
 * series stay distinct; a later document never overwrites an earlier one: every series is kept with its
 * own citation, and when two series state a figure for the same year the one marked `default: true` in
 * its data file answers, the others are listed as alternatives. A year with no target is an explicit
 * NO_TARGET error naming the years that have one: nothing is interpolated.
 */
import { boundOf } from "./bounds";
import type { Wording } from "../policy/file-schema";
import { PolicyError, type Bilingual } from "../errors";
import { Decimal } from "../money";
import { parseYear } from "../dates";
import { TARGETS } from "../generated/policy-data";
import type { Reference, RegionCode, TargetFile } from "../policy/file-schema";
import { clauseOf } from "../policy/parameters";
import { targetYears } from "../policy/target-years";
import { parseRegion } from "../rules/inputs";
import { isBlank } from "../blank";
import { REGION_NAMES } from "../rules/rule-region";

/** The metric a bare TT.TARGET(year) asks for: research-institute achievements industrialised per year (000 一). */
export const DEFAULT_METRIC = "industrialised";
export const DEFAULT_REGION: RegionCode = "CN-HL";

export interface TargetValue {
  region: RegionCode;
  metric: string;
  year: number;
  /** The figure; for a range target, its floor (the range is in `range`). */
  value: Decimal;
  range?: { min: Decimal; max: Decimal };
  /** For cumulative targets: the years summed. */
  period?: { from: number; to: number };
  unit: TargetFile["unit"];
  kind: TargetFile["kind"];
  nature: TargetFile["nature"];
  /** The bound of this year (a year worded differently from its series carries its own). */
  bound: TargetFile["bound"];
  /** The words that set the bound: the bound word and the phrase of the document carrying it. */
  wording: Wording;
  series: string;
  description: Bilingual;
  scope?: Bilingual;
  reference: Reference;
  clause: string;
  reading?: Bilingual;
  /** Other series that also state a figure for this (region, metric, year), each with its own source. */
  alternatives: { series: string; value: string; clause: string }[];
}

export interface TargetQuery {
  year: unknown;
  metric?: unknown;
  region?: unknown;
  /** A specific series id; by default the metric's default series for that year. */
  series?: string;
}

/**
 * The metric a bare still-needed question asks for: the cumulative total whose default series is scheduled
 * year by year by the default metric's series (CN-HL: the 000 total over the 000 per-year figures). Data, not
 * a name in code: found through the `schedule` link of the target files. Falls back to DEFAULT_METRIC.
 */
export function defaultCumulativeMetric(region: RegionCode): string {
  const scheduled = TARGETS.find(
    (t) =>
      t.region === region &&
      t.kind === "cumulative" &&
      t.default &&
      t.schedule &&
      TARGETS.some((s) => s.id === t.schedule && s.metric === DEFAULT_METRIC),
  );
  return scheduled?.metric ?? DEFAULT_METRIC;
}

export function metricsOf(region: RegionCode): string[] {
  return [...new Set(TARGETS.filter((t) => t.region === region).map((t) => t.metric))].sort();
}

/** Region and metric as messages show them: names in each language (the id only in English). */
function named(region: RegionCode, metric: string): Record<string, string> {
  const d = TARGETS.find((t) => t.region === region && t.metric === metric)?.description;
  return {
    region,
    metric,
    regionName: REGION_NAMES[region]!.zh,
    metricName: d ? `“${d.zh}”` : "",
    metricNameEn: d ? `${metric} (${d.en})` : metric,
  };
}

export function seriesOf(region: RegionCode, metric: string): readonly TargetFile[] {
  return TARGETS.filter((t) => t.region === region && t.metric === metric);
}

function entryFor(t: TargetFile, year: number) {
  return t.values.find((v) => ("to" in v ? v.to : v.year) === year);
}

export function target(query: TargetQuery): TargetValue {
  const region = isBlank(query.region) ? DEFAULT_REGION : parseRegion(query.region);
  const metric = isBlank(query.metric) ? DEFAULT_METRIC : String(query.metric).trim();
  const year = parseYear(query.year);
  const series = seriesOf(region, metric);
  if (series.length === 0) {
    throw new PolicyError("UNKNOWN_METRIC", { ...named(region, metric), received: metric, available: metricsOf(region).join(", ") });
  }
  const stating = series.filter((t) => entryFor(t, year) !== undefined);
  const chosen = query.series
    ? stating.find((t) => t.id === query.series)
    : (stating.find((t) => t.default) ?? (stating.length === 1 ? stating[0] : undefined));
  if (!chosen) {
    const years = [...new Set(series.flatMap((t) => targetYears(t)))].sort((a, b) => a - b);
    throw new PolicyError("NO_TARGET", { ...named(region, metric), year: String(year), years: years.join(", ") || "—" });
  }
  const entry = entryFor(chosen, year)!;
  if ("statement" in entry) {
    throw new PolicyError("TARGET_NOT_NUMERIC", {
      ...named(region, metric),
      year: String(year),
      statement: `${entry.statement.zh} / ${entry.statement.en}`,
      statementZh: entry.statement.zh,
    });
  }
  const alternatives = stating
    .filter((t) => t !== chosen)
    .map((t) => {
      const e = entryFor(t, year)!;
      const value = "value" in e ? e.value : "min" in e ? `${e.min}–${e.max}` : e.statement.en;
      return { series: t.id, value, clause: clauseOf(t.reference) };
    });
  return {
    region,
    metric,
    year,
    value: new Decimal("value" in entry ? entry.value : entry.min),
    ...("min" in entry ? { range: { min: new Decimal(entry.min), max: new Decimal(entry.max) } } : {}),
    ...("to" in entry ? { period: { from: entry.from, to: entry.to } } : {}),
    unit: chosen.unit,
    kind: chosen.kind,
    nature: chosen.nature,
    ...boundOf(chosen, year),
    series: chosen.id,
    description: chosen.description,
    ...(chosen.scope ? { scope: chosen.scope } : {}),
    reference: chosen.reference,
    clause: clauseOf(chosen.reference),
    ...(chosen.reading ? { reading: chosen.reading } : {}),
    alternatives,
  };
}

/**
 * The cumulative series whose period covers `year` (from ≤ year ≤ to), returned as the target due at the
 * end of that period. Where several cover the year (industrialised-total: 2022–2025 in 002 and 2022–2026
 * in 000), the DEFAULT series answers unless the caller names another (`series`); only when no default
 * series covers the year does the nearest deadline answer. The others are alternatives (packages/engine/README.md).
 */
export function cumulativeTargetCovering(query: TargetQuery): TargetValue {
  const region = isBlank(query.region) ? DEFAULT_REGION : parseRegion(query.region);
  const metric = isBlank(query.metric) ? defaultCumulativeMetric(region) : String(query.metric).trim();
  const year = parseYear(query.year);
  const series = seriesOf(region, metric);
  if (series.length === 0) {
    throw new PolicyError("UNKNOWN_METRIC", { ...named(region, metric), received: metric, available: metricsOf(region).join(", ") });
  }
  if (!series.some((t) => t.kind === "cumulative")) throw new PolicyError("NOT_CUMULATIVE", named(region, metric));
  const covering = series
    .filter((t) => !query.series || t.id === query.series)
    .flatMap((t) => t.values.flatMap((v) => ("to" in v && v.from <= year && year <= v.to ? [{ t, to: v.to }] : [])))
    .sort((a, b) => Number(b.t.default) - Number(a.t.default) || a.to - b.to);
  const first = covering[0];
  if (!first) {
    const periods = series.flatMap((t) => t.values.flatMap((v) => ("to" in v ? [`${v.from}–${v.to}`] : [])));
    throw new PolicyError("NO_TARGET", { ...named(region, metric), year: String(year), years: periods.join(", ") });
  }
  const chosen = target({ region, metric, year: first.to, series: first.t.id });
  const others = covering.slice(1).map(({ t, to }) => {
    const v = target({ region, metric, year: to, series: t.id });
    return { series: t.id, value: `${v.value.toString()} (${v.period!.from}–${v.period!.to})`, clause: v.clause };
  });
  return { ...chosen, alternatives: [...chosen.alternatives, ...others] };
}
