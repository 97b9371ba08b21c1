/**
 * Exact money. All arithmetic uses decimal.js (a private clone with 40 significant digits, so no
 * intermediate value of this domain is ever rounded). A result is rounded exactly once, by
 * `roundMoney`, to 0.01 CNY half-up (ROUND_HALF_UP: 0.005 → 0.01), after any cap is applied.
 */
import DecimalBase from "decimal.js";
import { PolicyError } from "./errors";

// toExpPos/toExpNeg: toString() never uses exponent form (a stored or returned amount is always fixed-point).
export const Decimal = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP, toExpPos: 9e15, toExpNeg: -9e15 });
export type Decimal = InstanceType<typeof Decimal>;

/** The one rounding point for money: 2 decimal places, half-up. */
export const roundMoney = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/** Format a money amount for messages and traces: always two decimals, no grouping. */
export const formatMoney = (d: Decimal): string => roundMoney(d).toFixed(2);

const plainDecimal = /^[+]?\d+(\.\d+)?$/;
const groupedDecimal = /^[+]?\d{1,3}(,\d{3})+(\.\d+)?$/;

function describe(input: unknown): string {
  if (typeof input === "string") return JSON.stringify(input);
  if (input === null) return "null";
  if (input === undefined) return "";
  if (typeof input === "number" || typeof input === "boolean") return String(input);
  if (input instanceof Decimal) return input.toString();
  return Object.prototype.toString.call(input);
}

/**
 * Parse a non-negative amount exactly. Accepts a finite number (Excel cell values are doubles: the
 * shortest decimal that round-trips is used, so 800000.1 stays 800000.1), a decimal string with an
 * optional "," every three digits, or a Decimal. Rejects NaN, Infinity, negatives, blanks and text.
 */
export function parseAmount(input: unknown, field = "amount"): Decimal {
  if (input instanceof DecimalBase) {
    const d = new Decimal(input);
    if (!d.isFinite()) throw new PolicyError("AMOUNT_NOT_FINITE", { field, received: describe(input) });
    if (d.isNegative() && !d.isZero()) throw new PolicyError("AMOUNT_NEGATIVE", { field, received: d.toString() });
    return d;
  }
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new PolicyError("AMOUNT_NOT_FINITE", { field, received: describe(input) });
    if (input < 0) throw new PolicyError("AMOUNT_NEGATIVE", { field, received: String(input) });
    return new Decimal(String(input)).abs(); // abs() turns -0 into 0
  }
  if (typeof input === "string") {
    const s = input.trim();
    if (/^-/.test(s) && (plainDecimal.test(s.slice(1)) || groupedDecimal.test(s.slice(1)))) {
      throw new PolicyError("AMOUNT_NEGATIVE", { field, received: describe(input) });
    }
    if (plainDecimal.test(s)) return new Decimal(s);
    if (groupedDecimal.test(s)) return new Decimal(s.replace(/,/g, ""));
    if (/^[+-]?(inf|infinity|nan)$/i.test(s)) throw new PolicyError("AMOUNT_NOT_FINITE", { field, received: describe(input) });
  }
  throw new PolicyError("AMOUNT_NOT_A_NUMBER", { field, received: describe(input) });
}

/** Parse a whole number ≥ min (counts, ranks). */
export function parseWholeNumber(input: unknown, code: "INVALID_RANK" | "INVALID_COUNT", field: string, min: number): number {
  const n = typeof input === "string" && input.trim() !== "" ? Number(input.trim()) : input;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min) {
    throw new PolicyError(code, { field, received: describe(input) });
  }
  return n;
}
