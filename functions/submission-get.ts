/**
 * GET /api/submissions/{id} — one submission with its ETag (send it back as If-Match to PUT). Reviewers
 * (province, admin) also see `oneSideConflicts`: other submissions claiming the same contract in the same
 * year (001 二(四)); institutes do not see who else claims.
 */
import { publicView } from "./lib/documents";
import { endpoint, json } from "./lib/http";
import { oneSideConflicts } from "./lib/one-side";
import { etagHeaders, findForCaller } from "./lib/submission-ops";

export const submissionGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const doc = await findForCaller(s, caller, req.params.id ?? "", req);
  const reviewer = caller.roles.includes("province") || caller.roles.includes("admin");
  const body = reviewer ? { ...publicView(doc), oneSideConflicts: await oneSideConflicts(s.repo, doc) } : publicView(doc);
  return json(200, body, etagHeaders(doc));
});
