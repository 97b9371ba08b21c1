/**
 * PUT /api/submissions/{id} — replace the content of a submission not yet approved.
 * Requires If-Match (428 without, 412 when stale); 423 when approved (locked, with the reason). The rules
 * are the lifecycle's (packages/engine/src/lifecycle/transition.ts); this handler parses, authorises, loads and stores.
 * Institute, region, year and period cannot change (they place the figures): send a new submission.
 * A returned submission, once replaced, is "submitted" again.
 */
import { assertMaySubmit } from "./lib/auth";
import { ApiError, endpoint, etagMatches, readJsonBody } from "./lib/http";
import { assertRegistered, commit, notFound, parseSubmission, placementOf, versionTag } from "./lib/submission-ops";
import { contentHash } from "./lib/documents";

export const submissionPut = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const id = req.params.id ?? "";
  const ifMatch = req.headers.get("if-match");
  if (!ifMatch) {
    throw new ApiError(428, "PRECONDITION_REQUIRED", {
      zh: "修改报送必须带 If-Match 请求头（取自 GET 返回的 ETag），以免覆盖他人的修改。",
      en: "Changing a submission requires an If-Match header (the ETag from GET), so that nobody's changes are overwritten.",
    });
  }
  const sub = parseSubmission(await readJsonBody(req));
  if (sub.submissionId !== id) {
    throw new ApiError(400, "ID_MISMATCH", {
      zh: `路径中的编号 ${id} 与请求体中的 submissionId ${sub.submissionId} 不一致。`,
      en: `The id in the path (${id}) differs from the body's submissionId (${sub.submissionId}).`,
    });
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

export const stale = (id: string) =>
  new ApiError(412, "PRECONDITION_FAILED", {
    zh: `报送 ${id} 已被他人修改（ETag 已变），未作更改。请重新读取最新内容后再修改。`,
    en: `Submission ${id} has changed since you read it (ETag differs); nothing was changed. GET it again and reapply your change.`,
  });
