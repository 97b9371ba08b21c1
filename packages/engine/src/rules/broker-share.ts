/**
 * 000 三(三): "对获得资金支持的技术转移机构，应安排不低于50%比例对作出实际贡献的技术经纪人予以奖励" — read as
 * applying to every transfer institution that receives funding (not only the top-ten reward): the least
 * part of the funding that goes to the brokers who contributed.
 */
import { parseAmount } from "../money";
import { Trace, percent, type RuleResult } from "../trace";
import { ruleDate } from "./inputs";
import { regionWithRule } from "./rule-region";

const PARAMETER = "cn-hl.transfer-institution-reward.broker-minimum-share";

export function brokerShare(input: { funding: unknown; region?: unknown; date?: unknown }): RuleResult {
  const region = regionWithRule(input.region, PARAMETER);
  const funding = parseAmount(input.funding, "funding");
  const t = new Trace("broker-share", region, ruleDate(input.date));
  const rate = t.scalar(PARAMETER);
  t.step({ zh: "技术转移机构获得的资金支持", en: "Funding received by the transfer institution" }, funding);
  t.step(
    { zh: `奖励技术经纪人不低于 ${percent(rate)}`, en: `To the brokers who contributed: at least ${percent(rate)}` },
    funding.times(rate),
    PARAMETER,
  );
  return t.result(funding.times(rate));
}
