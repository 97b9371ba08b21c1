/** GET /api/submissions/{id} — one submission with its ETag (send it back as If-Match to PUT). */
import { publicView } from "./lib/documents";
import { endpoint, json } from "./lib/http";
import { etagHeaders, findForCaller } from "./lib/submission-ops";

export const submissionGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const doc = await findForCaller(s, caller, req.params.id ?? "", req);
  return json(200, publicView(doc), etagHeaders(doc));
});
