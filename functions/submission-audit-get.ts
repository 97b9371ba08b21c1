/** GET /api/submissions/{id}/audit — every change (create, replace, approve, return): who, when, what. */
import type { AuditEntry } from "./lib/documents";
import { endpoint, json } from "./lib/http";
import { findForCaller } from "./lib/submission-ops";

export const submissionAuditGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const doc = await findForCaller(s, caller, req.params.id ?? "", req);
  const entries = new Map<string, AuditEntry>();
  for (const e of await s.repo.auditTrail(doc.id, doc.instituteId)) entries.set(e.id, e);
  entries.set(doc.lastAudit.id, doc.lastAudit); // the outbox copy: present even if step 3 was interrupted
  return json(200, {
    submissionId: doc.id,
    instituteId: doc.instituteId,
    entries: [...entries.values()].sort((a, b) => a.version - b.version),
  });
});
