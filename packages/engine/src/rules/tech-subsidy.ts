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
 *
 * Two entry points share one arithmetic: `techSubsidy` (one amount, with its trace) and
 * `techSubsidyCalculator` (options resolved once, then amount → amount without a trace, for whole columns).
 */
import { Decimal, formatMoney, parseAmount, roundMoney } from "../money";
import { Trace, percent, type RuleResult } from "../trace";
import { parseRole, parseSource, regionOr, ruleDate, type Role, type Source } from "./inputs";
import type { RegionCode } from "../policy/file-schema";
import type { ParameterId } from "../generated/ids";
import { isBlank } from "../blank";
import { noSuchRule } from "./rule-region";

export interface TechSubsidyOptions {
  region?: unknown;
  role?: unknown;
  /** "BJ" / "TJ" / "京津" for achievements sourced from Beijing or Tianjin (Hebei rule); empty otherwise. */
  source?: unknown;
  /** Date whose rules apply; defaults to today (China time). */
  date?: unknown;
}

export interface TechSubsidyInput extends TechSubsidyOptions {
  /** CN-HL: actual amount received (实际到账金额); CN-HE: actual contract amount (实际交易额). CNY. */
  amount: unknown;
}

/** The sides and regions for which the documents have a subsidy rule. */
export const TECH_SUBSIDY_RULES: readonly { region: RegionCode; role: Role }[] = [
  { region: "CN-HL", role: "buyer" },
  { region: "CN-HL", role: "seller" },
  { region: "CN-HE", role: "buyer" },
];

const ROLE_RULE: Record<Role, { zh: string; en: string }> = {
  buyer: { zh: "技术交易补助（受让方企业）", en: "Technology-transaction subsidy to the buyer enterprise" },
  seller: { zh: "技术交易奖励（出让方）", en: "Technology-transaction reward to the seller" },
};

/** Which parameter files a (region, role, source) uses. */
export interface Schedule {
  threshold: ParameterId;
  cap: ParameterId;
  /** A flat rate on the whole amount… */
  rate?: ParameterId;
  /** …or a marginal scale. */
  scale?: ParameterId;
}

function scheduleFor(region: RegionCode, role: Role, source: Source): Schedule {
  if (region === "CN-HL") {
    const side = `cn-hl.tech-subsidy.${role}` as const;
    return { threshold: `${side}.threshold`, rate: `${side}.rate`, cap: `${side}.cap` };
  }
  if (source) {
    return {
      threshold: "cn-he.tech-subsidy.jingjin-threshold",
      rate: "cn-he.tech-subsidy.jingjin-rate",
      cap: "cn-he.tech-subsidy.jingjin-cap",
    };
  }
  return { threshold: "cn-he.tech-subsidy.threshold", scale: "cn-he.tech-subsidy.scale", cap: "cn-he.tech-subsidy.cap" };
}

export interface Resolved {
  region: RegionCode;
  role: Role;
  source: Source;
  date: string;
  schedule: Schedule;
}

function resolve(options: TechSubsidyOptions): Resolved {
  const region = regionOr(options.region, "CN-HL");
  const role = isBlank(options.role) ? "buyer" : parseRole(options.role);
  const source = parseSource(options.source);
  const date = ruleDate(options.date);
  if (!TECH_SUBSIDY_RULES.some((r) => r.region === region && r.role === role)) {
    const elsewhere = TECH_SUBSIDY_RULES.filter((r) => r.role === role).map((r) =>
      r.region === "CN-HL" ? `cn-hl.tech-subsidy.${role}.rate` : "cn-he.tech-subsidy.scale",
    );
    throw noSuchRule(region, ROLE_RULE[role], elsewhere);
  }
  return { region, role, source, date, schedule: scheduleFor(region, role, source) };
}

/** The options resolved as the rule resolves them (same errors): for the exact-integer calculator, tech-subsidy-fen.ts. */
export const resolveTechSubsidy = (options: TechSubsidyOptions): Resolved => resolve(options);

type Bracket = { threshold: Decimal; rate: Decimal };

/** The parts of `amount` inside each bracket of a marginal scale (as in OpenFisca), with what each pays. */
function marginalParts(
  amount: Decimal,
  brackets: readonly Bracket[],
): { from: Decimal; to?: Decimal; part: Decimal; rate: Decimal; pay: Decimal }[] {
  return brackets.flatMap((b, i) => {
    const upper = brackets[i + 1]?.threshold;
    if (amount.lessThanOrEqualTo(b.threshold)) return [];
    const part = (upper && amount.greaterThan(upper) ? upper : amount).minus(b.threshold);
    return [{ from: b.threshold, ...(upper ? { to: upper } : {}), part, rate: b.rate, pay: part.times(b.rate) }];
  });
}

/** One amount, with the trace of every parameter and step. */
export function techSubsidy(input: TechSubsidyInput): RuleResult {
  const amount = parseAmount(input.amount, "amount");
  const { region, role, source, date, schedule } = resolve(input);
  const t = new Trace("tech-subsidy", region, date);
  const threshold = t.scalar(schedule.threshold);
  if (region === "CN-HL") {
    const who =
      role === "buyer" ? { zh: "受让方企业", en: "buyer enterprise" } : { zh: "出让方，省内交易", en: "seller, in-province deal" };
    t.step({ zh: `技术交易实际到账金额（${who.zh}）`, en: `Actual amount received (${who.en})` }, amount);
    if (source)
      t.step(
        {
          zh: "黑龙江规则不区分成果来源，来源参数不影响结果",
          en: "The Heilongjiang rule does not depend on the source; the source is ignored",
        },
        source,
      );
  } else {
    t.step({ zh: "技术合同实际交易额（受让方企业）", en: "Actual contract amount (buyer enterprise)" }, amount);
    if (source) {
      t.step(
        {
          zh: "成果来源于京津：适用“其中”规则，按全部实际交易额计算，不分段",
          en: `Sourced from Beijing/Tianjin (${source}): the "其中" rule applies instead of the tiers`,
        },
        "京津",
        schedule.rate,
      );
    }
  }
  if (amount.lessThan(threshold)) {
    return t.ineligible(
      {
        zh: `金额 ${formatMoney(amount)} 元不足起点 ${formatMoney(threshold)} 元（含本数才符合），不予补助`,
        en: `Amount ${formatMoney(amount)} is below the ${formatMoney(threshold)} threshold (inclusive), so nothing is paid`,
      },
      schedule.threshold,
    );
  }
  t.step(
    { zh: `达到起点 ${formatMoney(threshold)} 元（含本数）`, en: `Reaches the ${formatMoney(threshold)} threshold (inclusive)` },
    threshold,
    schedule.threshold,
  );
  let gross: Decimal;
  if (schedule.scale) {
    const parts = marginalParts(amount, t.scale(schedule.scale));
    for (const p of parts) {
      const part = !p.to
        ? { zh: `超过 ${formatMoney(p.from)} 元的部分`, en: `Part above ${formatMoney(p.from)}` }
        : p.from.isZero()
          ? { zh: `${formatMoney(p.to)} 元以内的部分`, en: `Part up to ${formatMoney(p.to)}` }
          : { zh: `${formatMoney(p.from)} 至 ${formatMoney(p.to)} 元之间的部分`, en: `Part ${formatMoney(p.from)}–${formatMoney(p.to)}` };
      t.step(
        {
          zh: `${part.zh} ${formatMoney(p.part)} 元 × 最高比例 ${percent(p.rate)}`,
          en: `${part.en}: ${formatMoney(p.part)} × up to ${percent(p.rate)}`,
        },
        p.pay,
        schedule.scale,
      );
    }
    gross = parts.reduce((s, p) => s.plus(p.pay), new Decimal(0));
  } else {
    const rate = t.scalar(schedule.rate!);
    gross = amount.times(rate);
    const words = region === "CN-HL" ? { zh: "到账金额", en: "Amount received" } : { zh: "全部实际交易额", en: "Whole amount" };
    t.step({ zh: `${words.zh} × ${percent(rate)}`, en: `${words.en} × ${percent(rate)}` }, gross, schedule.rate);
  }
  return t.result(t.capped(gross, schedule.cap));
}

/**
 * Resolve the options once (parameters looked up on the date, errors for bad options thrown here) and
 * return amount → subsidy without a trace: the same arithmetic as `techSubsidy`, for whole columns.
 * Each call still parses its amount and throws the engine's errors for bad ones.
 */
export function techSubsidyCalculator(options: TechSubsidyOptions): (amount: unknown) => Decimal {
  const { date, schedule } = resolve(options);
  const t = new Trace("tech-subsidy", "CN-HL", date);
  const threshold = t.scalar(schedule.threshold);
  const cap = t.scalar(schedule.cap);
  const brackets = schedule.scale ? t.scale(schedule.scale) : null;
  const rate = schedule.rate ? t.scalar(schedule.rate) : null;
  const zero = new Decimal(0);
  return (input) => {
    const amount = parseAmount(input, "amount");
    if (amount.lessThan(threshold)) return zero;
    const gross = brackets ? marginalParts(amount, brackets).reduce((s, p) => s.plus(p.pay), zero) : amount.times(rate!);
    return roundMoney(Decimal.min(gross, cap));
  };
}
