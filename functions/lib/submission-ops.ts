/**
 * The submission lifecycle shared by the submission endpoints: validation at the boundary, the stored
 * document built from the parsed submission (server-side subsidies, hash, audit entry), lookups that
 * respect who may read what, and the review lock.
 */
import { z } from "zod";
import { RULES_VERSION } from "@tt/engine";
import { fieldIssues, submission, type Submission } from "@tt/contract";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import {
  overlappingPeriods,
  transition,
  type Accepted,
  type LifecycleCommand,
  type LifecycleState,
  type Placement,
  type Precondition,
  type Refusal,
} from "@tt/engine";
import { assertMaySubmit, mayRead, type Principal } from "./auth";
import {
  auditId,
  changedPaths,
  contentHash,
  identityKey,
  placementOfKey,
  publicView,
  type IdentityDoc,
  type Actor,
  type AuditAction,
  type SubmissionDoc,
  type SubmissionStatus,
} from "./documents";
import { apiError, etagMatches, httpEtag, json, lifecycleError } from "./http";
import type { RequestBody } from "@tt/contract/errors";
import { ATTEMPT_LEASE_MS, ConflictError, PreconditionFailedError } from "./repository";
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
    throw apiError("VALIDATION_FAILED", { what: "submission", count: issues.length }, { issues });
  }
  return r.data;
}

export const reviewBody = z
  .object({ reason: z.string().trim().min(1).max(1000).meta({ description: "Why 原因 (required to return)" }) })
  .strict();
export const approveBody = z.object({ comment: z.string().trim().max(1000).optional() }).strict();

export function parseWith<T>(schema: z.ZodType<T>, body: unknown, what: { body: RequestBody; maxPairs?: number }): T {
  const r = schema.safeParse(body);
  if (!r.success) throw apiError("VALIDATION_FAILED", { what: "body", ...what }, { issues: fieldIssues(r.error) });
  return r.data;
}

/** What an uploaded workbook says about the stored version it was made from (add-in or download). */
export interface VersionStamp {
  version?: number | null;
  etag?: string | null;
}

/**
 * Store a parsed submission: the one path behind POST /api/submissions (JSON) and POST
 * /api/submissions/xlsx (workbook). 403 before anything is read; 422 unknown institute; 201 new;
 * 200 same id and same content (the stored result, no second copy); 409 same id, other content;
 * 409 PERIOD_ALREADY_SUBMITTED when the period has another live submission (the natural identity).
 * A workbook stamped with a stored version (`stamp`) is a correction: a replacement under an implicit
 * If-Match (412 when changed meanwhile, 423 when approved), which also corrects a returned submission.
 * Errors that concern one field name it in `details.path`, so the workbook path can place them on a cell.
 */
export async function submit(s: Services, caller: Principal, sub: Submission, stamp?: VersionStamp): Promise<HttpResponseInit> {
  assertMaySubmit(caller, sub.instituteId);
  await assertRegistered(s, sub);
  const hash = contentHash(sub);
  if (stamp && (typeof stamp.version === "number" || stamp.etag)) {
    const stored = await s.repo.readSubmission(sub.instituteId, sub.submissionId);
    if (stored) {
      const precondition = (d: SubmissionDoc): Precondition =>
        typeof stamp.version === "number"
          ? stamp.version === d.version
            ? "matches"
            : "stale"
          : etagMatches(stamp.etag!, versionTag(d))
            ? "matches"
            : "stale";
      return commit(
        s,
        caller,
        stored,
        (d) => ({
          kind: "replace",
          submissionId: sub.submissionId,
          contentHash: hash,
          placement: placementOf(sub),
          precondition: precondition(d),
        }),
        sub,
      );
    }
  }

  // A new submission (or a replay): decided on the institute's identity document (one point read), reserved
  // there under its ETag, then stored. Concurrent writers of one institute meet at that ETag: the loser
  // decides again on what the winner reserved (lib/documents.ts IdentityDoc).
  let readOwnPeriod = false;
  for (let attempt = 0; attempt < 6; attempt++) {
    const identity = await identityOf(s, sub.instituteId);
    const key = identityKey(sub.year, sub.period);
    const own = identity.doc.periods[key];
    const live = own || readOwnPeriod ? await s.repo.readPeriod(sub.instituteId, sub.year, sub.period) : null;
    const now = new Date();
    const fresh = (r: { reservedAt: string }) => now.getTime() - Date.parse(r.reservedAt) < RESERVATION_LEASE_MS;
    let idElsewhere: Placement | null = null;
    const overlapping: { submissionId: string; period: string }[] = [];
    const expired: string[] = [];
    if (!live) {
      if (own && own.submissionId !== sub.submissionId) {
        // another submission reserved this period and has not stored it (yet): in flight, or abandoned
        if (fresh(own)) throw apiError("STORE_CONTENDED", { what: "period" }, {}, { "Retry-After": "1" });
        expired.push(key);
      }
      const overlaps = overlappingPeriods(sub.period);
      for (const [k, r] of Object.entries(identity.doc.periods)) {
        if (k === key) continue;
        const { year, period } = placementOfKey(k);
        const sameId = r.submissionId === sub.submissionId;
        if (!sameId && !(year === sub.year && overlaps.includes(period))) continue;
        const held = await s.repo.readPeriod(sub.instituteId, year, period);
        if (!held && !fresh(r)) {
          expired.push(k);
          continue;
        }
        const holder = held?.id ?? r.submissionId;
        if (holder === sub.submissionId) idElsewhere = { region: sub.region, year, period };
        else if (year === sub.year && overlaps.includes(period)) overlapping.push({ submissionId: holder, period });
      }
    }
    const decision = transition(
      live ? stateOf(live) : null,
      {
        kind: "submit",
        submissionId: sub.submissionId,
        contentHash: hash,
        placement: placementOf(sub),
        idElsewhere,
        overlapping,
      },
      actorOf(caller),
      now.toISOString(),
    );
    if (!decision.ok) throw refusal(decision);
    if (!decision.next) {
      await projectQuietly(s, live!);
      return json(200, publicView(live!), etagHeaders(live!));
    }
    const doc = documentOf(decision, null, sub, caller);
    if (!own || own.submissionId !== sub.submissionId || !fresh(own) || expired.length) {
      const periods = { ...identity.doc.periods };
      for (const k of expired) delete periods[k];
      periods[key] = { submissionId: sub.submissionId, reservedAt: now.toISOString() };
      try {
        await s.repo.writeIdentity({ ...identity.doc, periods }, identity.etag);
      } catch (e) {
        if (e instanceof ConflictError || e instanceof PreconditionFailedError) continue; // another change of the institute won: decide again
        throw e;
      }
    }
    let stored: SubmissionDoc;
    try {
      stored = await s.repo.createSubmission(doc);
    } catch (e) {
      // the period's document exists (stored by the attempt that reserved it, or before this reservation): decide on it
      if (e instanceof ConflictError) {
        readOwnPeriod = true;
        continue;
      }
      throw e;
    }
    await projectQuietly(s, stored);
    return json(201, publicView(stored), { ...etagHeaders(stored), Location: `/api/submissions/${encodeURIComponent(stored.id)}` });
  }
  throw apiError("STORE_CONTENDED", { what: "period" }, {}, { "Retry-After": "1" });
}

/**
 * How long a reservation of a period whose submission document does not exist holds it (lib/documents.ts
 * IdentityDoc), in ms: as long as any store call of the attempt that made it can still land
 * (repository.ts ATTEMPT_LEASE_MS). After it, the period is free.
 */
export const RESERVATION_LEASE_MS = ATTEMPT_LEASE_MS;

/**
 * An institute's identity document and the ETag to write it under; for an institute without one
 * (registered before identities existed) it is built from its stored submissions, to be created (etag null).
 */
async function identityOf(s: Services, instituteId: string): Promise<{ doc: IdentityDoc; etag: string | null }> {
  const stored = await s.repo.readIdentity(instituteId);
  if (stored) return { doc: stored, etag: stored._etag ?? null };
  const keys = await s.repo.submissionKeys(instituteId);
  const periods = Object.fromEntries(
    keys.map((k) => [identityKey(k.year, k.period), { submissionId: k.submissionId, reservedAt: k.createdAt }] as const),
  );
  return { doc: { id: instituteId, docType: "identity", instituteId, periods }, etag: null };
}

/**
 * Load → transition → store for a change of a stored submission (PUT, workbook correction, approve,
 * return). The document is replaced under the Cosmos ETag just read; if that moved without a new version
 * (the rollup cleared its pending flag) the change is retried, otherwise decided again on the new version
 * (which the caller's precondition then usually refuses with 412).
 */
export async function commit(
  s: Services,
  caller: Principal,
  current: SubmissionDoc,
  command: (current: SubmissionDoc) => LifecycleCommand,
  submission?: Submission,
): Promise<HttpResponseInit> {
  let doc = current;
  for (let attempt = 0; attempt < 6; attempt++) {
    const decision = transition(stateOf(doc), command(doc), actorOf(caller), new Date().toISOString());
    if (!decision.ok) throw refusal(decision);
    if (!decision.next) {
      await projectQuietly(s, doc);
      return json(200, publicView(doc), etagHeaders(doc));
    }
    const next = documentOf(decision, doc, submission ?? doc.submission, caller);
    try {
      const stored = await s.repo.replaceSubmission(doc, next, doc._etag!);
      await projectQuietly(s, stored);
      return json(200, publicView(stored), etagHeaders(stored));
    } catch (e) {
      if (!(e instanceof PreconditionFailedError)) throw e;
      const reread = await s.repo.readSubmission(doc.instituteId, doc.id);
      if (!reread) throw notFound(doc.id);
      doc = reread;
    }
  }
  throw apiError("STORE_CONTENDED", { what: "submission" }, {}, { "Retry-After": "1" });
}

/**
 * Step 3 of the write protocol after the change is stored. A failure here does not undo or hide the
 * stored change: progress reads already count the pending document and the sweeper completes the rest,
 * so the response still reports what was stored.
 */
/**
 * Read–modify–write attempts a request spends on its own rollup entry (ROLLUP_INLINE_ATTEMPTS, default 3).
 * 0 leaves every rollup to the sweeper: fewer store calls per write, a larger (still exact) pending overlay.
 */
export const INLINE_PROJECT_ATTEMPTS = Number(process.env.ROLLUP_INLINE_ATTEMPTS ?? 3);

async function projectQuietly(s: Services, doc: SubmissionDoc): Promise<void> {
  if (!(INLINE_PROJECT_ATTEMPTS > 0)) return;
  try {
    // A few attempts inline (bounded cost per request, no retry storms on a busy shard); what is left is
    // batched by the sweeper, and progress counts the pending document meanwhile.
    await s.repo.project(doc, INLINE_PROJECT_ATTEMPTS);
  } catch {
    /* completed by the sweeper (functions/lib/sweeper.ts) or the next replay */
  }
}

export const placementOf = (x: { region: string; year: number; period: string }): Placement => ({
  region: x.region,
  year: x.year,
  period: x.period,
});

/** The lifecycle's view of a stored document. */
export const stateOf = (d: SubmissionDoc): LifecycleState => ({
  submissionId: d.id,
  ...placementOf(d),
  status: d.status,
  version: d.version,
  contentHash: d.contentHash,
  ...(d.review ? { review: { ...d.review, by: { subject: d.review.by.subject, roles: [...d.review.by.roles] } } } : {}),
});

export const refusal = (r: Refusal) => lifecycleError(r);

/** The stored document for an accepted change: the lifecycle's next state and audit entry, plus the content. */
export function documentOf(decision: Accepted, previous: SubmissionDoc | null, sub: Submission, by: Principal): SubmissionDoc {
  const next = decision.next!;
  const audit = decision.audit!;
  const doc = buildDocument(
    {
      action: audit.action,
      by,
      previous,
      submission: sub,
      status: next.status,
      ...(next.review ? { review: next.review } : {}),
      ...(audit.reason ? { reason: audit.reason } : {}),
    },
    audit.at,
  );
  if (doc.version !== next.version || doc.contentHash !== next.contentHash) throw new Error("lifecycle and document disagree");
  return doc;
}

/** The HTTP ETag of a stored submission: its version (changes exactly when the submission changes). */
export const versionTag = (doc: Pick<SubmissionDoc, "version">): string => `v${doc.version}`;

/** The institute must be in the register, in the region the submission names. */
export async function assertRegistered(s: Services, sub: Submission): Promise<void> {
  const inst = await s.repo.institute(sub.instituteId, sub.region);
  if (!inst) {
    throw apiError("UNKNOWN_INSTITUTE", { instituteId: sub.instituteId }, { path: "instituteId", instituteId: sub.instituteId });
  }
  if (inst.region !== sub.region) {
    throw apiError(
      "REGION_MISMATCH",
      { instituteId: sub.instituteId, registered: inst.region, received: sub.region },
      { path: "region", registered: inst.region, received: sub.region },
    );
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

export const notFound = (id: string) => apiError("SUBMISSION_NOT_FOUND", { submissionId: id }, { submissionId: id });

/**
 * The submission `id` as the caller may see it: 404 when none exists or the caller may not read it (the
 * same answer, so ids of other institutes cannot be probed). `?instituteId=` picks one when (unusually) two institutes used the same id.
 */
export async function findForCaller(s: Services, p: Principal, id: string, req: HttpRequest): Promise<SubmissionDoc> {
  const wanted = req.query.get("instituteId");
  const all = (await s.repo.findSubmissions(id)).filter((d) => !wanted || d.instituteId === wanted);
  if (all.length === 0) throw notFound(id);
  const visible = all.filter((d) => mayRead(p, d));
  // Another institute's submission answers exactly what a missing one answers (no existence oracle).
  if (visible.length === 0) throw notFound(id);
  if (visible.length > 1) {
    throw apiError("AMBIGUOUS_ID", { submissionId: id }, { institutes: visible.map((d) => d.instituteId) });
  }
  return visible[0]!;
}

/** Approved submissions are locked: 423 with the stated reason. */
export function assertNotLocked(doc: SubmissionDoc): void {
  if (doc.status !== "approved" || !doc.review) return;
  const reason = `locked: approved by ${doc.review.by.subject} at ${doc.review.at}`;
  throw apiError(
    "LOCKED",
    { by: doc.review.by.subject, at: doc.review.at },
    { reason, approvedBy: doc.review.by.subject, approvedAt: doc.review.at },
  );
}

export const etagHeaders = (doc: SubmissionDoc): Record<string, string> => ({ ETag: httpEtag(versionTag(doc)) });
