/**
 * The submission lifecycle as ONE pure function: `transition(state, command, actor, now)` answers either
 * the next state (with its audit entry and the effects the caller must carry out) or a refusal (HTTP status,
 * stable code, zh + en message, details). No store, no Node, no clock: the HTTP handlers parse, authorise,
 * load, call this, and store what it returns. Every transition and refusal is tested without a database
 * (tests/shared/lifecycle.test.ts).
 *
 *   (absent) ──submit──▶ submitted ──approve──▶ approved (locked: every change refused, 423)
 *                          ▲   │
 *              replace ────┘   └──return(reason)──▶ returned ──replace──▶ submitted (counts again)
 *
 * Identity: at most one live submission per (institute, year, period). `state` for a submit is the live
 * submission of the command's period (or null); another id there → 409 PERIOD_ALREADY_SUBMITTED.
 * Overlapping periods (the year Y, halves H1/H2, quarters Q1–Q4) may not both be live: see
 * `overlappingPeriods` and functions/README.md.
 */

export type LifecycleStatus = "submitted" | "approved" | "returned";

export interface LifecycleActor {
  subject: string;
  roles: readonly string[];
  instituteId?: string;
  region?: string;
}

/** Where a submission's figures count: fixed for its lifetime. */
export interface Placement {
  region: string;
  year: number;
  period: string;
}

export interface LifecycleReview {
  action: "approve" | "return";
  by: { subject: string; roles: string[] };
  at: string;
  reason?: string;
}

/** What the lifecycle needs to know about a stored submission. */
export interface LifecycleState extends Placement {
  submissionId: string;
  status: LifecycleStatus;
  /** 1 on create, +1 on every stored change; the HTTP ETag and the workbook's version stamp derive from it. */
  version: number;
  contentHash: string;
  review?: LifecycleReview;
}

/** How the caller's precondition (If-Match, or the workbook's version stamp) compares with the state. */
export type Precondition = "matches" | "stale" | "absent";

export type LifecycleCommand =
  /** POST (JSON or workbook without a version stamp). `state` = the live submission of this period. */
  | {
      kind: "submit";
      submissionId: string;
      contentHash: string;
      placement: Placement;
      /** The same id stored for another period of the institute (then it is not a new submission). */
      idElsewhere?: Placement | null;
      /** Live submissions of periods overlapping this one (e.g. Q1 when submitting Y). */
      overlapping?: readonly { submissionId: string; period: string }[];
    }
  /** PUT, or a workbook carrying a stored version stamp. `state` = the stored submission of that id. */
  | { kind: "replace"; submissionId: string; contentHash: string; placement: Placement; precondition: Precondition }
  | { kind: "approve"; comment?: string; precondition?: Precondition; conflicts?: readonly { zh: string; en: string }[] }
  | { kind: "return"; reason?: string | null; precondition?: Precondition };

export type AuditAction = "create" | "replace" | "approve" | "return";

/** The audit entry of a change (the store adds ids and copies it to the audit trail). */
export interface AuditDraft {
  action: AuditAction;
  version: number;
  by: LifecycleActor;
  at: string;
  beforeHash: string | null;
  afterHash: string;
  statusBefore: LifecycleStatus | null;
  statusAfter: LifecycleStatus;
  reason?: string;
}

/**
 * What the caller must do: `store` the next state (create under the period's identity, or replace the
 * version read), then `project` it (rollup, claims index, audit copy). A replay or an unchanged PUT writes
 * nothing and only completes an interrupted projection.
 */
export type Effect = { kind: "store"; mode: "create" | "replace" } | { kind: "project" };

export type Outcome = "created" | "replayed" | "replaced" | "unchanged" | "approved" | "returned";

export interface Accepted {
  ok: true;
  outcome: Outcome;
  status: 200 | 201;
  /** The state to store; null when nothing changes (replay, unchanged). */
  next: LifecycleState | null;
  audit: AuditDraft | null;
  effects: Effect[];
}

export interface Refusal {
  ok: false;
  status: number;
  code: string;
  message: { zh: string; en: string };
  details: Record<string, unknown>;
}

export type Decision = Accepted | Refusal;

/** Only returned submissions stop counting toward progress (until corrected). */
export const countsTowardProgress = (status: LifecycleStatus): boolean => status !== "returned";

const PERIOD_MONTHS: Readonly<Record<string, readonly number[]>> = {
  Y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  H1: [1, 2, 3, 4, 5, 6],
  H2: [7, 8, 9, 10, 11, 12],
  Q1: [1, 2, 3],
  Q2: [4, 5, 6],
  Q3: [7, 8, 9],
  Q4: [10, 11, 12],
};

/** The other periods of a year that share months with `period` (Y overlaps every half and quarter; H1 overlaps Q1, Q2). */
export function overlappingPeriods(period: string): string[] {
  const mine = PERIOD_MONTHS[period] ?? [];
  return Object.keys(PERIOD_MONTHS).filter((p) => p !== period && PERIOD_MONTHS[p]!.some((m) => mine.includes(m)));
}

const refuse = (status: number, code: string, zh: string, en: string, details: Record<string, unknown> = {}): Refusal => ({
  ok: false,
  status,
  code,
  message: { zh, en },
  details,
});

export const periodLabel = (p: Placement) => `${p.year} ${p.period}`;

function locked(state: LifecycleState): Refusal {
  const by = state.review?.by.subject ?? "?";
  const at = state.review?.at ?? "?";
  const reason = `locked: approved by ${by} at ${at}`;
  return refuse(
    423,
    "LOCKED",
    `该报送已由 ${by} 于 ${at} 审核通过并锁定，不能再修改（${reason}）。如需更正，请联系省级管理人员。`,
    `This submission is ${reason}; it can no longer be changed. To correct it, contact provincial staff.`,
    { reason, approvedBy: by, approvedAt: at, submissionId: state.submissionId },
  );
}

const stale = (state: LifecycleState) =>
  refuse(
    412,
    "PRECONDITION_FAILED",
    `报送 ${state.submissionId} 已被他人修改（当前为第 ${state.version} 版），未作更改。请重新获取（GET，或重新下载该报送的工作簿）后再修改。`,
    `Submission ${state.submissionId} has changed since you read it (it is now version ${state.version}); nothing was changed. GET it again (or download its workbook again) and reapply your change.`,
    { submissionId: state.submissionId, currentVersion: state.version },
  );

const notFound = (id: string) =>
  refuse(404, "SUBMISSION_NOT_FOUND", `没有编号为 ${id} 的报送。`, `There is no submission with id ${id}.`, { submissionId: id });

function change(
  state: LifecycleState | null,
  next: Omit<LifecycleState, "version">,
  action: AuditAction,
  actor: LifecycleActor,
  now: string,
  reason?: string,
): Accepted {
  const version = (state?.version ?? 0) + 1;
  return {
    ok: true,
    outcome: action === "create" ? "created" : action === "replace" ? "replaced" : action === "approve" ? "approved" : "returned",
    status: action === "create" ? 201 : 200,
    next: { ...next, version },
    audit: {
      action,
      version,
      by: actor,
      at: now,
      beforeHash: state?.contentHash ?? null,
      afterHash: next.contentHash,
      statusBefore: state?.status ?? null,
      statusAfter: next.status,
      ...(reason ? { reason } : {}),
    },
    effects: [{ kind: "store", mode: state ? "replace" : "create" }, { kind: "project" }],
  };
}

const nothingToWrite = (outcome: "replayed" | "unchanged"): Accepted => ({
  ok: true,
  outcome,
  status: 200,
  next: null,
  audit: null,
  effects: [{ kind: "project" }],
});

/**
 * The one lifecycle rule. Authorisation (who may submit, review, read) is checked by the caller before,
 * because it decides what may even be loaded; everything about states is decided here.
 */
export function transition(state: LifecycleState | null, command: LifecycleCommand, actor: LifecycleActor, now: string): Decision {
  switch (command.kind) {
    case "submit": {
      if (state && state.submissionId === command.submissionId) {
        if (state.contentHash === command.contentHash) return nothingToWrite("replayed");
        return refuse(
          409,
          "CONTENT_CONFLICT",
          `编号 ${state.submissionId} 的报送已存在且内容不同，未作更改。修改已有报送请用 PUT（带 If-Match），或下载该报送的工作簿修改后重新上传；新报送请使用新的 submissionId（或重新下载模板）。`,
          `Submission ${state.submissionId} already exists with different content; nothing was changed. To change it use PUT with If-Match, or download its workbook, edit it and upload it again; for a new submission use a new submissionId (or download a new template).`,
          {
            path: "submissionId",
            submissionId: state.submissionId,
            storedHash: state.contentHash,
            receivedHash: command.contentHash,
            status: state.status,
          },
        );
      }
      if (state) return periodTaken(state, command.placement);
      if (command.idElsewhere) {
        return refuse(
          409,
          "CONTENT_CONFLICT",
          `编号 ${command.submissionId} 已用于 ${periodLabel(command.idElsewhere)} 的报送，未作更改。新报送请使用新的 submissionId（或重新下载模板）。`,
          `Id ${command.submissionId} is already used by the submission for ${periodLabel(command.idElsewhere)}; nothing was changed. Use a new submissionId (or download a new template) for a new submission.`,
          { path: "submissionId", submissionId: command.submissionId, storedPeriod: command.idElsewhere },
        );
      }
      const other = command.overlapping?.[0];
      if (other) {
        return refuse(
          409,
          "PERIOD_OVERLAPS",
          `${command.placement.year} 年已有报告期 ${other.period} 的报送（编号 ${other.submissionId}），与 ${command.placement.period} 时间重叠，未作更改。同一年度请只按一种口径报送（全年 Y，或半年 H1/H2，或季度 Q1–Q4）；如需改用其他口径，请联系省级管理人员退回原报送后更正其内容。`,
          `${command.placement.year} already has a submission for period ${other.period} (id ${other.submissionId}), which overlaps ${command.placement.period}; nothing was changed. Report a year in one granularity only (the year Y, halves H1/H2, or quarters Q1–Q4); to change it, correct the existing submission.`,
          { path: "period", existingSubmissionId: other.submissionId, existingPeriod: other.period, period: command.placement.period },
        );
      }
      return change(
        null,
        { submissionId: command.submissionId, ...command.placement, status: "submitted", contentHash: command.contentHash },
        "create",
        actor,
        now,
      );
    }
    case "replace": {
      if (!state) return notFound(command.submissionId);
      const moved = (["region", "year", "period"] as const).filter((k) => state[k] !== command.placement[k]);
      if (moved.length) {
        return refuse(
          409,
          "KEY_FIELDS_IMMUTABLE",
          `不能修改 ${moved.join("、")}；请作为新的报送（新的 submissionId）提交。`,
          `${moved.join(", ")} cannot change; send it as a new submission (new submissionId).`,
          { fields: moved },
        );
      }
      if (state.status === "approved") return locked(state);
      if (command.precondition === "absent") {
        return refuse(
          428,
          "PRECONDITION_REQUIRED",
          "修改报送必须带 If-Match 请求头（取自 GET 返回的 ETag），以免覆盖他人的修改。",
          "Changing a submission requires an If-Match header (the ETag from GET), so that nobody's changes are overwritten.",
        );
      }
      if (command.precondition === "stale") return stale(state);
      if (state.contentHash === command.contentHash && state.status !== "returned") return nothingToWrite("unchanged");
      const { review: _review, ...rest } = state;
      return change(state, { ...rest, status: "submitted", contentHash: command.contentHash }, "replace", actor, now);
    }
    case "approve":
    case "return": {
      if (!state) return notFound("?");
      if (state.status === "approved") return locked(state);
      if (state.status === "returned") {
        return refuse(
          409,
          "NOT_AWAITING_REVIEW",
          `报送 ${state.submissionId} 已被退回，等待机构更正后（PUT 或上传更正后的工作簿）才能再次审核。`,
          `Submission ${state.submissionId} was returned; it can be reviewed again once the institute has corrected it (PUT, or upload the corrected workbook).`,
          { status: state.status },
        );
      }
      if (command.precondition === "stale") return stale(state);
      const reason = command.kind === "return" ? (command.reason ?? "").trim() : (command.comment ?? "").trim();
      if (command.kind === "return" && !reason) {
        return refuse(
          400,
          "REASON_REQUIRED",
          '退回必须说明原因：请求体应为 {"reason": "…"}。',
          'Returning requires a reason: the body must be {"reason": "…"}.',
          { path: "reason" },
        );
      }
      if (command.kind === "approve" && command.conflicts?.length) {
        return refuse(
          409,
          "ONE_SIDE_CONFLICT",
          `不能审核通过：${command.conflicts.map((v) => v.zh).join("；")}。请先退回其中一方的报送。`,
          `Cannot approve: ${command.conflicts.map((v) => v.en).join("; ")}. Return one side's submission first.`,
        );
      }
      const action = command.kind;
      const review: LifecycleReview = {
        action,
        by: { subject: actor.subject, roles: [...actor.roles] },
        at: now,
        ...(reason ? { reason } : {}),
      };
      return change(
        state,
        { ...state, status: action === "approve" ? "approved" : "returned", review },
        action,
        actor,
        now,
        reason || undefined,
      );
    }
  }
}

function periodTaken(state: LifecycleState, placement: Placement): Refusal {
  return refuse(
    409,
    "PERIOD_ALREADY_SUBMITTED",
    `本单位 ${periodLabel(placement)} 已有报送（编号 ${state.submissionId}，状态 ${state.status}），同一报告期只能有一份有效报送，未保存任何内容。如需更正：下载该报送的工作簿（GET /api/submissions/${state.submissionId}/workbook）修改后重新上传，或用 PUT 修改；已审核通过的报送请联系省级管理人员。`,
    `Your institute already has a submission for ${periodLabel(placement)} (id ${state.submissionId}, status ${state.status}); a period has at most one live submission, so nothing was stored. To correct it, download that submission's workbook (GET /api/submissions/${state.submissionId}/workbook), edit it and upload it again, or change it with PUT; for an approved one, contact provincial staff.`,
    {
      path: "submissionId",
      existingSubmissionId: state.submissionId,
      existingStatus: state.status,
      existingVersion: state.version,
      period: placement.period,
      year: placement.year,
    },
  );
}
