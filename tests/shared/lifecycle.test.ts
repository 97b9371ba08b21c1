/**
 * The submission lifecycle as a pure transition, without any store: every transition and every refusal.
 */
import {
  countsTowardProgress,
  overlappingPeriods,
  transition,
  type LifecycleActor,
  type LifecycleCommand,
  type LifecycleState,
} from "@tt/engine";

const institute: LifecycleActor = { subject: "inst-1", roles: ["institute"], instituteId: "HLJ-001" };
const reviewer: LifecycleActor = { subject: "reviewer-li", roles: ["province"], region: "CN-HL" };
const now = "2024-06-01T08:00:00.000Z";
const placement = { region: "CN-HL", year: 2024, period: "Y" };

const stored = (over: Partial<LifecycleState> = {}): LifecycleState => ({
  submissionId: "sub-00000001",
  ...placement,
  status: "submitted",
  version: 1,
  contentHash: "hash-a",
  ...over,
});

const submit = (over: Partial<Extract<LifecycleCommand, { kind: "submit" }>> = {}): LifecycleCommand => ({
  kind: "submit",
  submissionId: "sub-00000001",
  contentHash: "hash-a",
  placement,
  ...over,
});
const replace = (over: Partial<Extract<LifecycleCommand, { kind: "replace" }>> = {}): LifecycleCommand => ({
  kind: "replace",
  submissionId: "sub-00000001",
  contentHash: "hash-b",
  placement,
  precondition: "matches",
  ...over,
});

const refused = (state: LifecycleState | null, cmd: LifecycleCommand, actor = institute) => {
  const d = transition(state, cmd, actor, now);
  if (d.ok) throw new Error(`expected a refusal, got ${d.outcome}`);
  expect(d.message.zh).toBeTruthy();
  expect(d.message.en).toBeTruthy();
  return d;
};
const accepted = (state: LifecycleState | null, cmd: LifecycleCommand, actor = institute) => {
  const d = transition(state, cmd, actor, now);
  if (!d.ok) throw new Error(`expected acceptance, got ${d.code}`);
  return d;
};

describe("submit (POST)", () => {
  test("into an empty period: created, version 1, status submitted, audited, stored then projected", () => {
    const d = accepted(null, submit());
    expect(d).toMatchObject({
      outcome: "created",
      status: 201,
      next: { status: "submitted", version: 1, contentHash: "hash-a", ...placement },
    });
    expect(d.audit).toMatchObject({
      action: "create",
      version: 1,
      by: institute,
      at: now,
      beforeHash: null,
      afterHash: "hash-a",
      statusBefore: null,
      statusAfter: "submitted",
    });
    expect(d.effects).toEqual([{ kind: "store", mode: "create" }, { kind: "project" }]);
  });

  test("the same id and content again is a replay: 200, nothing written, projection completed", () => {
    for (const status of ["submitted", "returned", "approved"] as const) {
      const d = accepted(stored({ status }), submit());
      expect(d).toMatchObject({ outcome: "replayed", status: 200, next: null, audit: null });
      expect(d.effects).toEqual([{ kind: "project" }]);
    }
  });

  test("the same id with other content: 409 CONTENT_CONFLICT naming the id", () => {
    const r = refused(stored(), submit({ contentHash: "hash-z" }));
    expect(r).toMatchObject({ status: 409, code: "CONTENT_CONFLICT", details: { submissionId: "sub-00000001", path: "submissionId" } });
  });

  test("a new id for a period that has a live submission: 409 PERIOD_ALREADY_SUBMITTED with the existing id and how to correct it", () => {
    for (const status of ["submitted", "returned", "approved"] as const) {
      const r = refused(stored({ status, version: 3 }), submit({ submissionId: "sub-99999999" }));
      expect(r).toMatchObject({
        status: 409,
        code: "PERIOD_ALREADY_SUBMITTED",
        details: { existingSubmissionId: "sub-00000001", existingStatus: status, existingVersion: 3 },
      });
      expect(r.message.zh).toContain("sub-00000001");
      expect(r.message.zh).toContain("/workbook");
      expect(r.message.en).toContain("PUT");
    }
  });

  test("an id already used for another period is not a new submission: 409", () => {
    const r = refused(null, submit({ idElsewhere: { ...placement, period: "H1" } }));
    expect(r).toMatchObject({ status: 409, code: "CONTENT_CONFLICT", details: { storedPeriod: { period: "H1" } } });
  });

  test("a period overlapping a live one (a quarter of a year reported as Y): 409 PERIOD_OVERLAPS", () => {
    const r = refused(
      null,
      submit({ placement: { ...placement, period: "Q1" }, overlapping: [{ submissionId: "sub-year", period: "Y" }] }),
    );
    expect(r).toMatchObject({
      status: 409,
      code: "PERIOD_OVERLAPS",
      details: { existingSubmissionId: "sub-year", existingPeriod: "Y", period: "Q1" },
    });
  });
});

describe("replace (PUT, workbook correction)", () => {
  test("changed content of a submitted one: replaced, version + 1, changed hash audited", () => {
    const d = accepted(stored(), replace());
    expect(d).toMatchObject({ outcome: "replaced", status: 200, next: { status: "submitted", version: 2, contentHash: "hash-b" } });
    expect(d.audit).toMatchObject({
      action: "replace",
      version: 2,
      beforeHash: "hash-a",
      afterHash: "hash-b",
      statusBefore: "submitted",
      statusAfter: "submitted",
    });
    expect(d.effects[0]).toEqual({ kind: "store", mode: "replace" });
  });

  test("a returned one corrected (even with the same content) is submitted again and counts again; its review is cleared", () => {
    const returned = stored({
      status: "returned",
      version: 2,
      review: { action: "return", by: { subject: "r", roles: ["province"] }, at: now, reason: "wrong city" },
    });
    expect(countsTowardProgress(returned.status)).toBe(false);
    for (const contentHash of ["hash-a", "hash-b"]) {
      const d = accepted(returned, replace({ contentHash }));
      expect(d.next).toMatchObject({ status: "submitted", version: 3 });
      expect(d.next!.review).toBeUndefined();
      expect(countsTowardProgress(d.next!.status)).toBe(true);
    }
  });

  test("the same content of a submitted one: unchanged, nothing written", () => {
    expect(accepted(stored(), replace({ contentHash: "hash-a" }))).toMatchObject({ outcome: "unchanged", status: 200, next: null });
  });

  test("PUT an approved one: 423 LOCKED with who and when", () => {
    const approved = stored({
      status: "approved",
      version: 2,
      review: { action: "approve", by: { subject: "reviewer-li", roles: ["province"] }, at: now },
    });
    const r = refused(approved, replace());
    expect(r).toMatchObject({ status: 423, code: "LOCKED", details: { approvedBy: "reviewer-li", approvedAt: now } });
    expect(refused(approved, replace({ precondition: "stale" })).status).toBe(423); // locked wins over stale
  });

  test("without a precondition: 428; with a stale one: 412 naming the current version", () => {
    expect(refused(stored(), replace({ precondition: "absent" }))).toMatchObject({ status: 428, code: "PRECONDITION_REQUIRED" });
    expect(refused(stored({ version: 4 }), replace({ precondition: "stale" }))).toMatchObject({
      status: 412,
      code: "PRECONDITION_FAILED",
      details: { currentVersion: 4 },
    });
  });

  test("region, year or period cannot change: 409 KEY_FIELDS_IMMUTABLE; a missing one: 404", () => {
    expect(refused(stored(), replace({ placement: { ...placement, period: "H1" } }))).toMatchObject({
      status: 409,
      code: "KEY_FIELDS_IMMUTABLE",
      details: { fields: ["period"] },
    });
    expect(refused(stored(), replace({ placement: { ...placement, year: 2025 } })).details).toEqual({ fields: ["year"] });
    expect(refused(null, replace())).toMatchObject({ status: 404, code: "SUBMISSION_NOT_FOUND" });
  });
});

describe("review (approve, return)", () => {
  test("approve a submitted one: approved, locked, the comment recorded", () => {
    const d = accepted(stored(), { kind: "approve", comment: " ok " }, reviewer);
    expect(d.next).toMatchObject({
      status: "approved",
      version: 2,
      review: { action: "approve", by: { subject: "reviewer-li" }, at: now, reason: "ok" },
    });
    expect(d.audit).toMatchObject({ action: "approve", statusBefore: "submitted", statusAfter: "approved", reason: "ok" });
    expect(countsTowardProgress("approved")).toBe(true);
  });

  test("return with a reason: returned, stops counting, reason audited", () => {
    const d = accepted(stored(), { kind: "return", reason: "wrong sector" }, reviewer);
    expect(d.next).toMatchObject({ status: "returned", version: 2, review: { action: "return", reason: "wrong sector" } });
    expect(d.audit!.reason).toBe("wrong sector");
    expect(countsTowardProgress(d.next!.status)).toBe(false);
  });

  test("return without a reason (absent, empty or blank): 400 REASON_REQUIRED", () => {
    for (const reason of [undefined, null, "", "   "]) {
      expect(refused(stored(), { kind: "return", reason }, reviewer)).toMatchObject({ status: 400, code: "REASON_REQUIRED" });
    }
  });

  test("approve or return a returned one: 409 NOT_AWAITING_REVIEW", () => {
    const returned = stored({ status: "returned" });
    expect(refused(returned, { kind: "approve" }, reviewer)).toMatchObject({ status: 409, code: "NOT_AWAITING_REVIEW" });
    expect(refused(returned, { kind: "return", reason: "again" }, reviewer)).toMatchObject({ status: 409, code: "NOT_AWAITING_REVIEW" });
  });

  test("approve or return an approved one: 423 LOCKED", () => {
    const approved = stored({ status: "approved", review: { action: "approve", by: { subject: "x", roles: ["admin"] }, at: now } });
    expect(refused(approved, { kind: "approve" }, reviewer).status).toBe(423);
    expect(refused(approved, { kind: "return", reason: "late" }, reviewer).status).toBe(423);
  });

  test("approve while another submission claims a contract (001 二(四)): 409 ONE_SIDE_CONFLICT", () => {
    const r = refused(stored(), { kind: "approve", conflicts: [{ zh: "双方", en: "both sides" }] }, reviewer);
    expect(r).toMatchObject({ status: 409, code: "ONE_SIDE_CONFLICT" });
    expect(r.message.en).toContain("both sides");
  });

  test("a stale If-Match on a review: 412", () => {
    expect(refused(stored(), { kind: "approve", precondition: "stale" }, reviewer).status).toBe(412);
    expect(refused(stored(), { kind: "return", reason: "x", precondition: "stale" }, reviewer).status).toBe(412);
  });
});

test("what counts toward progress: submitted and approved, not returned", () => {
  expect(["submitted", "approved", "returned"].map((s) => countsTowardProgress(s as never))).toEqual([true, true, false]);
});

test("overlapping periods: the year overlaps every half and quarter; a half its two quarters; quarters only the year and their half", () => {
  expect(overlappingPeriods("Y").sort()).toEqual(["H1", "H2", "Q1", "Q2", "Q3", "Q4"]);
  expect(overlappingPeriods("H1").sort()).toEqual(["Q1", "Q2", "Y"]);
  expect(overlappingPeriods("Q3").sort()).toEqual(["H2", "Y"]);
});

test("a full life: create → return → correct → approve → locked, versions 1..4, every step audited", () => {
  let state: LifecycleState | null = null;
  const steps: [LifecycleCommand, LifecycleActor][] = [
    [submit(), institute],
    [{ kind: "return", reason: "missing receipts" }, reviewer],
    [replace({ contentHash: "hash-c" }), institute],
    [{ kind: "approve" }, reviewer],
  ];
  const actions: string[] = [];
  for (const [cmd, actor] of steps) {
    const d = accepted(state, cmd, actor);
    actions.push(`${d.audit!.action}:${d.next!.version}:${d.next!.status}`);
    state = d.next;
  }
  expect(actions).toEqual(["create:1:submitted", "return:2:returned", "replace:3:submitted", "approve:4:approved"]);
  expect(refused(state, replace({ contentHash: "hash-d" })).code).toBe("LOCKED");
});
