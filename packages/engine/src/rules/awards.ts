/**
 * The fixed and ranged awards: Hebei 004 items 2, 12, 14, 19 and Heilongjiang 001 二(三).
 * Each function quotes its clause; figures come from packages/engine/policy/parameters.
 */
import { parseAmount, parseWholeNumber } from "../money";
import { Trace, percent, type RuleResult } from "../trace";
import { ruleDate } from "./inputs";
import { regionWithRule } from "./rule-region";
import { rangedAward } from "./ranged-award";
import { isBlank } from "../blank";

/** 004 item 14: "对新认定的国家高新技术企业，省级财政科技资金每家给予10万元补助资金支持". */
export function highTechEnterpriseAward(input: { count?: unknown; region?: unknown; date?: unknown }): RuleResult {
  const region = regionWithRule(input.region, "cn-he.high-tech-enterprise-award");
  const count = isBlank(input.count) ? 1 : parseWholeNumber(input.count, "INVALID_COUNT", "count", 0);
  const t = new Trace("high-tech-enterprise-award", region, ruleDate(input.date));
  const each = t.scalar("cn-he.high-tech-enterprise-award");
  t.step(
    {
      zh: `新认定国家高新技术企业 ${count} 家 × 每家 ${each.toFixed(2)} 元`,
      en: `${count} newly recognised enterprise(s) × ${each.toFixed(2)} each`,
    },
    each.times(count),
    "cn-he.high-tech-enterprise-award",
  );
  return t.result(each.times(count));
}

/** 004 item 19: "对于股权管理机构投资种子期、初创期科技型中小企业的，按实际投资额的1%给予奖励" — paid to the investment manager. */
export function seedInvestmentReward(input: { invested: unknown; region?: unknown; date?: unknown }): RuleResult {
  const region = regionWithRule(input.region, "cn-he.seed-investment-reward.rate");
  const invested = parseAmount(input.invested, "invested");
  const t = new Trace("seed-investment-reward", region, ruleDate(input.date));
  const rate = t.scalar("cn-he.seed-investment-reward.rate");
  t.step(
    {
      zh: "股权管理机构实际投资额（种子期、初创期科技型中小企业）",
      en: "Amount actually invested by the equity manager (seed / start-up tech SMEs)",
    },
    invested,
  );
  t.step(
    {
      zh: `实际投资额 × ${percent(rate)}，奖励股权管理机构`,
      en: `Invested × ${percent(rate)}, paid to the equity manager (not the company)`,
    },
    invested.times(rate),
    "cn-he.seed-investment-reward.rate",
  );
  return t.result(invested.times(rate));
}

/** 004 item 2: "面向创新联合体牵头企业，组织实施省级科技计划项目，给予最高500万的财政资金支持" — the requested amount, capped. */
export function consortiumSupport(input: { requested: unknown; region?: unknown; date?: unknown }): RuleResult {
  const region = regionWithRule(input.region, "cn-he.consortium-support.cap");
  const requested = parseAmount(input.requested, "requested");
  const t = new Trace("consortium-support", region, ruleDate(input.date));
  t.step({ zh: "创新联合体牵头企业项目申请的财政资金", en: "Funding requested for the consortium lead enterprise's project" }, requested);
  return t.result(t.capped(requested, "cn-he.consortium-support.cap"));
}

/** 004 item 19: "对成功挂牌上市的企业给予30—200万元的奖励". */
export const listingAward = (input: { region?: unknown; date?: unknown } = {}): RuleResult =>
  rangedAward("listing-award", regionWithRule(input.region, "cn-he.listing-award"), "cn-he.listing-award", input.date);

/** 004 item 12: "获批新建的国家级企业重点实验室、技术创新中心，省级财政科技资金给予300-500万元专项经费支持". */
export const enterpriseLabGrant = (input: { region?: unknown; date?: unknown } = {}): RuleResult =>
  rangedAward("enterprise-lab-grant", regionWithRule(input.region, "cn-he.enterprise-lab-grant"), "cn-he.enterprise-lab-grant", input.date);

/** 001 二(三): "对绩效考评优秀的国家级和省级技术转移示范机构，省级财政给予100万元至200万元发展资金补助". */
export const demonstrationGrant = (input: { region?: unknown; date?: unknown } = {}): RuleResult =>
  rangedAward("demonstration-grant", regionWithRule(input.region, "cn-hl.demonstration-grant"), "cn-hl.demonstration-grant", input.date);
