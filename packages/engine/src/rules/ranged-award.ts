/**
 * Awards the text leaves to assessment within a range ("300,000 to 2,000,000"). The result's `range`
 * holds both ends and `amount` is the maximum entitlement (POLICY.md: a calculator returns the maximum);
 * the trace says that the actual figure is decided by assessment.
 */
import type { ParameterId } from "../generated/ids";
import type { RegionCode } from "../policy/file-schema";
import { Trace, type RuleResult } from "../trace";
import { ruleDate } from "./inputs";

export function rangedAward(rule: string, region: RegionCode, parameterId: ParameterId, date: unknown): RuleResult {
  const t = new Trace(rule, region, ruleDate(date));
  const { min, max, use } = t.range(parameterId);
  t.step(
    {
      zh: `${use.description.zh}：${min.toFixed(2)} 至 ${max.toFixed(2)} 元，具体数额由评审确定；返回最高额`,
      en: `${use.description.en}: ${min.toFixed(2)} to ${max.toFixed(2)}, the figure is decided by assessment; the maximum is returned`,
    },
    `${min.toString()}–${max.toString()}`,
    parameterId,
  );
  return t.result(max, { range: { min, max } });
}
