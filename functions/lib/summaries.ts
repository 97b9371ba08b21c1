/**
 * Per-institute-per-period summaries: the materialised view that progress folds. Each submission
 * contributes one entry computed from its single document alone, so applying it is idempotent and order
 * independent (an entry is only replaced by one from a newer document version).
 */
import { Decimal } from "@tt/engine";
import type { SubmissionDoc, SummaryDoc, SummaryEntry } from "./documents";
import { summaryId } from "./documents";

export function summaryEntryOf(doc: SubmissionDoc): SummaryEntry {
  const bySector: Record<string, number> = {};
  const byFlag: Record<string, number> = {};
  for (const a of doc.submission.achievements) {
    bySector[a.sector] = (bySector[a.sector] ?? 0) + 1;
    for (const f of a.flags ?? []) byFlag[f] = (byFlag[f] ?? 0) + 1;
  }
  return {
    submissionId: doc.id,
    version: doc.version,
    status: doc.status,
    achievements: doc.submission.achievements.length,
    achievementsBySector: bySector,
    ...(Object.keys(byFlag).length ? { achievementsByFlag: byFlag } : {}),
    contracts: doc.submission.contracts.length,
    contractTurnover: doc.submission.contracts.reduce((s, c) => s.plus(c.contractAmount), new Decimal(0)).toString(),
    subsidyTotal: doc.subsidyTotal,
  };
}

/** A summary holding only `doc`'s entry: what progress folds when recomputed from the stored documents alone. */
export function summaryDocOf(doc: SubmissionDoc): SummaryDoc {
  return {
    id: doc.id,
    docType: "summary",
    region: doc.region,
    instituteId: doc.instituteId,
    year: doc.year,
    period: doc.period,
    entries: { [doc.id]: summaryEntryOf(doc) },
    updatedAt: "",
  };
}

/** The summary with `doc`'s entry applied, or null when the summary already holds this or a newer version. */
export function withEntry(current: SummaryDoc | null, doc: SubmissionDoc, now: string): SummaryDoc | null {
  const existing = current?.entries[doc.id];
  if (existing && existing.version >= doc.version) return null;
  const base: SummaryDoc = current ?? {
    id: summaryId(doc.instituteId, doc.year, doc.period),
    docType: "summary",
    region: doc.region,
    instituteId: doc.instituteId,
    year: doc.year,
    period: doc.period,
    entries: {},
    updatedAt: now,
  };
  return { ...base, entries: { ...base.entries, [doc.id]: summaryEntryOf(doc) }, updatedAt: now };
}
