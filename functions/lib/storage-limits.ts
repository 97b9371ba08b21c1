/**
 * Cosmos DB refuses an item above 2 MB (2,097,152 bytes of JSON). A submission is stored as ONE document,
 * never split or truncated, so the serialized document (parsed submission + subsidy figures + status +
 * its audit entry) must stay below MAX_DOCUMENT_BYTES, which leaves ~190 KB for system properties and for
 * later review fields. Above it: 413 with a message saying how to split the submission.
 */
import { ApiError } from "./http";

export const MAX_DOCUMENT_BYTES = 1_900_000;

export const documentBytes = (doc: unknown): number => Buffer.byteLength(JSON.stringify(doc), "utf8");

export function assertStorable(doc: unknown, rows: { achievements: number; contracts: number }): void {
  const bytes = documentBytes(doc);
  if (bytes <= MAX_DOCUMENT_BYTES) return;
  const parts = Math.ceil(bytes / MAX_DOCUMENT_BYTES) + 1;
  const perPart = { achievements: Math.ceil(rows.achievements / parts), contracts: Math.ceil(rows.contracts / parts) };
  throw new ApiError(
    413,
    "SUBMISSION_TOO_LARGE",
    {
      zh: `该报送保存后为 ${(bytes / 1e6).toFixed(2)} MB，超过单份上限 ${(MAX_DOCUMENT_BYTES / 1e6).toFixed(1)} MB，未保存任何内容（不会截断）。请拆分后分别报送，每份使用新的 submissionId：按报告期拆分（H1/H2 或 Q1–Q4），或按行拆成 ${parts} 份（每份约 ${perPart.achievements} 条成果、${perPart.contracts} 份合同）。`,
      en: `This submission would be stored as ${(bytes / 1e6).toFixed(2)} MB, above the ${(MAX_DOCUMENT_BYTES / 1e6).toFixed(1)} MB limit for one submission; nothing was stored (nothing is ever truncated). Split it and send each part with its own submissionId: by period (H1/H2 or Q1–Q4), or by rows into ${parts} parts (about ${perPart.achievements} achievements and ${perPart.contracts} contracts each).`,
    },
    { bytes, limit: MAX_DOCUMENT_BYTES, suggestedParts: parts, perPart },
  );
}
