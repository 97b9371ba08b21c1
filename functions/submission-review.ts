/**
 * The review step shared by approve and return: provincial staff of the submission's region (or an
 * admin) change its status; an approved submission is locked. If-Match is honoured when sent; without
 * it the change is applied to the current version (decided again if it moves meanwhile). The rules are
 * the lifecycle's (packages/engine/src/lifecycle/transition.ts).
 */
import type { HttpRequest } from "@azure/functions";
import type { LifecycleCommand } from "@tt/engine";
import { assertMayReview, type Principal } from "./lib/auth";
import { ApiError, etagMatches } from "./lib/http";
import type { Services } from "./lib/services";
import { commit, findForCaller, versionTag } from "./lib/submission-ops";
import { oneSideConflicts } from "./lib/one-side";

export async function review(req: HttpRequest, s: Services, caller: Principal, action: "approve" | "return", reason?: string) {
  const id = req.params.id ?? "";
  const ifMatch = req.headers.get("if-match");
  const current = await findForCaller(s, caller, id, req);
  assertMayReview(caller, current.region);
  // 001 二(四): one side per transaction per year. Approving while another submission claims the same
  // contract would support both sides; the reviewer returns one of them first (the text says not who).
  const violations = action === "approve" && current.status === "submitted" ? await oneSideConflicts(s.repo, current) : [];
  return commit(s, caller, current, (doc): LifecycleCommand => {
    const precondition = ifMatch ? (etagMatches(ifMatch, versionTag(doc)) ? "matches" : "stale") : "matches";
    return action === "approve"
      ? { kind: "approve", precondition, conflicts: violations.map((v) => v.message), ...(reason ? { comment: reason } : {}) }
      : { kind: "return", precondition, reason: reason ?? null };
  }).catch((e) => {
    if (e instanceof ApiError && e.code === "ONE_SIDE_CONFLICT") throw e.withDetails({ violations });
    throw e;
  });
}
