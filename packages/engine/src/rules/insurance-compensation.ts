/**
 * 001 二(一): "对未列入国家《首台(套)重大技术装备推广应用指导目录》的企业研制生产的首台(套)产品，企业与保险公司签订
 * 产品质量责任保险后(保险期限最长不超过3年)，省级财政按实际支付保费的80%给予一次性补偿。"
 * Reading (POLICY.md §4.6): the term is an eligibility condition (3 years itself qualifies); the payment is
 * 80% of the premium actually paid, once.
 */
import { Decimal, parseAmount } from "../money";
import { PolicyError } from "../errors";
import { Trace, percent, type RuleResult } from "../trace";
import { ruleDate } from "./inputs";
import { regionWithRule } from "./rule-region";
import { isBlank } from "../blank";

export interface InsuranceInput {
  /** Premium actually paid (实际支付保费), CNY. */
  premium: unknown;
  /** Policy term in years (may be fractional, e.g. 1.5). */
  termYears?: unknown;
  region?: unknown;
  date?: unknown;
}

export function insuranceCompensation(input: InsuranceInput): RuleResult {
  const region = regionWithRule(input.region, "cn-hl.first-of-kind-insurance.rate", {
    zh: "首台（套）产品质量责任保险补偿",
    en: "First-of-a-kind product insurance compensation",
  });
  const premium = parseAmount(input.premium, "premium");
  const term = isBlank(input.termYears) ? new Decimal(1) : parseTerm(input.termYears);
  const t = new Trace("first-of-kind-insurance", region, ruleDate(input.date));
  const maxTerm = t.scalar("cn-hl.first-of-kind-insurance.max-term");
  t.step({ zh: "实际支付保费", en: "Premium actually paid" }, premium);
  if (term.greaterThan(maxTerm)) {
    return t.ineligible(
      {
        zh: `保险期限 ${term} 年超过最长 ${maxTerm} 年，不予补偿`,
        en: `Term of ${term} years exceeds the longest qualifying term of ${maxTerm} years: no compensation`,
      },
      "cn-hl.first-of-kind-insurance.max-term",
    );
  }
  t.step(
    { zh: `保险期限 ${term} 年，不超过 ${maxTerm} 年`, en: `Term of ${term} years is within ${maxTerm} years` },
    term,
    "cn-hl.first-of-kind-insurance.max-term",
  );
  const rate = t.scalar("cn-hl.first-of-kind-insurance.rate");
  const amount = premium.times(rate);
  t.step(
    { zh: `保费 × ${percent(rate)}，一次性补偿`, en: `Premium × ${percent(rate)}, paid once` },
    amount,
    "cn-hl.first-of-kind-insurance.rate",
  );
  return t.result(amount);
}

function parseTerm(input: unknown): Decimal {
  let d: Decimal;
  try {
    d = parseAmount(input, "termYears");
  } catch {
    throw new PolicyError("INVALID_TERM", { received: typeof input === "string" ? JSON.stringify(input) : String(input) });
  }
  if (d.isZero()) throw new PolicyError("INVALID_TERM", { received: String(input) });
  return d;
}
