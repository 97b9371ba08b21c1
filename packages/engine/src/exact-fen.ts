/**
 * Exact integer money for hot loops: amounts as whole fen (0.01 CNY) in ordinary JS numbers, kept below
 * 2^53 so every integer is exact, and policy parameters as exact fractions p / 10^k. Nothing here rounds
 * by accident: each function either returns the exact value or `null`, and the caller then uses the
 * decimal.js path of `money.ts` (tests/shared/exact-fen.test.ts checks both against each other).
 */

/** Below this, a double's spacing is under 0.01 (2^-7 at most), so two amounts a fen apart are two different doubles. */
const NUMBER_LIMIT = 2 ** 46;
/** Integers up to here are exact in a double (Number.MAX_SAFE_INTEGER). */
export const SAFE = Number.MAX_SAFE_INTEGER;

const FEN_STRING = /^\+?(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * The amount in whole fen when it is exactly a non-negative amount with at most two decimals that
 * `parseAmount` would read as the same value; otherwise null (negative, NaN, text, sub-cent digits,
 * grouping commas, Decimal instances, amounts of 10^13 CNY or more: the caller's decimal path decides).
 *
 * A number x is what Excel passes; `parseAmount` reads it as String(x), the shortest decimal that
 * round-trips. When F = round(x·100) satisfies F / 100 === x (IEEE division is correctly rounded, so
 * F/100 is the double nearest the decimal F/100), that decimal round-trips to x; below 2^46 no other
 * decimal with ≤ 2 places does, so it is also the shortest, i.e. String(x). The product x·100 can be
 * rounded a fen away from the decimal's F, so F ± 1 are tried too; whatever passes the check is exact.
 */
export function fenOf(input: unknown): number | null {
  if (typeof input === "number") {
    if (!(input >= 0 && input < NUMBER_LIMIT)) return null; // also NaN
    const f = Math.round(input * 100);
    if (f / 100 === input) return f + 0; // + 0 turns -0 into 0
    // x·100 is rounded twice (x itself, then the product): up to ±0.64 fen off below 2^46, so the
    // decimal's fen is f − 1 or f + 1 when it is not f
    if ((f - 1) / 100 === input) return f - 1;
    if ((f + 1) / 100 === input) return f + 1;
    return null;
  }
  if (typeof input === "string") {
    const m = FEN_STRING.exec(input.trim());
    if (!m) return null;
    const cents = m[2] === undefined ? 0 : m[2].length === 1 ? Number(m[2]) * 10 : Number(m[2]);
    return Number(m[1]) * 100 + cents;
  }
  return null;
}

/** A decimal string as an exact fraction num / den with den a power of ten, or null if it does not fit. */
export function fractionOf(value: string): { num: number; den: number } | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return null;
  const decimals = m[2] ?? "";
  if (m[1]!.length + decimals.length > 15 || decimals.length > 15) return null;
  const den = 10 ** decimals.length;
  const num = Number(m[1]! + decimals);
  return Number.isSafeInteger(num) && Number.isSafeInteger(den) ? { num, den } : null;
}

/** A CNY parameter ("500000", "1000000.50") in whole fen, or null if it has sub-cent digits or is too large. */
export function parameterFen(value: string): number | null {
  const f = fractionOf(value);
  if (!f || f.den > 100) return null;
  const fen = f.num * (100 / f.den);
  return Number.isSafeInteger(fen) ? fen : null;
}

/** round(n / d) half-up, for integers 0 ≤ n and 0 < d with 2n + d ≤ 2^53 − 1 (exact: % and the division of a multiple are exact). */
export function divideHalfUp(n: number, d: number): number {
  const a = 2 * n + d;
  const b = 2 * d;
  return (a - (a % b)) / b;
}
