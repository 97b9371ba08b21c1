/**
 * Target semantics as the documents word them (BRIEF: "以上" includes, "突破/超过" strictly more, a ceiling
 * caps). Every series records its bound word and the phrase carrying it (`wording` in its YAML); this table
 * says what each word means, and `met` applies it. The loader (policy/load-files.ts) refuses a file whose
 * `bound` disagrees with its word unless the file writes down why (`wording.reading`).
 */
import type { Decimal } from "../money";
import type { TargetBound, TargetFile, Wording } from "../policy/file-schema";

/** What each bound word means. A clause with no bound word (a bare figure, "培训技术经纪人600名") is read as 达到. */
export const BOUND_OF_WORD: Record<NonNullable<Wording["word"]>, TargetBound> = {
  突破: "above",
  超过: "above",
  以上: "at-least",
  不低于: "at-least",
  达到: "reach",
  不超过: "at-most",
  以内: "at-most",
};

/** The bound of a bare figure (no bound word), of a range ("50-100场") and of a statement without a figure. */
export const BOUNDS_WITHOUT_WORD: readonly TargetBound[] = ["reach", "range", "none"];

/** The bound in words, for users (the comparison each one makes). */
export const BOUND_TEXT: Record<TargetBound, { zh: string; en: string; symbol: string }> = {
  "at-least": { zh: "不低于目标（以上/不低于：含本数）", en: "at least the target (以上/不低于 include it)", symbol: "≥" },
  reach: { zh: "达到目标（含本数）", en: "reach the target (equal counts)", symbol: "≥" },
  above: { zh: "超过目标（突破/超过：不含本数）", en: "more than the target (突破/超过: equal is not enough)", symbol: ">" },
  "at-most": { zh: "不超过上限（不超过/以内：含本数）", en: "at most the ceiling (不超过/以内 include it)", symbol: "≤" },
  range: { zh: "在区间内（含两端，上限为封顶）", en: "within the range (both ends included; the top is a ceiling)", symbol: "∈" },
  none: { zh: "无数字目标", en: "no numeric target", symbol: "" },
};

/** The bound of one year of a series: the year's own (a differently worded year) or the series'. */
export function boundOf(series: Pick<TargetFile, "bound" | "wording" | "values">, year: number): { bound: TargetBound; wording: Wording } {
  const entry = series.values.find((v) => "year" in v && v.year === year);
  if (entry && "bound" in entry && entry.bound) return { bound: entry.bound, wording: entry.wording ?? series.wording };
  return { bound: series.bound, wording: series.wording };
}

/**
 * Whether `actual` meets a target: true / false, or null when the bound has no figure to compare with.
 *   at-least, reach → actual ≥ target;  above → actual > target (突破 at equality is NOT met);
 *   at-most → actual ≤ target;  range → min ≤ actual ≤ max (the top of the range is a ceiling).
 */
export function meets(bound: TargetBound, actual: Decimal, target: Decimal, range?: { min: Decimal; max: Decimal }): boolean | null {
  switch (bound) {
    case "at-least":
    case "reach":
      return actual.greaterThanOrEqualTo(target);
    case "above":
      return actual.greaterThan(target);
    case "at-most":
      return actual.lessThanOrEqualTo(target);
    case "range":
      return range ? actual.greaterThanOrEqualTo(range.min) && actual.lessThanOrEqualTo(range.max) : actual.greaterThanOrEqualTo(target);
    case "none":
      return null;
  }
}

/** Loader check: the bound agrees with the word (or the file says why not). Returns a message, or null when consistent. */
export function wordingMismatch(bound: TargetBound, w: Wording): string | null {
  if (w.reading) return null;
  if (w.word === null) {
    return BOUNDS_WITHOUT_WORD.includes(bound)
      ? null
      : `bound ${bound} needs a bound word (突破/超过/以上/不低于/达到/不超过/以内) in wording.word, or a wording.reading saying why`;
  }
  const meant = BOUND_OF_WORD[w.word];
  return meant === bound ? null : `the word ${w.word} means ${meant}, but bound is ${bound}; fix bound or write wording.reading`;
}
