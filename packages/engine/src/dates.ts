/** Calendar dates as ISO strings (YYYY-MM-DD), the only date type the engine uses. */
import { PolicyError } from "./errors";

export type IsoDate = string;

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30); // Excel serial 0 (1900 date system, after the 1900-02-29 bug)
const DAY_MS = 86_400_000;

export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Today's date in China Standard Time (the documents' time zone), as YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Parse a date from an ISO string, a JS Date or an Excel serial number (1900 system, e.g. 45292 = 2024-01-01).
 * Impossible dates (2023-02-30) are rejected rather than rolled over.
 */
export function parseDate(input: unknown, field = "date"): IsoDate {
  if (input instanceof Date && !Number.isNaN(input.getTime())) return input.toISOString().slice(0, 10);
  if (typeof input === "number" && Number.isInteger(input) && input >= 36526 && input <= 73051) {
    // 36526 = 2000-01-01, 73051 = 2099-12-31
    return new Date(EXCEL_EPOCH_MS + input * DAY_MS).toISOString().slice(0, 10);
  }
  if (typeof input === "string" && isCalendarDate(input.trim())) return input.trim();
  throw new PolicyError("INVALID_DATE", {
    field,
    received: typeof input === "string" ? JSON.stringify(input) : String(input),
  });
}

export function parseYear(input: unknown): number {
  const n = typeof input === "string" && input.trim() !== "" ? Number(input.trim()) : input;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 2000 || n > 2100) {
    throw new PolicyError("INVALID_YEAR", { received: typeof input === "string" ? JSON.stringify(input) : String(input) });
  }
  return n;
}
