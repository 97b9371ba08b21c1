/**
 * POST /api/submissions — store one submission as one document.
 * 201 new; 200 same id and same content (the stored result, no second copy); 409 same id, other content;
 * 400 every bad field; 413 too large to store as one document; 401/403 before anything is read or written.
 */
import { endpoint, json, ApiError, readJsonBody } from "./lib/http";
import { assertMaySubmit } from "./lib/auth";
import { contentHash, publicView, type SubmissionDoc } from "./lib/documents";
import { ConflictError } from "./lib/repository";
import { assertRegistered, buildDocument, etagHeaders, parseSubmission } from "./lib/submission-ops";
import type { Services } from "./lib/services";

export const submissionsPost = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const sub = parseSubmission(await readJsonBody(req));
  assertMaySubmit(caller, sub.instituteId);
  await assertRegistered(s, sub);
  const hash = contentHash(sub);

  // A point read in the institute's partition: the cost of a POST does not grow with the store.
  const existing = await s.repo.readSubmission(sub.instituteId, sub.submissionId);
  if (existing) return replay(s, [existing], sub.instituteId, hash);

  const doc = buildDocument({ action: "create", by: caller, previous: null, submission: sub, status: "submitted" });
  let stored: SubmissionDoc;
  try {
    stored = await s.repo.createSubmission(doc);
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    // A concurrent request with the same id won the create: answer as a replay of it.
    const winner = await s.repo.readSubmission(sub.instituteId, sub.submissionId);
    return replay(s, winner ? [winner] : [], sub.instituteId, hash);
  }
  await s.repo.project(stored);
  return json(201, publicView(stored), { ...etagHeaders(stored), Location: `/api/submissions/${encodeURIComponent(stored.id)}` });
});

async function replay(s: Services, existing: SubmissionDoc[], instituteId: string, hash: string) {
  const mine = existing.find((d) => d.instituteId === instituteId);
  if (!mine) {
    throw new ApiError(409, "ID_TAKEN", {
      zh: "该 submissionId 已被其他机构使用，请生成新的编号（如 UUID）后重新提交。",
      en: "This submissionId is already used by another institute; generate a new one (e.g. a UUID) and send again.",
    });
  }
  if (mine.contentHash !== hash) {
    throw new ApiError(
      409,
      "CONTENT_CONFLICT",
      {
        zh: `编号 ${mine.id} 的报送已存在且内容不同，未作更改。修改已有报送请用 PUT（带 If-Match）；新报送请使用新的 submissionId。`,
        en: `Submission ${mine.id} already exists with different content; nothing was changed. To change it use PUT with If-Match; for a new submission use a new submissionId.`,
      },
      { submissionId: mine.id, storedHash: mine.contentHash, receivedHash: hash, status: mine.status },
    );
  }
  await s.repo.project(mine); // completes an interrupted earlier write (idempotent)
  return json(200, publicView(mine), etagHeaders(mine));
}
