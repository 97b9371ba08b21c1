/**
 * Field schemas shared by every record institutes submit. Parse at the boundary, compute in the core:
 * the same schemas check a workbook row in Excel, a request body in a function and an uploaded file.
 */
import { z } from "zod";
import { isCalendarDate } from "@tt/engine";
import { parseAmount } from "@tt/engine";
import { isPolicyError } from "@tt/engine";

/**
 * An amount in CNY, given as a number or a decimal string; parsed exactly and kept as a normalised
 * decimal string ("800000.5"). NaN, Infinity, negatives, blanks and text are refused with the engine's
 * bilingual message (code in `params.code`).
 */
export const money = z
  .preprocess(
    // NaN and ±Infinity (possible from a spreadsheet cell, never from JSON) become text so that the
    // engine's parser reports them as AMOUNT_NOT_FINITE rather than as a wrong type.
    (v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v),
    z.union([z.string(), z.number()]),
  )
  .transform((v, ctx) => {
    try {
      return parseAmount(v).toString();
    } catch (e) {
      if (!isPolicyError(e)) throw e;
      ctx.addIssue({ code: "custom", message: e.text.en, params: { code: e.code, zh: e.text.zh }, input: v });
      return z.NEVER;
    }
  })
  .meta({ description: "Amount in CNY (number or decimal string, ≥ 0)", examples: ["800000.00", 800000] });

export const isoDate = z
  .string()
  .refine(isCalendarDate, { message: "expected a calendar date YYYY-MM-DD", params: { code: "INVALID_DATE", zh: "应为有效日期 YYYY-MM-DD" } })
  .meta({ description: "Calendar date YYYY-MM-DD", examples: ["2024-03-15"] });

export const year = z.number().int().min(2000).max(2100).meta({ description: "Calendar year", examples: [2024] });

export const region = z.enum(["CN-HL", "CN-HE"]).meta({ description: "Province: CN-HL 黑龙江, CN-HE 河北" });

/** Any Chinese province-level division (ISO 3166-2:CN, e.g. CN-BJ) or OTHER for outside China. */
export const partyRegion = z
  .string()
  .regex(/^(CN-[A-Z]{2}|OTHER)$/, { message: "expected an ISO 3166-2:CN code such as CN-HL, CN-BJ, or OTHER" })
  .meta({ description: "Party's province (ISO 3166-2:CN) or OTHER", examples: ["CN-HL"] });

export const instituteId = z
  .string()
  .regex(/^[A-Z]{2,4}-[A-Z0-9]{1,12}$/, { message: "expected an institute id such as HLJ-001" })
  .meta({ description: "Institute id from the provincial register", examples: ["HLJ-001"] });

export const name = z.string().trim().min(1).max(200);
