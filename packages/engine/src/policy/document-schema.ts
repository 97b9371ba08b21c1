/**
 * The shape of a policy document file (packages/engine/policy/documents/<seed number>.yaml): the document's title,
 * number (文号) where it has one, issuer, date of issue where the text carries one, and the earliest date
 * it can apply from, with the evidence as a reading. Parameters and targets cite a document by its seed
 * file; a date before `effectiveFrom` is refused with the title of the document (DATE_BEFORE_POLICY).
 */
import { z } from "zod";
import { bilingual, regionCode, PolicyFileError } from "./file-schema";

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date YYYY-MM-DD"));

export const documentFile = z
  .object({
    seed: z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/, "expected a seed file name such as 001_f8368359dc3b597a.txt"),
    region: regionCode,
    title: z.string().min(1),
    number: z.string().min(1).optional(),
    issuer: z.string().min(1),
    /** The date the text carries, when it carries one. */
    issued: isoDate.optional(),
    /** The earliest date the document can apply from, with the evidence in `reading`. */
    effectiveFrom: isoDate,
    reading: bilingual,
  })
  .strict();

export type DocumentFile = z.output<typeof documentFile>;

export function parseDocumentFile(file: string, raw: unknown): DocumentFile {
  const parsed = documentFile.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new PolicyFileError(
    file,
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  );
}
