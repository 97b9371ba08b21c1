/** Province names and unit names as users read them (sheets, templates). */
import type { Bilingual } from "./errors";

export const REGION_NAMES: Record<string, Bilingual> = {
  "CN-HL": { zh: "黑龙江省", en: "Heilongjiang" },
  "CN-HE": { zh: "河北省", en: "Hebei" },
};

export const UNIT_NAMES: Record<string, Bilingual> = {
  count: { zh: "个数", en: "count" },
  CNY: { zh: "元", en: "CNY" },
  ratio: { zh: "比例", en: "ratio" },
  percent: { zh: "%", en: "%" },
};

export const regionName = (code: string, language: "zh" | "en" = "zh"): string => REGION_NAMES[code]?.[language] ?? code;

/** How a value of each unit is typed in (the indicator template). */
export const UNIT_HINTS: Record<string, Bilingual> = {
  count: { zh: "个数（整数）", en: "count (whole number)" },
  CNY: { zh: "元（最多两位小数）", en: "CNY (at most 2 decimals)" },
  ratio: { zh: "比例（小数，0.025 即 2.5%）", en: "ratio (fraction, 0.025 = 2.5%)" },
  percent: { zh: "%", en: "%" },
};
