/**
 * Shares passed on from a transaction subsidy. The texts do not say whether both apply to the same
 * subsidy (POLICY.md §4.3): each is its own rule, shown side by side, never added silently.
 *
 * 001 二(四): "鼓励企业设立成果转移转化专员……在给予企业的补助资金中可按照10%比例用于奖励" — the enterprise MAY use 10%.
 * 000 三(二): "获得的技术交易补助资金，鼓励企业按不低于10%的比例奖励给科技特派员" — encouraged, AT LEAST 10%.
 */
import type { ParameterId } from "../generated/ids";
import { parseAmount } from "../money";
import { Trace, percent, type RuleResult } from "../trace";
import { ruleDate } from "./inputs";
import { regionWithRule } from "./rule-region";

export interface ShareOfSubsidyInput {
  /** The transaction subsidy the enterprise received, CNY. */
  subsidy: unknown;
  region?: unknown;
  date?: unknown;
}

function shareOf(rule: string, parameterId: ParameterId, input: ShareOfSubsidyInput, words: { zh: string; en: string }): RuleResult {
  const region = regionWithRule(input.region, parameterId);
  const subsidy = parseAmount(input.subsidy, "subsidy");
  const t = new Trace(rule, region, ruleDate(input.date));
  const rate = t.scalar(parameterId);
  t.step({ zh: "企业获得的技术交易补助", en: "Transaction subsidy received by the enterprise" }, subsidy);
  t.step({ zh: `${words.zh}：补助 × ${percent(rate)}`, en: `${words.en}: subsidy × ${percent(rate)}` }, subsidy.times(rate), parameterId);
  return t.result(subsidy.times(rate));
}

/** What the enterprise may use to reward its transformation specialist (成果转移转化专员). */
export const specialistShare = (input: ShareOfSubsidyInput): RuleResult =>
  shareOf("specialist-share", "cn-hl.tech-subsidy.specialist-share", input, {
    zh: "可用于奖励成果转移转化专员的额度",
    en: "Amount the enterprise may use for its transformation specialist",
  });

/** The suggested minimum for the technology commissioner (科技特派员): encouraged, not an entitlement. */
export const commissionerShare = (input: ShareOfSubsidyInput): RuleResult =>
  shareOf("commissioner-share", "cn-hl.commissioner-share.minimum", input, {
    zh: "鼓励奖励科技特派员的最低额（不低于）",
    en: "Encouraged minimum for the technology commissioner (at least)",
  });
