/**
 * Shares of income from a duty achievement. The two provinces use different bases (POLICY.md §4.7), so
 * they are separate rules behind one entry point keyed by (region, party).
 *
 * CN-HL 000 三(四): "省属科研院所的职务科技成果，由成果完成人实施转化的，将不低于转化净收益的70%奖励给成果完成人、
 *   不低于转化净收益的10%奖励给科技成果转化贡献人" — base: net transformation income (转化净收益).
 * CN-HE 004 item 8: "给予不低于70%现金收益或者股权的奖励、报酬，对主要贡献人员的奖励份额不低于奖励总额的50%" —
 *   base: cash income (现金收益) or equity; the main contributors' part is a share of the pool.
 * All figures are minimums ("不低于"): the result is the least the rule requires.
 */
import { PolicyError } from "../errors";
import { parseAmount } from "../money";
import { Trace, percent, type RuleResult } from "../trace";
import type { RegionCode } from "../policy/file-schema";
import { regionOr, ruleDate } from "./inputs";
import { noSuchRule, regionWithRule } from "./rule-region";
import { isBlank } from "../blank";

export const INCOME_SHARE_PARTIES: Readonly<Record<RegionCode, readonly string[]>> = {
  "CN-HL": ["completers", "contributors"],
  "CN-HE": ["pool", "main-contributors"],
};

const PARTY_WORDS: Record<string, string> = {
  completers: "completers",
  成果完成人: "completers",
  完成人: "completers",
  contributors: "contributors",
  转化贡献人: "contributors",
  科技成果转化贡献人: "contributors",
  pool: "pool",
  奖励总额: "pool",
  "main-contributors": "main-contributors",
  主要贡献人员: "main-contributors",
};

const PARTY_RULE: Record<string, { zh: string; en: string }> = {
  completers: { zh: "成果完成人的最低收益分配", en: "Least income share of the completers" },
  contributors: { zh: "转化贡献人的最低收益分配", en: "Least income share of the transformation contributors" },
  pool: { zh: "科技成果转化奖励总额下限", en: "Least reward pool" },
  "main-contributors": { zh: "主要贡献人员的最低奖励", en: "Least reward of the main contributors" },
};

export interface IncomeShareInput {
  /** CN-HL: net transformation income; CN-HE: cash income (or equity value). CNY. */
  income: unknown;
  party?: unknown;
  region?: unknown;
  date?: unknown;
}

export function incomeShare(input: IncomeShareInput): RuleResult {
  const region = regionOr(input.region, "CN-HL");
  const parties = INCOME_SHARE_PARTIES[region];
  const rawParty = isBlank(input.party) ? parties[0]! : String(input.party).trim();
  const party = PARTY_WORDS[rawParty] ?? PARTY_WORDS[rawParty.toLowerCase()];
  if (!party) {
    throw new PolicyError("UNKNOWN_PARTY", {
      expected: "completers (成果完成人), contributors (转化贡献人) [CN-HL]; pool (奖励总额), main-contributors (主要贡献人员) [CN-HE]",
      received: JSON.stringify(input.party),
    });
  }
  if (!parties.includes(party)) {
    const elsewhere = {
      completers: "cn-hl.duty-income.completers-minimum",
      contributors: "cn-hl.duty-income.contributors-minimum",
      pool: "cn-he.duty-reward.pool-minimum",
      "main-contributors": "cn-he.duty-reward.main-contributors-minimum",
    }[party]!;
    throw noSuchRule(region, PARTY_RULE[party]!, [elsewhere]);
  }
  const income = parseAmount(input.income, "income");
  const t = new Trace("income-share", region, ruleDate(input.date));
  if (region === "CN-HL") {
    const id = party === "completers" ? "cn-hl.duty-income.completers-minimum" : "cn-hl.duty-income.contributors-minimum";
    const rate = t.scalar(id);
    t.step({ zh: "转化净收益", en: "Net transformation income" }, income);
    const who =
      party === "completers" ? { zh: "成果完成人", en: "completers" } : { zh: "科技成果转化贡献人", en: "transformation contributors" };
    t.step({ zh: `${who.zh}不低于 ${percent(rate)}`, en: `To the ${who.en}: at least ${percent(rate)}` }, income.times(rate), id);
    return t.result(income.times(rate));
  }
  const poolRate = t.scalar("cn-he.duty-reward.pool-minimum");
  t.step({ zh: "现金收益（或股权价值）", en: "Cash income (or equity value)" }, income);
  const pool = income.times(poolRate);
  t.step(
    { zh: `奖励总额不低于 ${percent(poolRate)}`, en: `Reward pool: at least ${percent(poolRate)}` },
    pool,
    "cn-he.duty-reward.pool-minimum",
  );
  if (party === "pool") return t.result(pool);
  const mainRate = t.scalar("cn-he.duty-reward.main-contributors-minimum");
  const main = pool.times(mainRate);
  t.step(
    { zh: `主要贡献人员不低于奖励总额的 ${percent(mainRate)}`, en: `Main contributors: at least ${percent(mainRate)} of the pool` },
    main,
    "cn-he.duty-reward.main-contributors-minimum",
  );
  return t.result(main);
}

export interface InventorEquityInput {
  /** The equity (shares, or its value) of the jointly held IP to be split. */
  equity: unknown;
  region?: unknown;
  date?: unknown;
}

/** 001 四(二): "发明人或团队可享有不低于70%的股权" — the least equity the inventor or team may hold. */
export function inventorEquity(input: InventorEquityInput): RuleResult {
  const region = regionWithRule(input.region, "cn-hl.inventor-equity.minimum");
  const equity = parseAmount(input.equity, "equity");
  const t = new Trace("inventor-equity", region, ruleDate(input.date));
  const rate = t.scalar("cn-hl.inventor-equity.minimum");
  t.step({ zh: "共同申请知识产权的股权总额", en: "Total equity of the jointly applied-for IP" }, equity);
  t.step(
    { zh: `发明人或团队不低于 ${percent(rate)}`, en: `Inventor or team: at least ${percent(rate)}` },
    equity.times(rate),
    "cn-hl.inventor-equity.minimum",
  );
  return t.result(equity.times(rate));
}

export interface TaxableRewardInput {
  /** Cash reward paid to a researcher, CNY. */
  cashReward: unknown;
  /** Date the institute received the transformation income. */
  incomeDate: unknown;
  /** Date the reward is paid. */
  paidDate: unknown;
  /** Only non-profit R&D institutes and universities established by law qualify. */
  nonProfit: boolean;
}

/**
 * 004 item 8: "对依法批准设立的非营利性研究开发机构和高校，取得职务科技成果转化收入3年内发放的现金奖励，减按50%计入
 * 科技人员当月工资、薪金所得" — the amount counted toward the month's taxable wages.
 */
export function taxableRewardAmount(input: TaxableRewardInput): RuleResult {
  const reward = parseAmount(input.cashReward, "cashReward");
  const incomeDate = ruleDate(input.incomeDate);
  const paidDate = ruleDate(input.paidDate);
  const t = new Trace("taxable-reward", "CN-HE", paidDate);
  const share = t.scalar("cn-he.duty-reward.taxable-share");
  const windowYears = t.scalar("cn-he.duty-reward.taxable-window").toNumber();
  t.step({ zh: "现金奖励", en: "Cash reward" }, reward);
  const limit = `${Number(incomeDate.slice(0, 4)) + windowYears}${incomeDate.slice(4)}`;
  if (!input.nonProfit || paidDate > limit || paidDate < incomeDate) {
    const why = !input.nonProfit
      ? { zh: "非“非营利性研究开发机构和高校”，全额计入", en: "Not a non-profit institute or university: counted in full" }
      : {
          zh: `发放日 ${paidDate} 不在取得收入（${incomeDate}）后 ${windowYears} 年内，全额计入`,
          en: `Paid on ${paidDate}, not within ${windowYears} years of the income (${incomeDate}): counted in full`,
        };
    t.step(why, reward, "cn-he.duty-reward.taxable-window");
    return t.result(reward);
  }
  const counted = reward.times(share);
  t.step(
    {
      zh: `3年内发放，减按 ${percent(share)} 计入当月工资薪金`,
      en: `Paid within the window: ${percent(share)} counted toward the month's wages`,
    },
    counted,
    "cn-he.duty-reward.taxable-share",
  );
  return t.result(counted);
}
