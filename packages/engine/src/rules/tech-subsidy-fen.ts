/**
 * TECHSUBSIDY for whole columns in exact integer arithmetic: the same results as `techSubsidyCalculator`
 * (tech-subsidy.ts), bit for bit, at the speed of a plain loop.
 *
 * The schedule in force (threshold, cap, a flat rate or a marginal scale) is read from the policy data
 * once and turned into integers: threshold and cap in whole fen, each rate as num / den with den a power
 * of ten. For an amount of A fen the gross subsidy is N / den fen with N = Σ rate numerator × the fen of
 * the amount inside each bracket (a flat rate is one bracket from 0); it is rounded once, half-up, to the
 * fen. Because the subsidy never decreases with the amount (non-negative rates), the smallest amount
 * whose gross reaches the cap is found once (BigInt binary search); from there on the result is the cap,
 * and below it every intermediate stays under the cap × den, checked to be far below 2^53. So no
 * product ever leaves the exact range of a double.
 *
 * What does not fit — sub-cent digits, grouping commas, amounts of 10^13 CNY or more as text, a Decimal,
 * anything invalid — goes to the decimal engine, which gives the result or throws its usual error. If a
 * future policy value itself does not fit (a rate with many decimals, a cap with sub-cent digits), the
 * whole calculator is the decimal one. tests/shared/tech-subsidy-fen.test.ts proves fast == decimal.
 */
import type { ParameterId } from "../generated/ids";
import { parameterAt } from "../policy/parameters";
import { SAFE, divideHalfUp, fenOf, fractionOf, parameterFen } from "../exact-fen";
import { resolveTechSubsidy, techSubsidyCalculator, type Resolved, type TechSubsidyOptions } from "./tech-subsidy";

/** A schedule in integers. Brackets ascending; `num` over the common `den`. */
export interface FenSchedule {
  threshold: number;
  cap: number;
  den: number;
  brackets: { from: number; num: number }[];
  /** Smallest amount (fen) whose gross reaches the cap (Infinity if none below 2^53). */
  saturation: number;
  /** Amounts (fen) from here on would leave the exact range: decimal path (Infinity when saturation comes first). */
  unsafe: number;
}

const scalarValue = (id: ParameterId, date: string): string | null => {
  const v = parameterAt(id, date).value;
  return typeof v === "string" ? v : null;
};

/** The schedule in force as integers, or null when a parameter does not fit exact fen arithmetic. */
export function fenSchedule({ schedule, date }: Pick<Resolved, "schedule" | "date">): FenSchedule | null {
  const thresholdText = scalarValue(schedule.threshold, date);
  const capText = scalarValue(schedule.cap, date);
  if (thresholdText === null || capText === null) return null;
  const threshold = parameterFen(thresholdText);
  const cap = parameterFen(capText);
  let raw: { from: number | null; rate: { num: number; den: number } | null }[];
  if (schedule.scale) {
    const v = parameterAt(schedule.scale, date).value;
    if (!Array.isArray(v) || v.length === 0) return null;
    raw = v.map((b) => ({ from: parameterFen(b.threshold), rate: fractionOf(b.rate) }));
  } else {
    const rate = scalarValue(schedule.rate!, date);
    if (rate === null) return null;
    raw = [{ from: 0, rate: fractionOf(rate) }];
  }
  if (threshold === null || cap === null || raw.some((b) => b.from === null || b.rate === null)) return null;
  const den = Math.max(...raw.map((b) => b.rate!.den));
  const brackets = raw.map((b) => ({ from: b.from!, num: b.rate!.num * (den / b.rate!.den) }));
  if (brackets.some((b, i) => !Number.isSafeInteger(b.num) || (i > 0 && b.from <= brackets[i - 1]!.from))) return null;

  const gross = (a: bigint): bigint => {
    let n = 0n;
    for (let i = 0; i < brackets.length; i++) {
      const from = BigInt(brackets[i]!.from);
      if (a <= from) break;
      const next = brackets[i + 1];
      const upper = next && a > BigInt(next.from) ? BigInt(next.from) : a;
      n += (upper - from) * BigInt(brackets[i]!.num);
    }
    return n;
  };
  /** Smallest a in [0, 2^53] with gross(a) ≥ target, or Infinity. gross is non-decreasing. */
  const firstReaching = (target: bigint): number => {
    let lo = 0n;
    let hi = 2n ** 53n;
    if (gross(hi) < target) return Infinity;
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      if (gross(mid) >= target) hi = mid;
      else lo = mid + 1n;
    }
    return Number(lo);
  };
  const capTimesDen = BigInt(cap) * BigInt(den);
  const limit = (BigInt(SAFE) - BigInt(den)) / 2n; // 2N + den ≤ SAFE keeps divideHalfUp exact
  const saturation = firstReaching(capTimesDen);
  // Below saturation N < cap × den; if that is within the limit nothing can overflow before it.
  const unsafe = capTimesDen <= limit && saturation !== Infinity ? Infinity : firstReaching(limit + 1n);
  return { threshold, cap, den, brackets, saturation, unsafe };
}

/** The subsidy in fen for an amount of `a` fen (a ≥ 0, a < unsafe): exactly roundMoney(min(gross, cap)). */
export function subsidyFen(s: FenSchedule, a: number): number {
  if (a < s.threshold) return 0;
  if (a >= s.saturation) return s.cap;
  const b = s.brackets;
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    const from = b[i]!.from;
    if (a <= from) break;
    const next = b[i + 1];
    n += ((next !== undefined && a > next.from ? next.from : a) - from) * b[i]!.num;
  }
  return divideHalfUp(n, s.den);
}

type Calculator = (amount: unknown) => number;
const cache = new Map<string, Calculator>();

/**
 * amount → subsidy (CNY, a number) for a column: the exact-integer path where the amount fits, the decimal
 * engine otherwise (and for every error). Bad options throw the engine's error here, like
 * `techSubsidyCalculator`. Calculators are kept per (region, role, source, date) — the policy data is
 * compiled in and never changes while running — so single-cell calls skip the parameter look-ups too.
 */
export function techSubsidyFenCalculator(options: TechSubsidyOptions): Calculator {
  const resolved = resolveTechSubsidy(options);
  const key = `${resolved.region}|${resolved.role}|${resolved.source ?? ""}|${resolved.date}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const decimal = techSubsidyCalculator({
    region: resolved.region,
    role: resolved.role,
    source: resolved.source ?? "",
    date: resolved.date,
  });
  const slow: Calculator = (amount) => decimal(amount).toNumber();
  const s = fenSchedule(resolved);
  let calculate: Calculator = slow;
  if (s) {
    const unsafe = s.unsafe;
    calculate = (amount) => {
      const a = fenOf(amount);
      return a === null || a >= unsafe ? slow(amount) : subsidyFen(s, a) / 100;
    };
  }
  if (cache.size >= 64) cache.clear();
  cache.set(key, calculate);
  return calculate;
}
