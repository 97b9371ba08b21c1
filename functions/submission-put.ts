/**
 * PUT /api/submissions/{id} — replace the content of a submission not yet approved.
 * Requires If-Match (428 without, 412 when stale); 423 when approved (locked, with the reason). The rules
 * are the lifecycle's (packages/engine/src/lifecycle/transition.ts); this handler parses, authorises, loads and stores.
 * Institute, region, year and period cannot change (they place the figures): send a new submission.
 * A returned submission, once replaced, is "submitted" again.
 */
import { assertMaySubmit } from "./lib/auth";
import { apiError, endpoint, etagMatches, readJsonBody } from "./lib/http";
import { assertRegistered, commit, notFound, parseSubmission, placementOf, versionTag } from "./lib/submission-ops";
import { contentHash } from "./lib/documents";

export const submissionPut = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const id = req.params.id ?? "";
  const ifMatch = req.headers.get("if-match");
  if (!ifMatch) {
    throw apiError("PRECONDITION_REQUIRED", { thing: "submission" });
  }
  const sub = parseSubmission(await readJsonBody(req));
  if (sub.submissionId !== id) {
    throw apiError("ID_MISMATCH", { pathId: id, bodyId: sub.submissionId });
  }
  assertMaySubmit(caller, sub.instituteId);
  await assertRegistered(s, sub);
  const current = await s.repo.readSubmission(sub.instituteId, id);
  if (!current) throw notFound(id);
  const hash = contentHash(sub);
  return commit(
    s,
    caller,
    current,
    (doc) => ({
      kind: "replace",
      submissionId: id,
      contentHash: hash,
      placement: placementOf(sub),
      precondition: etagMatches(ifMatch, versionTag(doc)) ? "matches" : "stale",
    }),
    sub,
  );
});

export const stale = (id: string) => apiError("PRECONDITION_FAILED", { thing: "submission", id });
