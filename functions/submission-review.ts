/**
 * The review step shared by approve and return: provincial staff of the submission's region (or an
 * admin) change its status; an approved submission is locked. If-Match is honoured when sent; without
 * it the change is applied to the current version under its ETag (retried if it moves meanwhile).
 */
import type { HttpRequest } from "@azure/functions";
import { assertMayReview, type Principal } from "./lib/auth";
import { publicView, type SubmissionDoc } from "./lib/documents";
import { ApiError, etagMatches, json } from "./lib/http";
import { PreconditionFailedError } from "./lib/repository";
import type { Services } from "./lib/services";
import { assertNotLocked, buildDocument, etagHeaders, findForCaller } from "./lib/submission-ops";
import { oneSideConflicts } from "./lib/one-side";
import { stale } from "./submission-put";

export async function review(req: HttpRequest, s: Services, caller: Principal, action: "approve" | "return", reason?: string) {
  const id = req.params.id ?? "";
  const ifMatch = req.headers.get("if-match");
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await findForCaller(s, caller, id, req);
    assertMayReview(caller, current.region);
    assertNotLocked(current);
    if (current.status === "returned") {
      throw new ApiError(409, "NOT_AWAITING_REVIEW", {
        zh: `报送 ${id} 已被退回，等待机构更正并重新提交后才能再次审核。`,
        en: `Submission ${id} was returned; it can be reviewed again once the institute has corrected it (PUT).`,
      }, { status: current.status });
    }
    if (ifMatch && !etagMatches(ifMatch, current._etag!)) throw stale(id);
    if (action === "approve") {
      // 001 二(四): one side per transaction per year. Approving while another submission claims the same
      // contract would support both sides; the reviewer returns one of them first (the text says not who).
      const violations = await oneSideConflicts(s.repo, current);
      if (violations.length) {
        throw new ApiError(
          409,
          "ONE_SIDE_CONFLICT",
          {
            zh: `不能审核通过：${violations.map((v) => v.message.zh).join("；")}。请先退回其中一方的报送。`,
            en: `Cannot approve: ${violations.map((v) => v.message.en).join("; ")}. Return one side's submission first.`,
          },
          { violations },
        );
      }
    }
    const at = new Date().toISOString();
    const next: SubmissionDoc = buildDocument(
      {
        action,
        by: caller,
        previous: current,
        submission: current.submission,
        status: action === "approve" ? "approved" : "returned",
        review: { action, by: { subject: caller.subject, roles: [...caller.roles] }, at, ...(reason ? { reason } : {}) },
        ...(reason ? { reason } : {}),
      },
      at,
    );
    try {
      const stored = await s.repo.replaceSubmission(current, next, current._etag!);
      await s.repo.project(stored);
      return json(200, publicView(stored), etagHeaders(stored));
    } catch (e) {
      if (!(e instanceof PreconditionFailedError)) throw e;
      if (ifMatch) throw stale(id);
    }
  }
  throw stale(id);
}
