/**
 * The explanation that travels with every amount: which parameters were used (value, period, clause)
 * and the arithmetic steps in words, in Chinese and English.
 */
import type { ParameterId } from "./generated/ids";
import type { Bilingual } from "./errors";
import type { IsoDate } from "./dates";
import { Decimal, roundMoney } from "./money";
import { clauseOf, parameterAt, type ParameterUse } from "./policy/parameters";
import type { RegionCode } from "./policy/file-schema";
import { RULES_VERSION } from "./generated/policy-data";

export interface TraceStep extends Bilingual {
  /** The value produced by this step, as an exact decimal string. */
  value: string;
  /** Short citation, e.g. "001 二(四)". */
  clause?: string;
}

export interface RuleResult {
  /** Stable rule id, e.g. "tech-subsidy". */
  rule: string;
  region: RegionCode;
  date: IsoDate;
  /** The amount, rounded once to 0.01 CNY half-up (for ranges: the maximum entitlement). */
  amount: Decimal;
  eligible: boolean;
  /** Why the amount is 0, when it is. */
  reason?: Bilingual;
  /** For awards the text leaves to assessment ("300,000 to 2,000,000"). */
  range?: { min: Decimal; max: Decimal };
  parameters: ParameterUse[];
  steps: TraceStep[];
  /**
   * The readings chosen where the text admits more than one (marginal tiers, "最高" as the maximum
   * entitlement, one side per deal…), one per parameter used that carries a `reading`: "解读：…".
   */
  readings: TraceStep[];
  rulesVersion: string;
}

export class Trace {
  readonly parameters: ParameterUse[] = [];
  readonly steps: TraceStep[] = [];
  constructor(
    readonly rule: string,
    readonly region: RegionCode,
    readonly date: IsoDate,
  ) {}

  /** Look up a parameter on the trace's date, record it, return the use. */
  use(id: ParameterId): ParameterUse {
    const p = parameterAt(id, this.date);
    if (!this.parameters.some((u) => u.id === id)) this.parameters.push(p);
    return p;
  }

  /** A scalar parameter as a Decimal. */
  scalar(id: ParameterId): Decimal {
    const p = this.use(id);
    if (typeof p.value !== "string") throw new Error(`parameter ${id} is not a scalar`);
    return new Decimal(p.value);
  }

  /** A range parameter as two Decimals. */
  range(id: ParameterId): { min: Decimal; max: Decimal; use: ParameterUse } {
    const p = this.use(id);
    if (typeof p.value === "string" || Array.isArray(p.value)) throw new Error(`parameter ${id} is not a range`);
    return { min: new Decimal(p.value.min), max: new Decimal(p.value.max), use: p };
  }

  /** A marginal scale as Decimals, thresholds ascending. */
  scale(id: ParameterId): { threshold: Decimal; rate: Decimal }[] {
    const p = this.use(id);
    if (!Array.isArray(p.value)) throw new Error(`parameter ${id} is not a scale`);
    return p.value.map((b) => ({ threshold: new Decimal(b.threshold), rate: new Decimal(b.rate) }));
  }

  clause(id: ParameterId): string {
    return clauseOf(this.use(id).reference);
  }

  step(text: Bilingual, value: Decimal | string, parameterId?: ParameterId): void {
    this.steps.push({
      ...text,
      value: typeof value === "string" ? value : value.toString(),
      ...(parameterId ? { clause: this.clause(parameterId) } : {}),
    });
  }

  /** Apply a cap ("最高"), recording whether it bit. Returns the capped, still unrounded, amount. */
  capped(gross: Decimal, capId: ParameterId): Decimal {
    const cap = this.scalar(capId);
    if (gross.greaterThan(cap)) {
      this.step({ zh: `超过上限，按最高 ${cap.toFixed(2)} 元`, en: `Above the cap: limited to ${cap.toFixed(2)}` }, cap, capId);
      return cap;
    }
    this.step({ zh: `未超过上限 ${cap.toFixed(2)} 元`, en: `Within the ${cap.toFixed(2)} cap` }, gross, capId);
    return gross;
  }

  /** Finish with an amount: the single rounding point of every rule. */
  result(amount: Decimal, extra: { reason?: Bilingual; range?: { min: Decimal; max: Decimal } } = {}): RuleResult {
    const rounded = roundMoney(amount);
    if (!rounded.equals(amount)) {
      this.step({ zh: "四舍五入到分（0.01元，ROUND_HALF_UP）", en: "Round to 0.01 CNY, half-up" }, rounded.toFixed(2));
    }
    return {
      rule: this.rule,
      region: this.region,
      date: this.date,
      amount: rounded,
      eligible: extra.reason === undefined,
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(extra.range ? { range: { min: roundMoney(extra.range.min), max: roundMoney(extra.range.max) } } : {}),
      parameters: this.parameters,
      steps: this.steps,
      readings: readingsOf(this.parameters),
      rulesVersion: RULES_VERSION,
    };
  }

  /** Finish with 0 and the reason (ineligible input: below a threshold, rank 11, term over 3 years). */
  ineligible(reason: Bilingual, parameterId?: ParameterId): RuleResult {
    this.step(reason, "0", parameterId);
    return this.result(new Decimal(0), { reason });
  }
}

/** One "解读：…" step per distinct reading among the parameters used. */
export function readingsOf(parameters: readonly ParameterUse[]): TraceStep[] {
  const seen = new Set<string>();
  return parameters.flatMap((p) => {
    if (!p.reading || seen.has(p.reading.zh)) return [];
    seen.add(p.reading.zh);
    return [{ zh: `解读：${p.reading.zh}`, en: `Reading: ${p.reading.en}`, value: "", clause: clauseOf(p.reference) }];
  });
}

export const percent = (rate: Decimal): string => `${rate.times(100).toString()}%`;
