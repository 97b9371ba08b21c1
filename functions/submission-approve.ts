/** POST /api/submissions/{id}/approve — provincial staff approve; the submission is then locked. Optional body {comment}. */
import { endpoint, readOptionalJsonBody } from "./lib/http";
import { approveBody, parseWith } from "./lib/submission-ops";
import { review } from "./submission-review";

export const submissionApprove = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const body = parseWith(approveBody, (await readOptionalJsonBody(req)) ?? {}, { body: "approve" });
  return review(req, s, caller, "approve", body.comment);
});
