/**
 * The submission lifecycle shared by the submission endpoints: validation at the boundary, the stored
 * document built from the parsed submission (server-side subsidies, hash, audit entry), lookups that
 * respect who may read what, and the review lock.
 */
import { z } from "zod";
import { RULES_VERSION, fieldIssues, submission, type Submission } from "../../shared/src";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { assertMayRead, assertMaySubmit, mayRead, type Principal } from "./auth";
import { auditId, changedPaths, contentHash, publicView, type Actor, type AuditAction, type SubmissionDoc, type SubmissionStatus } from "./documents";
import { ApiError, httpEtag, json } from "./http";
import { ConflictError } from "./repository";
import type { Services } from "./services";
import { assertStorable } from "./storage-limits";
import { subsidiesOf, subsidyTotal } from "./subsidies";

export const actorOf = (p: Principal): Actor => ({
  subject: p.subject,
  roles: [...p.roles],
  ...(p.instituteId ? { instituteId: p.instituteId } : {}),
  ...(p.region ? { region: p.region } : {}),
});

export function parseSubmission(body: unknown): Submission {
  const r = submission.safeParse(body);
  if (!r.success) {
    const issues = fieldIssues(r.error);
    throw new ApiError(
      400,
      "VALIDATION_FAILED",
      {
        zh: `报送有 ${issues.length} 处错误，未保存任何内容。请按 details.issues 中的路径逐项更正后重新提交。`,
        en: `The submission has ${issues.length} error(s); nothing was stored. Correct each field listed in details.issues (by path) and send it again.`,
      },
      { issues },
    );
  }
  return r.data;
}

export const reviewBody = z.object({ reason: z.string().trim().min(1).max(1000).meta({ description: "Why 原因 (required to return)" }) }).strict();
export const approveBody = z.object({ comment: z.string().trim().max(1000).optional() }).strict();

export function parseWith<T>(schema: z.ZodType<T>, body: unknown, what: { zh: string; en: string }): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new ApiError(400, "VALIDATION_FAILED", what, { issues: fieldIssues(r.error) });
  return r.data;
}

/**
 * Store a parsed submission: the one path behind POST /api/submissions (JSON) and POST
 * /api/submissions/xlsx (workbook). 403 before anything is read; 422 unknown institute; 201 new;
 * 200 same id and same content (the stored result, no second copy); 409 same id, other content.
 * Errors that concern one field name it in `details.path`, so the workbook path can place them on a cell.
 */
export async function submit(s: Services, caller: Principal, sub: Submission): Promise<HttpResponseInit> {
  assertMaySubmit(caller, sub.instituteId);
  await assertRegistered(s, sub);
  const hash = contentHash(sub);

  // A point read in the institute's partition: the cost of a POST does not grow with the store.
  const existing = await s.repo.readSubmission(sub.instituteId, sub.submissionId);
  if (existing) return replay(s, existing, hash);

  const doc = buildDocument({ action: "create", by: caller, previous: null, submission: sub, status: "submitted" });
  let stored: SubmissionDoc;
  try {
    stored = await s.repo.createSubmission(doc);
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    // A concurrent request with the same id won the create: answer as a replay of it.
    const winner = await s.repo.readSubmission(sub.instituteId, sub.submissionId);
    if (!winner) {
      throw new ApiError(409, "ID_TAKEN", {
        zh: "该 submissionId 已被使用，请生成新的编号（如 UUID）后重新提交。",
        en: "This submissionId is already taken; generate a new one (e.g. a UUID) and send again.",
      }, { path: "submissionId" });
    }
    return replay(s, winner, hash);
  }
  await s.repo.project(stored);
  return json(201, publicView(stored), { ...etagHeaders(stored), Location: `/api/submissions/${encodeURIComponent(stored.id)}` });
}

async function replay(s: Services, stored: SubmissionDoc, hash: string): Promise<HttpResponseInit> {
  if (stored.contentHash !== hash) {
    throw new ApiError(
      409,
      "CONTENT_CONFLICT",
      {
        zh: `编号 ${stored.id} 的报送已存在且内容不同，未作更改。修改已有报送请用 PUT（带 If-Match）；新报送请使用新的 submissionId（或重新下载模板）。`,
        en: `Submission ${stored.id} already exists with different content; nothing was changed. To change it use PUT with If-Match; for a new submission use a new submissionId (or download a new template).`,
      },
      { path: "submissionId", submissionId: stored.id, storedHash: stored.contentHash, receivedHash: hash, status: stored.status },
    );
  }
  await s.repo.project(stored); // completes an interrupted earlier write (idempotent)
  return json(200, publicView(stored), etagHeaders(stored));
}

/** The institute must be in the register, in the region the submission names. */
export async function assertRegistered(s: Services, sub: Submission): Promise<void> {
  const inst = await s.repo.institute(sub.instituteId, sub.region);
  if (!inst) {
    throw new ApiError(422, "UNKNOWN_INSTITUTE", {
      zh: `机构 ${sub.instituteId} 不在机构名录中，未保存任何内容。请核对机构编号，或联系省级管理人员登记。`,
      en: `Institute ${sub.instituteId} is not in the register; nothing was stored. Check the id or ask provincial staff to register it.`,
    }, { path: "instituteId", instituteId: sub.instituteId });
  }
  if (inst.region !== sub.region) {
    throw new ApiError(422, "REGION_MISMATCH", {
      zh: `机构 ${sub.instituteId} 登记在 ${inst.region}，报送填写的是 ${sub.region}，未保存任何内容。`,
      en: `Institute ${sub.instituteId} is registered in ${inst.region} but the submission names ${sub.region}; nothing was stored.`,
    }, { path: "region", registered: inst.region, received: sub.region });
  }
}

interface Change {
  action: AuditAction;
  by: Principal;
  previous: SubmissionDoc | null;
  submission: Submission;
  status: SubmissionStatus;
  review?: SubmissionDoc["review"];
  reason?: string;
}

/** The next stored document for a change; its audit entry travels inside it (outbox). */
export function buildDocument(change: Change, now = new Date().toISOString()): SubmissionDoc {
  const { previous, submission: sub } = change;
  const hash = previous && previous.submission === sub ? previous.contentHash : contentHash(sub);
  const subsidies = previous && previous.submission === sub ? previous.subsidies : subsidiesOf(sub);
  const version = (previous?.version ?? 0) + 1;
  const actor = actorOf(change.by);
  const doc: SubmissionDoc = {
    id: sub.submissionId,
    docType: "submission",
    instituteId: sub.instituteId,
    region: sub.region,
    year: sub.year,
    period: sub.period,
    submission: sub,
    contentHash: hash,
    subsidies,
    subsidyTotal: subsidyTotal(subsidies),
    rulesVersion: previous && previous.submission === sub ? previous.rulesVersion : RULES_VERSION,
    status: change.status,
    ...(change.review ? { review: change.review } : {}),
    version,
    createdBy: previous?.createdBy ?? actor,
    createdAt: previous?.createdAt ?? now,
    updatedBy: actor,
    updatedAt: now,
    lastAudit: {
      id: auditId(sub.submissionId, version),
      submissionId: sub.submissionId,
      instituteId: sub.instituteId,
      region: sub.region,
      version,
      action: change.action,
      by: actor,
      at: now,
      beforeHash: previous?.contentHash ?? null,
      afterHash: hash,
      statusBefore: previous?.status ?? null,
      statusAfter: change.status,
      ...(change.action === "replace" && previous ? { changedFields: changedPaths(previous.submission, sub) } : {}),
      ...(change.reason ? { reason: change.reason } : {}),
    },
  };
  assertStorable(doc, { achievements: sub.achievements.length, contracts: sub.contracts.length });
  return doc;
}

export const notFound = (id: string) =>
  new ApiError(404, "SUBMISSION_NOT_FOUND", { zh: `没有编号为 ${id} 的报送。`, en: `There is no submission with id ${id}.` }, { submissionId: id });

/**
 * The submission `id` as the caller may see it: 404 when none exists, 403 when it exists but the caller
 * may not read it. `?instituteId=` picks one when (unusually) two institutes used the same id.
 */
export async function findForCaller(s: Services, p: Principal, id: string, req: HttpRequest): Promise<SubmissionDoc> {
  const wanted = req.query.get("instituteId");
  const all = (await s.repo.findSubmissions(id)).filter((d) => !wanted || d.instituteId === wanted);
  if (all.length === 0) throw notFound(id);
  const visible = all.filter((d) => mayRead(p, d));
  if (visible.length === 0) assertMayRead(p, all[0]!);
  if (visible.length > 1) {
    throw new ApiError(409, "AMBIGUOUS_ID", {
      zh: `有多个机构使用了编号 ${id}，请加上 ?instituteId=。`,
      en: `More than one institute used id ${id}; add ?instituteId=.`,
    }, { institutes: visible.map((d) => d.instituteId) });
  }
  return visible[0]!;
}

/** Approved submissions are locked: 423 with the stated reason. */
export function assertNotLocked(doc: SubmissionDoc): void {
  if (doc.status !== "approved" || !doc.review) return;
  const reason = `locked: approved by ${doc.review.by.subject} at ${doc.review.at}`;
  throw new ApiError(423, "LOCKED", {
    zh: `该报送已由 ${doc.review.by.subject} 于 ${doc.review.at} 审核通过并锁定，不能再修改。如需更正，请联系省级管理人员。`,
    en: `This submission is ${reason}; it can no longer be changed. To correct it, contact provincial staff.`,
  }, { reason, approvedBy: doc.review.by.subject, approvedAt: doc.review.at });
}

export const etagHeaders = (doc: SubmissionDoc): Record<string, string> => (doc._etag ? { ETag: httpEtag(doc._etag) } : {});
