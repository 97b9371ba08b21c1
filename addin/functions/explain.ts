/**
 * TT.EXPLAIN: the trace behind a number, as rows a sheet can show. Header row first; then one row per
 * step (words in the user's language, value, clause); then the result with the rules version.
 */
import { RULES_VERSION, target, type GapResult, type RuleResult, type TargetValue } from "@tt/engine";
import { addinError } from "./excel-errors";
import { gapFor, liveActual } from "./live";
import { amountOf, isRuleName, parseBound, RANGED, RULES } from "./rules";
import type { Language } from "./runtime-state";
import type { Matrix } from "./matrix";

const HEADER: Record<Language, string[]> = { zh: ["步骤", "数值", "条款"], en: ["Step", "Value", "Clause"] };
const WORDS = {
  result: { zh: "结果", en: "Result" },
  version: { zh: "规则版本", en: "Rules version" },
  range: { zh: "范围（由评审确定）", en: "Range (decided by assessment)" },
  target: { zh: "目标", en: "Target" },
  actual: { zh: "实际完成", en: "Actual" },
  gap: { zh: "差距（目标 − 实际，负数表示超额）", en: "Gap (target − actual; negative means ahead)" },
  completion: { zh: "完成率", en: "Completion" },
  alternative: { zh: "另一口径", en: "Alternative series" },
  reading: { zh: "解读", en: "Reading" },
  live: { zh: "实际完成（云端实时）", en: "Actual (live, cloud API)" },
};

/** Names EXPLAIN understands, for the #N/A message. */
export const EXPLAINABLE = [...Object.keys(RULES), "TARGET", "TARGETGAP", "PROGRESS"];

/** Exact decimal strings become numbers (so the sheet can compute with them); words stay words. */
const cellValue = (v: string): string | number => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);

export function explainRule(r: RuleResult, language: Language, bound: "min" | "max" = "max"): Matrix {
  const rows: Matrix = [HEADER[language]];
  for (const s of r.steps) rows.push([s[language], cellValue(s.value), s.clause ?? ""]);
  if (r.range) rows.push([WORDS.range[language], `${r.range.min.toFixed(2)}–${r.range.max.toFixed(2)}`, ""]);
  rows.push([WORDS.result[language], amountOf(r, bound), `${WORDS.version[language]} ${r.rulesVersion}`]);
  return rows;
}

function targetRows(t: TargetValue, language: Language): Matrix {
  const rows: Matrix = [[`${WORDS.target[language]}：${t.description[language]} (${t.region}, ${t.year})`, t.value.toNumber(), t.clause]];
  if (t.range) rows.push([WORDS.range[language], `${t.range.min}–${t.range.max}`, t.clause]);
  if (t.reading) rows.push([WORDS.reading[language], t.reading[language], t.clause]);
  for (const a of t.alternatives) rows.push([`${WORDS.alternative[language]} ${a.series}`, cellValue(a.value), a.clause]);
  return rows;
}

export function explainTarget(t: TargetValue, language: Language): Matrix {
  return [HEADER[language], ...targetRows(t, language), [WORDS.result[language], t.value.toNumber(), `${WORDS.version[language]} ${RULES_VERSION}`]];
}

export function explainGap(g: GapResult, language: Language, live: boolean): Matrix {
  return [
    HEADER[language],
    ...targetRows(g.target, language),
    [(live ? WORDS.live : WORDS.actual)[language], g.actual.toNumber(), ""],
    [WORDS.completion[language], g.completion === null ? "" : g.completion.toNumber(), ""],
    [WORDS.gap[language], g.gap.toNumber(), g.target.clause],
    [WORDS.result[language], g.gap.toNumber(), `${WORDS.version[language]} ${RULES_VERSION}`],
  ];
}

/** EXPLAIN(name, args…) → rows. Throws PolicyError/AddinError (mapped to a single error cell by the caller). */
export async function explain(functionName: unknown, args: readonly unknown[], language: Language): Promise<Matrix> {
  const name = String(functionName ?? "").trim().toUpperCase().replace(/^TT\./, "");
  const a = (i: number) => (i < args.length ? args[i] : null);
  if (isRuleName(name)) {
    const result = (RULES[name] as (...x: unknown[]) => RuleResult)(...args);
    return explainRule(result, language, RANGED.includes(name) ? parseBound(a(0)) : "max");
  }
  switch (name) {
    case "TARGET":
      return explainTarget(target({ year: a(0), metric: a(1), region: a(2) }), language);
    case "TARGETGAP": {
      const live = a(1) === null || a(1) === undefined;
      return explainGap(await gapFor(a(0), a(1), a(2), a(3), live), language, live);
    }
    case "PROGRESS": {
      const actual = await liveActual(a(0), a(1), a(2));
      return [HEADER[language], [WORDS.live[language], cellValue(actual), ""], [WORDS.result[language], cellValue(actual), `${WORDS.version[language]} ${RULES_VERSION}`]];
    }
    default:
      throw addinError("UNKNOWN_FUNCTION", "not-found", { received: JSON.stringify(String(functionName ?? "")), available: EXPLAINABLE.join(", ") });
  }
}
