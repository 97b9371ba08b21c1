/**
 * TT.EXPLAIN: the trace behind a number, as rows a sheet can show an auditor. Header row first; then one
 * row per step (words in the user's language, value, clause in words); then "解读：…" rows for each reading
 * chosen where the text admits more than one; then the region and how it was chosen; then the basis of
 * each document used: title, 文号, article, effective date ("依据") and the quoted clause ("原文", loaded
 * lazily, see quotes.ts); then the result and the rules-data version.
 */
import {
  FALLBACK_REGION,
  REGION_NAMES,
  RULES_VERSION,
  citationOf,
  parseRegion,
  target,
  type GapResult,
  type ParameterUse,
  type RuleResult,
  type TargetValue,
} from "@tt/engine";
import { addinError } from "./excel-errors";
import { gapFor, liveActual } from "./live";
import { amountOf, isRuleName, parseBound, RANGED, REGION_ARGUMENT, regionArg, RULES } from "./rules";
import { defaultRegion, type Language } from "./runtime-state";
import type { Matrix } from "./matrix";
import { quoteOf } from "./quotes";
import { isBlank } from "@tt/engine";

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
  basis: { zh: "依据", en: "Basis" },
  quote: { zh: "原文", en: "Clause" },
  quoteMissing: { zh: "原文暂时无法加载，请联网后重算", en: "The clause text could not be loaded; recalculate when online" },
  region: { zh: "地区", en: "Region" },
  given: { zh: "按参数填写", en: "as given in the formula" },
  workbook: { zh: "参数未填，按工作簿默认地区（任务窗格中设置）", en: "omitted: the workbook's default region (set in the task pane)" },
  fallback: { zh: "参数未填且工作簿未设默认地区，按黑龙江省", en: "omitted and no workbook default: Heilongjiang" },
};

const COLON: Record<Language, string> = { zh: "：", en: ": " };

/** Names EXPLAIN understands, for the #N/A message. */
export const EXPLAINABLE = [...Object.keys(RULES), "TARGET", "TARGETGAP", "PROGRESS"];

/** Exact decimal strings become numbers (so the sheet can compute with them); words stay words. */
const cellValue = (v: string): string | number => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);

export function explainRule(r: RuleResult, language: Language, bound: "min" | "max" = "max", extra: Matrix = []): Matrix {
  const rows: Matrix = [HEADER[language]];
  for (const s of r.steps) rows.push([s[language], cellValue(s.value), s.clause ?? ""]);
  if (r.range) rows.push([WORDS.range[language], `${r.range.min.toFixed(2)}–${r.range.max.toFixed(2)}`, ""]);
  for (const s of r.readings ?? []) rows.push([s[language], "", s.clause ?? ""]);
  rows.push(...extra);
  rows.push([WORDS.result[language], amountOf(r, bound), `${WORDS.version[language]} ${r.rulesVersion}`]);
  return rows;
}

/** One "依据" row per clause used (title, 文号, article, effective date), then its quoted clauses ("原文"). */
export async function basisRows(parameters: readonly Pick<ParameterUse, "id" | "reference">[], language: Language): Promise<Matrix> {
  const byClause = new Map<string, { words: string; quotes: (string | undefined)[] }>();
  for (const p of parameters) {
    const c = citationOf(p.reference);
    const entry = byClause.get(c.short) ?? { words: c.words[language], quotes: [] };
    byClause.set(c.short, entry);
    const quote = await quoteOf(p);
    if (!entry.quotes.includes(quote)) entry.quotes.push(quote);
  }
  const rows: Matrix = [];
  for (const [short, { words, quotes }] of byClause) {
    rows.push([`${WORDS.basis[language]}${COLON[language]}${words}`, "", short]);
    for (const q of quotes)
      rows.push([`${WORDS.quote[language]}${COLON[language]}${q ? `“${q}”` : WORDS.quoteMissing[language]}`, "", short]);
  }
  return rows;
}

/** "地区：黑龙江省（按工作簿默认地区）" — the region a call used and how it was chosen. */
export function regionRow(name: string, args: readonly unknown[], language: Language): Matrix {
  const at = REGION_ARGUMENT[name as keyof typeof REGION_ARGUMENT];
  if (at === undefined) return [];
  const given = at < args.length ? args[at] : null;
  const how = !isBlank(given) ? WORDS.given : defaultRegion() ? WORDS.workbook : WORDS.fallback;
  let code: string;
  try {
    code = parseRegion(regionArg(given) ?? FALLBACK_REGION);
  } catch {
    return []; // a bad region fails the calculation itself, with its own message
  }
  const name_ = REGION_NAMES[code]?.[language] ?? code;
  const shown = language === "zh" ? `${WORDS.region.zh}：${name_}（${how.zh}）` : `${WORDS.region.en}: ${name_} (${how.en})`;
  return [[shown, code, ""]];
}

async function targetBasis(t: TargetValue, language: Language): Promise<Matrix> {
  return basisRows([{ id: t.series, reference: t.reference }], language);
}

function targetRows(t: TargetValue, language: Language): Matrix {
  const rows: Matrix = [[`${WORDS.target[language]}：${t.description[language]} (${t.region}, ${t.year})`, t.value.toNumber(), t.clause]];
  if (t.range) rows.push([WORDS.range[language], `${t.range.min}–${t.range.max}`, t.clause]);
  if (t.reading) rows.push([WORDS.reading[language], t.reading[language], t.clause]);
  for (const a of t.alternatives) rows.push([`${WORDS.alternative[language]} ${a.series}`, cellValue(a.value), a.clause]);
  return rows;
}

export function explainTarget(t: TargetValue, language: Language, extra: Matrix = []): Matrix {
  return [
    HEADER[language],
    ...targetRows(t, language),
    ...extra,
    [WORDS.result[language], t.value.toNumber(), `${WORDS.version[language]} ${RULES_VERSION}`],
  ];
}

export function explainGap(g: GapResult, language: Language, live: boolean, extra: Matrix = []): Matrix {
  return [
    HEADER[language],
    ...targetRows(g.target, language),
    ...extra,
    [(live ? WORDS.live : WORDS.actual)[language], g.actual.toNumber(), ""],
    [WORDS.completion[language], g.completion === null ? "" : g.completion.toNumber(), ""],
    [WORDS.gap[language], g.gap.toNumber(), g.target.clause],
    [WORDS.result[language], g.gap.toNumber(), `${WORDS.version[language]} ${RULES_VERSION}`],
  ];
}

/** EXPLAIN(name, args…) → rows. Throws PolicyError/AddinError (mapped to a single error cell by the caller). */
export async function explain(functionName: unknown, args: readonly unknown[], language: Language): Promise<Matrix> {
  const name = String(functionName ?? "")
    .trim()
    .toUpperCase()
    .replace(/^TT\./, "");
  const a = (i: number) => (i < args.length ? args[i] : null);
  if (isRuleName(name)) {
    const result = (RULES[name] as (...x: unknown[]) => RuleResult)(...args);
    const extra = [...regionRow(name, args, language), ...(await basisRows(result.parameters, language))];
    return explainRule(result, language, RANGED.includes(name) ? parseBound(a(0)) : "max", extra);
  }
  switch (name) {
    case "TARGET": {
      const t = target({ year: a(0), metric: a(1), region: regionArg(a(2)) });
      return explainTarget(t, language, [...regionRow(name, args, language), ...(await targetBasis(t, language))]);
    }
    case "TARGETGAP": {
      const live = a(1) === null || a(1) === undefined;
      const g = await gapFor(a(0), a(1), a(2), regionArg(a(3)), live);
      return explainGap(g, language, live, [...regionRow(name, args, language), ...(await targetBasis(g.target, language))]);
    }
    case "PROGRESS": {
      const actual = await liveActual(a(0), a(1), regionArg(a(2)));
      return [
        HEADER[language],
        [WORDS.live[language], cellValue(actual), ""],
        ...regionRow(name, args, language),
        [WORDS.result[language], cellValue(actual), `${WORDS.version[language]} ${RULES_VERSION}`],
      ];
    }
    default:
      throw addinError("UNKNOWN_FUNCTION", "not-found", {
        received: JSON.stringify(String(functionName ?? "")),
        available: EXPLAINABLE.join(", "),
      });
  }
}
