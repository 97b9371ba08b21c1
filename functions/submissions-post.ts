/**
 * POST /api/submissions — store one submission as one document.
 * 201 new; 200 same id and same content (the stored result, no second copy); 409 same id, other content;
 * 400 every bad field; 413 too large to store as one document; 401/403 before anything is read or written.
 * The workbook upload (submissions-xlsx-post.ts) ends in the same `submit`.
 */
import { endpoint, readJsonBody } from "./lib/http";
import { parseSubmission, submit } from "./lib/submission-ops";

export const submissionsPost = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  return submit(s, caller, parseSubmission(await readJsonBody(req)));
});
