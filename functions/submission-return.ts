/** POST /api/submissions/{id}/return — provincial staff send a submission back for correction; body {reason} is required. */
import { endpoint, readOptionalJsonBody } from "./lib/http";
import { parseWith, reviewBody } from "./lib/submission-ops";
import { review } from "./submission-review";

export const submissionReturn = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const body = parseWith(reviewBody, (await readOptionalJsonBody(req)) ?? {}, { body: "return" });
  return review(req, s, caller, "return", body.reason);
});
