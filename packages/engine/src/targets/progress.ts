/**
 * Progress against a target: gap (target − actual; negative means ahead), completion (actual ÷ target),
 * whether the target is met as the document words it (bounds.ts), and, for cumulative targets, what is
 * still needed in each remaining year.
 */
import { parseYear } from "../dates";
import { Decimal, parseAmount } from "../money";
import { TARGETS } from "../generated/policy-data";
import { meets } from "./bounds";
import { cumulativeTargetCovering, target, type TargetQuery, type TargetValue } from "./targets";

export interface GapResult {
  target: TargetValue;
  actual: Decimal;
  /** target − actual; negative means ahead of target. For a range target, measured from its floor. */
  gap: Decimal;
  /** actual ÷ target, exact to 6 decimal places (half-up); null when the target is 0. */
  completion: Decimal | null;
  /**
   * Met as worded (突破 at equality is not met; 以上 at equality is met; a range's top is a ceiling); null when
   * the bound has no figure, or for a cumulative target not yet due and not yet reached (it can still be met).
   */
  met: boolean | null;
}

function against(t: TargetValue, actual: Decimal, year: number): GapResult {
  const met = meets(t.bound, actual, t.value, t.range);
  const pending = t.period !== undefined && year < t.period.to && met === false;
  return {
    target: t,
    actual,
    gap: t.value.minus(actual),
    completion: t.value.isZero() ? null : actual.dividedBy(t.value).toDecimalPlaces(6, Decimal.ROUND_HALF_UP),
    met: pending ? null : met,
  };
}

export function targetGap(query: TargetQuery & { actual: unknown }): GapResult {
  const t = target(query);
  return against(t, parseAmount(query.actual, "actual"), t.year);
}

export interface StillNeededResult extends GapResult {
  /** Years left after `year` up to the year the cumulative target is due. */
  remainingYears: number;
  /** What is still to be achieved: max(target − actual, 0), plus one unit where the bound is 突破/超过. */
  stillNeeded: Decimal;
  /** stillNeeded ÷ remainingYears (exact to 6 places); null when no year remains (then all of it is due now). */
  perYear: Decimal | null;
  /** For counts: the whole number per year that reaches the target (rounded up); null otherwise. */
  perYearWhole: number | null;
  /**
   * How the remaining years share what is still needed: `schedule` follows the year-by-year schedule the same
   * document gives (its series id in `schedule`), `even` spreads it evenly (counts in whole items and money in
   * whole fen, the remainder on the earliest years, so the years always add up to `stillNeeded`).
   */
  basis: "schedule" | "even";
  schedule?: string;
  byYear: { year: number; needed: Decimal }[];
}

/** The smallest step above a figure, for 突破/超过 (strictly more): one item, one fen; 0 for ratios. */
const STEP: Record<string, string> = { count: "1", CNY: "0.01" };

/**
 * For a cumulative target (e.g. 400 achievements 2022–2026) and the cumulative actual through `year`
 * (inclusive), what is still needed in each remaining year. Reading: `actual` covers every year up to and
 * including `year`, so the remaining years are year+1 … the year the target is due. The default series
 * answers unless `series` names another.
 */
export function stillNeededPerYear(query: TargetQuery & { actual: unknown }): StillNeededResult {
  const due = cumulativeTargetCovering(query);
  const year = parseYear(query.year);
  const result = against(due, parseAmount(query.actual, "actual"), year);
  const remainingYears = due.period!.to - year;
  const strict = due.bound === "above" ? new Decimal(STEP[due.unit] ?? 0) : new Decimal(0);
  const stillNeeded = Decimal.max(result.gap.plus(strict), 0);
  const perYear = remainingYears > 0 ? stillNeeded.dividedBy(remainingYears) : null;
  const years = Array.from({ length: Math.max(remainingYears, 0) }, (_, i) => year + 1 + i);
  const scheduleId = TARGETS.find((t) => t.id === due.series)?.schedule;
  const planned = scheduleId ? scheduleOf(scheduleId, years) : null;
  return {
    ...result,
    remainingYears,
    stillNeeded,
    perYear: perYear ? perYear.toDecimalPlaces(6, Decimal.ROUND_HALF_UP) : null,
    perYearWhole: perYear && due.unit === "count" ? perYear.ceil().toNumber() : null,
    ...(planned
      ? { basis: "schedule" as const, schedule: scheduleId, byYear: followSchedule(planned, stillNeeded) }
      : { basis: "even" as const, byYear: spreadEvenly(years, stillNeeded, due.unit) }),
  };
}

function scheduleOf(id: string, years: number[]): { year: number; needed: Decimal }[] | null {
  const s = TARGETS.find((t) => t.id === id);
  if (!s) return null;
  const out = years.map((y) => {
    const v = s.values.find((e) => "year" in e && e.year === y);
    return v && "value" in v ? { year: y, needed: new Decimal(v.value) } : null;
  });
  return out.every((x) => x !== null) ? (out as { year: number; needed: Decimal }[]) : null;
}

/**
 * The schedule's remaining years, adjusted so they add up to what is still needed: a shortfall so far is added
 * to the next year; a surplus is taken off the earliest years (never below 0). With the schedule kept so far,
 * the answer is the schedule itself (000: 130 done by 2023 → 80, 90, 100).
 */
export function followSchedule(planned: { year: number; needed: Decimal }[], stillNeeded: Decimal): { year: number; needed: Decimal }[] {
  const out = planned.map((p) => ({ ...p }));
  if (out.length === 0) return out;
  let diff = stillNeeded.minus(out.reduce((s, p) => s.plus(p.needed), new Decimal(0)));
  if (diff.greaterThan(0)) out[0]!.needed = out[0]!.needed.plus(diff);
  for (const p of out) {
    if (!diff.isNegative()) break;
    const take = Decimal.min(p.needed, diff.negated());
    p.needed = p.needed.minus(take);
    diff = diff.plus(take);
  }
  return out;
}

/** Evenly over the years; counts in whole items and CNY in whole fen, the remainder on the earliest years. */
export function spreadEvenly(years: number[], total: Decimal, unit: string): { year: number; needed: Decimal }[] {
  if (years.length === 0) return [];
  const quantum = unit === "count" ? new Decimal(1) : unit === "CNY" ? new Decimal("0.01") : null;
  if (!quantum) return years.map((year) => ({ year, needed: total.dividedBy(years.length).toDecimalPlaces(6, Decimal.ROUND_HALF_UP) }));
  const units = total.dividedBy(quantum).ceil();
  const base = units.dividedToIntegerBy(years.length);
  const extra = units.minus(base.times(years.length)).toNumber();
  return years.map((year, i) => ({ year, needed: base.plus(i < extra ? 1 : 0).times(quantum) }));
}
