/**
 * Technology-transaction subsidy (the TECHSUBSIDY family).
 *
 * CN-HL — 001 二(四) 促进技术合同交易: "对购买省内外科技成果的我省企业，按照其技术交易实际到账金额在50万元以上的
 * (含50万元)，给予其技术交易实际到账金额的30%、最高不超过100万元补助；对将科技成果在省内进行技术交易的研究开发机构、
 * 高等院校和企业，……给予……30%、最高不超过100万元奖励". Basis: the actual amount received (实际到账金额).
 *
 * CN-HE — 004 item 9 支持企业引进重大科技成果 (buyer side only): "单项交易额在50万元以上不足100万元的，按照技术合同
 * 实际交易额给予最高10%的补助，超过100万元的部分给予最高5%的补助，每项最高可补助100万元。其中，科技成果来源于京津的，
 * 单项交易额在50万元以上的，按照实际交易额给予最高10%的补助，每项最高可补助100万元。"
 * Read marginally (POLICY.md §4.1); the Beijing/Tianjin rule replaces the tiers.
 */
import { PolicyError } from "../errors";
import { Decimal, formatMoney, parseAmount } from "../money";
import { Trace, percent, type RuleResult } from "../trace";
import { parseRole, parseSource, regionOr, ruleDate, type Role, type Source } from "./inputs";
import type { RegionCode } from "../policy/file-schema";

export interface TechSubsidyInput {
  /** CN-HL: actual amount received (实际到账金额); CN-HE: actual contract amount (实际交易额). CNY. */
  amount: unknown;
  region?: unknown;
  role?: unknown;
  /** "BJ" / "TJ" / "京津" for achievements sourced from Beijing or Tianjin (Hebei rule); empty otherwise. */
  source?: unknown;
  /** Date whose rules apply; defaults to today (China time). */
  date?: unknown;
}

/** The sides and regions for which the documents have a subsidy rule. */
export const TECH_SUBSIDY_RULES: readonly { region: RegionCode; role: Role }[] = [
  { region: "CN-HL", role: "buyer" },
  { region: "CN-HL", role: "seller" },
  { region: "CN-HE", role: "buyer" },
];

export function techSubsidy(input: TechSubsidyInput): RuleResult {
  const amount = parseAmount(input.amount, "amount");
  const region = regionOr(input.region, "CN-HL");
  const role = input.role === undefined || input.role === null || input.role === "" ? "buyer" : parseRole(input.role);
  const source = parseSource(input.source);
  const date = ruleDate(input.date);

  if (!TECH_SUBSIDY_RULES.some((r) => r.region === region && r.role === role)) {
    throw new PolicyError("NO_SUCH_RULE", {
      what: `${region} ${role}`,
      available: TECH_SUBSIDY_RULES.map((r) => `${r.region} ${r.role}`).join(", "),
    });
  }
  return region === "CN-HL" ? heilongjiang(amount, role, source, date) : hebei(amount, source, date);
}

function heilongjiang(amount: Decimal, role: Role, source: Source, date: string): RuleResult {
  const t = new Trace("tech-subsidy", "CN-HL", date);
  const side = `cn-hl.tech-subsidy.${role}`;
  const threshold = t.scalar(`${side}.threshold`);
  const rate = t.scalar(`${side}.rate`);
  t.step(
    { zh: `技术交易实际到账金额（${role === "buyer" ? "受让方企业" : "出让方，省内交易"}）`, en: `Actual amount received (${role === "buyer" ? "buyer enterprise" : "seller, in-province deal"})` },
    amount,
  );
  if (source) t.step({ zh: "黑龙江规则不区分成果来源，来源参数不影响结果", en: "The Heilongjiang rule does not depend on the source; the source is ignored" }, source);
  if (amount.lessThan(threshold)) {
    return t.ineligible(
      {
        zh: `到账金额 ${formatMoney(amount)} 元不足起点 ${formatMoney(threshold)} 元（含本数才符合），不予${role === "buyer" ? "补助" : "奖励"}`,
        en: `Amount received ${formatMoney(amount)} is below the ${formatMoney(threshold)} threshold (inclusive), so nothing is paid`,
      },
      `${side}.threshold`,
    );
  }
  t.step({ zh: `达到起点 ${formatMoney(threshold)} 元（含本数）`, en: `Reaches the ${formatMoney(threshold)} threshold (inclusive)` }, threshold, `${side}.threshold`);
  const gross = amount.times(rate);
  t.step({ zh: `到账金额 × ${percent(rate)}`, en: `Amount received × ${percent(rate)}` }, gross, `${side}.rate`);
  return t.result(t.capped(gross, `${side}.cap`));
}

function hebei(amount: Decimal, source: Source, date: string): RuleResult {
  const t = new Trace("tech-subsidy", "CN-HE", date);
  t.step({ zh: "技术合同实际交易额（受让方企业）", en: "Actual contract amount (buyer enterprise)" }, amount);
  if (source) {
    const threshold = t.scalar("cn-he.tech-subsidy.jingjin-threshold");
    const rate = t.scalar("cn-he.tech-subsidy.jingjin-rate");
    t.step({ zh: `成果来源于京津（${source}）：适用“其中”规则，不分段`, en: `Sourced from Beijing/Tianjin (${source}): the "其中" rule applies instead of the tiers` }, source, "cn-he.tech-subsidy.jingjin-rate");
    if (amount.lessThan(threshold)) {
      return t.ineligible(
        { zh: `交易额 ${formatMoney(amount)} 元不足起点 ${formatMoney(threshold)} 元，不予补助`, en: `Amount ${formatMoney(amount)} is below the ${formatMoney(threshold)} threshold, so nothing is paid` },
        "cn-he.tech-subsidy.jingjin-threshold",
      );
    }
    const gross = amount.times(rate);
    t.step({ zh: `全部实际交易额 × ${percent(rate)}`, en: `Whole amount × ${percent(rate)}` }, gross, "cn-he.tech-subsidy.jingjin-rate");
    return t.result(t.capped(gross, "cn-he.tech-subsidy.jingjin-cap"));
  }
  const threshold = t.scalar("cn-he.tech-subsidy.threshold");
  if (amount.lessThan(threshold)) {
    return t.ineligible(
      { zh: `交易额 ${formatMoney(amount)} 元不足起点 ${formatMoney(threshold)} 元，不予补助`, en: `Amount ${formatMoney(amount)} is below the ${formatMoney(threshold)} threshold, so nothing is paid` },
      "cn-he.tech-subsidy.threshold",
    );
  }
  const gross = marginal(t, amount, t.scale("cn-he.tech-subsidy.scale"), "cn-he.tech-subsidy.scale");
  return t.result(t.capped(gross, "cn-he.tech-subsidy.cap"));
}

/** Sum of rate × the part of `amount` inside each bracket (a marginal scale, as in OpenFisca). */
function marginal(t: Trace, amount: Decimal, brackets: { threshold: Decimal; rate: Decimal }[], id: string): Decimal {
  let total = new Decimal(0);
  brackets.forEach((b, i) => {
    const upper = brackets[i + 1]?.threshold;
    if (amount.lessThanOrEqualTo(b.threshold)) return;
    const part = (upper && amount.greaterThan(upper) ? upper : amount).minus(b.threshold);
    const pay = part.times(b.rate);
    total = total.plus(pay);
    const range = upper ? `${formatMoney(b.threshold)}–${formatMoney(upper)}` : `${formatMoney(b.threshold)} 以上/above`;
    t.step({ zh: `${range} 部分 ${formatMoney(part)} 元 × ${percent(b.rate)}`, en: `Part ${range}: ${formatMoney(part)} × ${percent(b.rate)}` }, pay, id);
  });
  return total;
}
