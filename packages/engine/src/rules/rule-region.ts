/**
 * Which region has a rule is data: every parameter file names its region. A rule asked for in a region
 * whose documents have no such rule is NO_SUCH_RULE ("黑龙江省无此规定…" → Excel #N/A), never another
 * province's figure. The message names the rule in words and where it does exist, by document and article.
 */
import { REGION_NAMES } from "../regions";
import { PolicyError, type Bilingual } from "../errors";
import { PARAMETERS } from "../generated/policy-data";
import type { RegionCode } from "../policy/file-schema";
import { citationOf } from "../policy/citation";
import { regionOr } from "./inputs";

/** The region a rule falls back to when the caller gives none (the add-in first applies the workbook's default). */
export { REGION_NAMES };
export const FALLBACK_REGION: RegionCode = "CN-HL";

const byId = new Map(PARAMETERS.map((p) => [p.id, p]));

/** The NO_SUCH_RULE error for `rule` asked in `region`, naming where the parameters in `elsewhere` exist. */
export function noSuchRule(region: RegionCode, rule: Bilingual, elsewhere: readonly string[]): PolicyError {
  const where = [...new Map(elsewhere.map((id) => byId.get(id)!).map((p) => [p.region + p.reference.section, p])).values()];
  return new PolicyError("NO_SUCH_RULE", {
    region: REGION_NAMES[region]!.zh,
    regionEn: REGION_NAMES[region]!.en,
    rule: rule.zh,
    ruleEn: rule.en,
    available: where.map((p) => `${REGION_NAMES[p.region]!.zh}（${citationOf(p.reference).short}）`).join("、") || "无",
    availableEn: where.map((p) => `${REGION_NAMES[p.region]!.en} (${citationOf(p.reference).short})`).join(", ") || "none",
  });
}

/**
 * The region of a call to a rule whose figure is `parameterId`: the given region (blank → the fallback),
 * refused with NO_SUCH_RULE unless that parameter belongs to it.
 */
export function regionWithRule(input: unknown, parameterId: string, rule?: Bilingual): RegionCode {
  const region = regionOr(input, FALLBACK_REGION);
  const p = byId.get(parameterId);
  if (!p) throw new PolicyError("UNKNOWN_PARAMETER", { received: parameterId });
  if (p.region !== region) throw noSuchRule(region, rule ?? p.description, [parameterId]);
  return region;
}
