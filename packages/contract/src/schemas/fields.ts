/**
 * Field schemas shared by every record institutes submit. Parse at the boundary, compute in the core:
 * the same schemas check a workbook row in Excel, a request body in a function and an uploaded file.
 */
import { z } from "zod";
import { isCalendarDate } from "@tt/engine";
import { parseAmount } from "@tt/engine";
import { isPolicyError } from "@tt/engine";
import { PARTY_REGION_CODES } from "@tt/engine";

/**
 * Plausibility ceiling of every money field: 10^12 CNY (one trillion yuan). A sanity bound of the schema,
 * not a policy number — no single technology contract, receipt or investment comes near it (the whole
 * country's registered technology-contract turnover is a few trillion a year) — chosen so that no sum the
 * system forms (turnover of a province over years) can reach exponent form or Infinity.
 */
export const MONEY_CEILING = "1000000000000";
/** Longest amount text read at all (digits, separators and decimals); longer text is refused unread. */
export const MONEY_MAX_CHARS = 40;

/**
 * An amount in CNY, given as a number or a decimal string; parsed exactly and kept as a canonical
 * fixed-point decimal string ("800000.5", never exponent form). NaN, Infinity, negatives, blanks, text
 * and amounts above MONEY_CEILING are refused with a bilingual message (code in `params.code`).
 */
export const money = z
  .preprocess(
    // NaN and ±Infinity (possible from a spreadsheet cell, never from JSON) become text so that the
    // engine's parser reports them as AMOUNT_NOT_FINITE rather than as a wrong type.
    (v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v),
    z.union([z.string(), z.number()]),
  )
  .transform((v, ctx) => {
    if (typeof v === "string" && v.trim().length > MONEY_MAX_CHARS) {
      ctx.addIssue({
        code: "custom",
        message: `amount text is ${v.trim().length} characters long; at most ${MONEY_MAX_CHARS} are read (amounts are at most ${MONEY_CEILING} CNY)`,
        params: {
          code: "AMOUNT_TOO_LARGE",
          zh: `金额文本长 ${v.trim().length} 个字符，最多读取 ${MONEY_MAX_CHARS} 个（金额上限 ${MONEY_CEILING} 元）`,
        },
        input: v.slice(0, 50),
      });
      return z.NEVER;
    }
    try {
      const d = parseAmount(v);
      if (d.greaterThan(MONEY_CEILING)) {
        ctx.addIssue({
          code: "custom",
          message: `amount ${d.toFixed()} is above the plausibility ceiling of ${MONEY_CEILING} CNY; check the unit (yuan, not fen) and the digits`,
          params: { code: "AMOUNT_TOO_LARGE", zh: `金额 ${d.toFixed()} 超过合理上限 ${MONEY_CEILING} 元，请核对单位（元，不是分）和位数` },
          input: v,
        });
        return z.NEVER;
      }
      return d.toFixed();
    } catch (e) {
      if (!isPolicyError(e)) throw e;
      ctx.addIssue({ code: "custom", message: e.text.en, params: { code: e.code, zh: e.text.zh }, input: v });
      return z.NEVER;
    }
  })
  .meta({
    description: `Amount in CNY (number or decimal string, ≥ 0, ≤ ${MONEY_CEILING}); stored as a fixed-point decimal string`,
    examples: ["800000.00", 800000],
  });

export const isoDate = z
  .string()
  .refine(isCalendarDate, {
    message: "expected a calendar date YYYY-MM-DD",
    params: { code: "INVALID_DATE", zh: "应为有效日期 YYYY-MM-DD" },
  })
  .meta({ description: "Calendar date YYYY-MM-DD", examples: ["2024-03-15"] });

export const year = z
  .number()
  .int()
  .min(2000)
  .max(2100)
  .meta({ description: "Calendar year", examples: [2024] });

export const region = z.enum(["CN-HL", "CN-HE"]).meta({ description: "Province: CN-HL 黑龙江, CN-HE 河北" });

/** Any Chinese province-level division (ISO 3166-2:CN, e.g. CN-BJ) or OTHER for outside China: the closed list of codes.ts. */
export const partyRegion = z
  .enum(PARTY_REGION_CODES)
  .meta({ description: "Party's province (ISO 3166-2:CN) or OTHER", examples: ["CN-HL"] });

export const instituteId = z
  .string()
  .regex(/^[A-Z]{2,4}-[A-Z0-9]{1,12}$/, { message: "expected an institute id such as HLJ-001" })
  .meta({ description: "Institute id from the provincial register", examples: ["HLJ-001"] });

/**
 * Free text typed by people (titles, party names, cities, reasons). Documented rule:
 * - tabs and line breaks become one space each, then the text is trimmed (an Excel cell may hold Alt+Enter);
 * - zero-width space, word joiner and byte-order mark (U+200B, U+2060, U+FEFF) are stripped;
 * - any other control character (C0, DEL, C1), a lone surrogate, or a bidirectional control
 *   (U+200E/F, U+202A–U+202E, U+2066–U+2069, U+061C) is REFUSED (TEXT_CONTROL_CHARACTER), never stored;
 * - text with nothing visible left (e.g. only zero-width joiners or spaces) is refused (TEXT_EMPTY).
 */
export function safeText(max: number, min = 1) {
  return z
    .string()
    .transform((v) =>
      v
        .replace(/[\t\r\n]/g, " ")
        .replace(/[\u200B\u2060\uFEFF]/g, "")
        .trim(),
    )
    .superRefine((v, ctx) => {
      // eslint-disable-next-line no-control-regex -- finding control characters is the point of this check
      const bad = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]|\p{Cs}/u.exec(v);
      if (bad) {
        const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
        ctx.addIssue({
          code: "custom",
          message: `text contains the invisible or control character ${code} at position ${bad.index + 1}; retype the text without it`,
          params: { code: "TEXT_CONTROL_CHARACTER", zh: `文本第 ${bad.index + 1} 个字符是不可见字符或控制字符 ${code}，请删除后重新输入` },
        });
        return;
      }
      // eslint-disable-next-line no-misleading-character-class -- each invisible code point is listed on purpose
      if (min > 0 && v.replace(/[\s\u200C\u200D\u2800\u3164\u115F\u1160]/gu, "").length === 0) {
        ctx.addIssue({
          code: "custom",
          message: "text is empty or has no visible character",
          params: { code: "TEXT_EMPTY", zh: "文本为空或没有可见字符" },
        });
        return;
      }
      if (v.length > max)
        ctx.addIssue({ code: "too_big", maximum: max, origin: "string", inclusive: true, input: v, message: `at most ${max} characters` });
    });
}

export const name = safeText(200);
