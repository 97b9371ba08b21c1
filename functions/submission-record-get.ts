/**
 * GET /api/submissions/{id}/record.xlsx — the printable review record of one submission, in Chinese, on
 * A4 (functions/lib/review-record.ts): institute and period, every contract with its subsidy and citation,
 * the one-side checks, and the audit trail in words. Whoever may read the submission may print it.
 */
import type { AuditEntry } from "./lib/documents";
import { endpoint, fileResponse } from "./lib/http";
import { oneSideConflicts } from "./lib/one-side";
import { oneSideApplies } from "@tt/engine";
import { reviewRecordWorkbook } from "./lib/review-record";
import { workbookBuffer } from "./lib/award-xlsx";
import { findForCaller } from "./lib/submission-ops";
import { XLSX_TYPE } from "./submissions-xlsx-post";

export const submissionRecordGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const doc = await findForCaller(s, caller, req.params.id ?? "", req);
  const entries = new Map<string, AuditEntry>();
  for (const e of await s.repo.auditTrail(doc.id, doc.instituteId)) entries.set(e.id, e);
  entries.set(doc.lastAudit.id, doc.lastAudit); // the outbox copy: present even if the audit write was interrupted
  const [institute, oneSide] = await Promise.all([s.repo.institute(doc.instituteId, doc.region), oneSideConflicts(s.repo, doc)]);
  const wb = reviewRecordWorkbook({
    doc,
    institute,
    audit: [...entries.values()],
    oneSide,
    oneSideApplies: oneSideApplies(doc.region, `${doc.year}-12-31`),
    generatedAt: new Date().toISOString(),
  });
  return fileResponse(await workbookBuffer(wb), XLSX_TYPE, `TT-record-${doc.instituteId}-${doc.id}.xlsx`);
});
