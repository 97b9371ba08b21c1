/**
 * 000 三(三): "对上年促成省内技术合同总成交额排名前十的省级及以上中省直科研院所技术转移机构，按照登记技术合同实际支付
 * 总额的3%给予每家技术转移机构最高100万元奖励……对获得资金支持的技术转移机构，应安排不低于50%比例对作出实际贡献的
 * 技术经纪人予以奖励。"
 */
import { Decimal, parseAmount, parseWholeNumber, roundMoney } from "../money";
import { Trace, percent, type RuleResult } from "../trace";
import { ruleDate } from "./inputs";
import { regionWithRule } from "./rule-region";
import { parameterAt } from "../policy/parameters";

export interface TransferRewardInput {
  /** Actual payments of the registered contracts it brought about last year (登记技术合同实际支付总额), CNY. */
  paidTotal: unknown;
  /** Rank by last year's in-province contract turnover, 1 = highest. */
  rank: unknown;
  region?: unknown;
  date?: unknown;
}

export interface TransferRewardResult extends RuleResult {
  /** The part that must go to the brokers who contributed (at least this much). */
  brokerMinimum: Decimal;
}

export function transferInstitutionReward(input: TransferRewardInput): TransferRewardResult {
  const region = regionWithRule(input.region, "cn-hl.transfer-institution-reward.rate", {
    zh: "技术转移机构奖励",
    en: "Technology-transfer institution reward",
  });
  const paidTotal = parseAmount(input.paidTotal, "paidTotal");
  const rank = parseWholeNumber(input.rank, "INVALID_RANK", "rank", 1);
  const t = new Trace("transfer-institution-reward", region, ruleDate(input.date));
  const maxRank = t.scalar("cn-hl.transfer-institution-reward.max-rank");
  const brokerShare = t.scalar("cn-hl.transfer-institution-reward.broker-minimum-share");
  t.step({ zh: "登记技术合同实际支付总额", en: "Actual payments of registered contracts" }, paidTotal);
  if (maxRank.lessThan(rank)) {
    const r = t.ineligible(
      { zh: `排名第 ${rank}，不在前 ${maxRank} 名之内，不予奖励`, en: `Rank ${rank} is outside the top ${maxRank}, so no reward` },
      "cn-hl.transfer-institution-reward.max-rank",
    );
    return { ...r, brokerMinimum: new Decimal(0) };
  }
  t.step(
    { zh: `排名第 ${rank}，在前 ${maxRank} 名之内`, en: `Rank ${rank} is within the top ${maxRank}` },
    String(rank),
    "cn-hl.transfer-institution-reward.max-rank",
  );
  const rate = t.scalar("cn-hl.transfer-institution-reward.rate");
  const gross = paidTotal.times(rate);
  t.step({ zh: `实际支付总额 × ${percent(rate)}`, en: `Payments × ${percent(rate)}` }, gross, "cn-hl.transfer-institution-reward.rate");
  const result = t.result(t.capped(gross, "cn-hl.transfer-institution-reward.cap"));
  const brokerMinimum = roundMoney(result.amount.times(brokerShare));
  result.steps.push({
    zh: `其中不低于 ${percent(brokerShare)} 奖励技术经纪人`,
    en: `Of which at least ${percent(brokerShare)} goes to the brokers`,
    value: brokerMinimum.toString(),
    clause: t.clause("cn-hl.transfer-institution-reward.broker-minimum-share"),
  });
  return { ...result, brokerMinimum };
}

export interface InstitutionTurnover {
  institutionId: string;
  /** Last year's in-province contract turnover it brought about, CNY. */
  turnover: unknown;
}

export interface RankedInstitution {
  institutionId: string;
  turnover: Decimal;
  /** Competition rank: equal turnovers share a rank (1, 2, 2, 4). */
  rank: number;
  eligible: boolean;
  /** True when this institution is tied with others across the last eligible place: the text does not decide (POLICY.md §4.4). */
  tiedAtCutoff: boolean;
}

/** Rank institutions by turnover and flag ties across the top-ten cut-off for a person to decide. */
export function rankTransferInstitutions(list: readonly InstitutionTurnover[], date?: unknown): RankedInstitution[] {
  const maxRank = Number(parameterAt("cn-hl.transfer-institution-reward.max-rank", ruleDate(date)).value);
  const parsed = list
    .map((i) => ({ institutionId: i.institutionId, turnover: parseAmount(i.turnover, `turnover of ${i.institutionId}`) }))
    .sort((a, b) => b.turnover.comparedTo(a.turnover));
  const ranked = parsed.map((i, index) => ({
    ...i,
    rank: parsed.findIndex((j) => j.turnover.equals(i.turnover)) + 1,
    position: index + 1,
  }));
  return ranked.map(({ position: _p, ...i }) => {
    const sameTurnover = ranked.filter((j) => j.turnover.equals(i.turnover));
    const straddles = sameTurnover.some((j) => j.position <= maxRank) && sameTurnover.some((j) => j.position > maxRank);
    return { ...i, eligible: i.rank <= maxRank, tiedAtCutoff: straddles };
  });
}
