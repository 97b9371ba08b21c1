/**
 * Cosmos DB refuses an item above 2 MB (2,097,152 bytes of JSON). A submission is stored as ONE document,
 * never split or truncated, so the serialized document (parsed submission + subsidy figures + status +
 * its audit entry) must stay below MAX_DOCUMENT_BYTES, which leaves ~190 KB for system properties and for
 * later review fields. Above it: 413 with a message saying how to split the submission.
 */
import { apiError } from "./http";

export const MAX_DOCUMENT_BYTES = 1_900_000;

export const documentBytes = (doc: unknown): number => Buffer.byteLength(JSON.stringify(doc), "utf8");

export function assertStorable(doc: unknown, rows: { achievements: number; contracts: number }): void {
  const bytes = documentBytes(doc);
  if (bytes <= MAX_DOCUMENT_BYTES) return;
  const parts = Math.ceil(bytes / MAX_DOCUMENT_BYTES) + 1;
  const perPart = { achievements: Math.ceil(rows.achievements / parts), contracts: Math.ceil(rows.contracts / parts) };
  throw apiError(
    "SUBMISSION_TOO_LARGE",
    { bytes, limitBytes: MAX_DOCUMENT_BYTES, parts, perPart },
    { bytes, limit: MAX_DOCUMENT_BYTES, suggestedParts: parts, perPart },
  );
}
