/**
 * Progress against a target: gap (target − actual; negative means ahead), completion (actual ÷ target),
 * and, for cumulative targets, what is still needed per remaining year.
 */
import { parseYear } from "../dates";
import { Decimal, parseAmount } from "../money";
import { cumulativeTargetCovering, target, type TargetQuery, type TargetValue } from "./targets";

export interface GapResult {
  target: TargetValue;
  actual: Decimal;
  /** target − actual; negative means ahead of target. For a range target, measured from its floor. */
  gap: Decimal;
  /** actual ÷ target, exact to 6 decimal places (half-up); null when the target is 0. */
  completion: Decimal | null;
}

function against(t: TargetValue, actual: Decimal): GapResult {
  return {
    target: t,
    actual,
    gap: t.value.minus(actual),
    completion: t.value.isZero() ? null : actual.dividedBy(t.value).toDecimalPlaces(6, Decimal.ROUND_HALF_UP),
  };
}

export function targetGap(query: TargetQuery & { actual: unknown }): GapResult {
  const t = target(query);
  return against(t, parseAmount(query.actual, "actual"));
}

export interface StillNeededResult extends GapResult {
  /** Years left after `year` up to the year the cumulative target is due. */
  remainingYears: number;
  /** max(target − actual, 0): what is still to be achieved. */
  stillNeeded: Decimal;
  /** stillNeeded ÷ remainingYears (exact to 6 places); null when no year remains (then all of it is due now). */
  perYear: Decimal | null;
  /** For counts: the whole number per year that reaches the target (rounded up); null otherwise. */
  perYearWhole: number | null;
}

/**
 * For a cumulative target (e.g. 400 achievements 2022–2026) and the cumulative actual through `year`
 * (inclusive), what is still needed in each remaining year. Reading: `actual` covers every year up to and
 * including `year`, so the remaining years are year+1 … the year the target is due.
 */
export function stillNeededPerYear(query: TargetQuery & { actual: unknown }): StillNeededResult {
  const due = cumulativeTargetCovering(query);
  const result = against(due, parseAmount(query.actual, "actual"));
  const remainingYears = due.period!.to - parseYear(query.year);
  const stillNeeded = Decimal.max(result.gap, 0);
  const perYear = remainingYears > 0 ? stillNeeded.dividedBy(remainingYears) : null;
  return {
    ...result,
    remainingYears,
    stillNeeded,
    perYear: perYear ? perYear.toDecimalPlaces(6, Decimal.ROUND_HALF_UP) : null,
    perYearWhole: perYear && due.unit === "count" ? perYear.ceil().toNumber() : null,
  };
}
