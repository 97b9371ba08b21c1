/**
 * The shape of a policy data file (one parameter or one target series per file), checked with zod
 * when the files are compiled (`npm run build:policy`) and again by the tests. A malformed file fails
 * the build with a message naming the file and the field (see `formatPolicyFileError`).
 *
 * The layout follows openfisca/country-template: values keyed by effective date, a reference to the
 * exact clause, and a repeal written as a dated `null`, never as a deleted line.
 */
import { z } from "zod";

/** A decimal written in YAML either as a number (`0.25`) or a string (`"0.25"`); kept as a string. */
export const decimalText = z
  .union([z.number(), z.string()])
  .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
  .pipe(z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal such as 0.25 or 1234.5"));

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date YYYY-MM-DD")
      .refine((s) => {
        const d = new Date(`${s}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
      }, "not a calendar date"),
  );

export const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

export const reference = z
  .object({
    /** File name in ../shared/seeds, e.g. 001_f8368359dc3b597a.txt */
    seed: z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/, "expected a seed file name such as 001_f8368359dc3b597a.txt"),
    /** Document title in Chinese. */
    title: z.string().min(1),
    /** Document number (文号) where the document has one. */
    number: z.string().min(1).optional(),
    /** Section as the document numbers it, e.g. 二(四) or item 9. */
    section: z.string().min(1),
    /** The words of the clause that carry the figure, copied from the seed. */
    quote: z.string().min(1),
  })
  .strict();

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "expected lower-case words joined by '-'");
const dottedId = z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "expected a dotted id such as cn-hl.tech-subsidy.rate");

export const regionCode = z.enum(["CN-HL", "CN-HE"]);

const period = { from: isoDate, until: isoDate.nullable().optional() };

const scalarValue = z.object({ ...period, value: decimalText.nullable() }).strict();
const rangeValue = z.object({ ...period, min: decimalText, max: decimalText }).strict();
const scaleValue = z
  .object({
    ...period,
    brackets: z.array(z.object({ threshold: decimalText, rate: decimalText }).strict()).min(1),
  })
  .strict();

export const parameterFile = z
  .object({
    id: dottedId,
    region: regionCode,
    description: bilingual,
    unit: z.enum(["CNY", "ratio", "count", "percent", "years", "rank"]),
    values: z.array(z.union([scalarValue, rangeValue, scaleValue])).min(1),
    reference,
    /** Where the text admits more than one reading: the one chosen, and why. */
    reading: bilingual.optional(),
    /**
     * "api": only the cloud API reads it (e.g. the one-side check at review), so the add-in's lean copy
     * (packages/engine/tools/compile-policy.ts) leaves it out and the functions bundle keeps its budget.
     */
    readBy: z.literal("api").optional(),
  })
  .strict();

const yearNumber = z.number().int().min(2000).max(2100);

/** How a target is bounded (see BOUND_OF_WORD in packages/engine/src/targets/bounds.ts for the word → bound table). */
export const targetBound = z.enum(["at-least", "above", "reach", "range", "at-most", "none"]);

/**
 * The Chinese wording that sets a series' bound: the bound word (突破, 超过, 以上, 不低于, 达到, 不超过, 以内;
 * null when the clause has none, e.g. a bare "培训技术经纪人600名") and the phrase carrying it, copied from the
 * quote (or, for a per-year override, from the seed). Where the bound differs from what the word usually means,
 * `reading` says why.
 */
export const wording = z
  .object({
    word: z.enum(["突破", "超过", "以上", "不低于", "达到", "不超过", "以内"]).nullable(),
    phrase: z.string().min(1),
    reading: bilingual.optional(),
  })
  .strict();

const yearValue = z
  .object({
    year: yearNumber,
    value: decimalText,
    /** A year worded differently from the rest of the series (e.g. 001: 2020 "达到", 2025 "突破"). */
    bound: targetBound.optional(),
    wording: wording.optional(),
  })
  .strict();
const yearRange = z.object({ year: yearNumber, min: decimalText, max: decimalText }).strict();
const periodValue = z.object({ from: yearNumber, to: yearNumber, value: decimalText }).strict();
const yearStatement = z.object({ year: yearNumber, statement: bilingual }).strict();

/**
 * Which submitted records count toward a metric (issue 8 item 3: the scope is data next to the target).
 *   records          achievements (count of achievements industrialised) or contract-turnover (sum of 成交额)
 *   instituteTypes   register types whose records count; absent = every institute (also unregistered ones)
 *   sectors          achievement sectors that count; absent = every sector
 *   flag             only achievements marked with this flag of the region (policy/categories/<region>.yaml
 *                    `flags`, e.g. 重大科技成果) count; absent = every achievement
 *   source           what the figure is, in words, shown next to the actual
 *   prefer           where an indicator value is also entered: which one counts (with preferReading)
 */
export const measure = z
  .object({
    records: z.enum(["achievements", "contract-turnover"]),
    instituteTypes: z
      .array(z.enum(["research-institute", "university", "enterprise"]))
      .min(1)
      .optional(),
    sectors: z.array(slug).min(1).optional(),
    flag: slug.optional(),
    source: bilingual,
    /** The rule where records and an entered indicator value both exist: which one the report uses, and why. */
    prefer: z.enum(["records", "reported"]),
    preferReading: bilingual,
  })
  .strict();

export const targetFile = z
  .object({
    id: dottedId,
    region: regionCode,
    /** Stable metric id, e.g. industrialised, contract-turnover, high-tech-enterprises. */
    metric: slug,
    description: bilingual,
    /** Who or what the figure covers (research institutes, universities, the whole province...). */
    scope: bilingual.optional(),
    unit: z.enum(["count", "CNY", "ratio", "percent"]),
    /**
     * annual: a flow within the year; cumulative: a sum over from..to, due at `to`;
     * level: a stock reached by the year (e.g. enterprises in existence); ratio: a share reached in the year;
     * growth: a yearly growth rate; qualitative: no figure (kept so that nothing in the text is dropped).
     */
    kind: z.enum(["annual", "cumulative", "level", "ratio", "growth", "qualitative"]),
    /** target (要/达到), aim (力争), projection (预计: not a commitment). */
    nature: z.enum(["target", "aim", "projection"]),
    /** at-least (以上/不低于), above (突破/超过), reach (达到), range (X-Y, with its ceiling), at-most (不超过/以内: a ceiling). */
    bound: targetBound,
    /** The words of the quote that set `bound` (checked against it when the files are loaded). */
    wording,
    /** The series used for this (region, metric) when more than one has a figure for the same year. */
    default: z.boolean(),
    values: z.array(z.union([yearValue, yearRange, periodValue, yearStatement])).min(1),
    reference,
    reading: bilingual.optional(),
    /**
     * Cumulative series only: the id of the annual series of the same document that schedules the total year
     * by year (000: 400 by 2026 = 60/70/80/90/100). Still-needed then follows that schedule.
     */
    schedule: dottedId.optional(),
    /** Which submitted records count toward this metric; absent = records cannot measure it (entered as indicator values). */
    measure: measure.optional(),
  })
  .strict();

/**
 * A region's achievement categories (policy/categories/<region>.yaml): the fields (领域) its template offers,
 * its submissions accept and its sector breakdowns use, and the yes/no questions asked on each achievement
 * row because a target of the region counts achievements so marked (a measure's `flag`).
 */
const categoryItem = z.object({ id: slug, zh: z.string().min(1), en: z.string().min(1), clause: z.string().min(1), reference }).strict();
const achievementFlag = z
  .object({ id: slug, zh: z.string().min(1), en: z.string().min(1), question: bilingual, reference, reading: bilingual })
  .strict();
export const categoriesFile = z
  .object({
    region: regionCode,
    sectors: z.object({ reading: bilingual, items: z.array(categoryItem).min(1) }).strict(),
    flags: z.array(achievementFlag),
  })
  .strict();
export type CategoriesFile = z.output<typeof categoriesFile>;
export const parseCategoriesFile = (file: string, raw: unknown): CategoriesFile => check(categoriesFile, file, raw);

export type ParameterFile = z.output<typeof parameterFile>;
export type TargetFile = z.output<typeof targetFile>;
export type Reference = z.output<typeof reference>;
export type TargetBound = z.output<typeof targetBound>;
export type Wording = z.output<typeof wording>;
export type Measure = z.output<typeof measure>;
export type Bilingual = z.output<typeof bilingual>;
export type RegionCode = z.output<typeof regionCode>;

/** Thrown when a policy file does not match its schema; names the file and every bad field. */
export class PolicyFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${file}: ${issues.map((i) => `field "${i.path || "(root)"}": ${i.message}`).join("; ")}`);
    this.name = "PolicyFileError";
  }
}

function check<T extends z.ZodType>(schema: T, file: string, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new PolicyFileError(
    file,
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  );
}

export const parseParameterFile = (file: string, raw: unknown): ParameterFile => check(parameterFile, file, raw);
export const parseTargetFile = (file: string, raw: unknown): TargetFile => check(targetFile, file, raw);
