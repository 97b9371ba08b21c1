/**
 * A stored submission as the API returns it (GET/POST/PUT /api/submissions…, approve, return), its review
 * state and its audit entries. The server's document (functions/lib/documents.ts) is this plus storage
 * internals; the task pane, the web page and the tests read exactly this.
 */
import type { ContractSubsidy } from "@tt/engine";
import type { Submission } from "./schemas/records";

/** The lifecycle's statuses and audit actions are the engine's (packages/engine/src/lifecycle/transition.ts). */
export type { LifecycleStatus as SubmissionStatus, AuditAction } from "@tt/engine";
import type { AuditAction, LifecycleStatus as SubmissionStatus } from "@tt/engine";

/** Who did something: the token's subject and roles, and the institute or region it is bound to. */
export interface Actor {
  subject: string;
  roles: string[];
  instituteId?: string;
  region?: string;
}

export interface AuditEntry {
  id: string;
  submissionId: string;
  instituteId: string;
  region: string;
  version: number;
  action: AuditAction;
  by: Actor;
  at: string;
  beforeHash: string | null;
  afterHash: string;
  statusBefore: SubmissionStatus | null;
  statusAfter: SubmissionStatus;
  /** For replace: the paths that differ (at most 100, then "…"). */
  changedFields?: string[];
  reason?: string;
}

/** The server's subsidy of one contract: the engine's outcome, as stored with the submission. */
export type ServerSubsidy = ContractSubsidy;

export interface SubmissionRecord {
  id: string;
  docType: "submission";
  instituteId: string;
  region: string;
  year: number;
  period: string;
  submission: Submission;
  contentHash: string;
  subsidies: ServerSubsidy[];
  subsidyTotal: string;
  rulesVersion: string;
  status: SubmissionStatus;
  /** Set when approved or returned: by whom, when, why. */
  review?: { action: "approve" | "return"; by: Actor; at: string; reason?: string };
  version: number;
  createdBy: Actor;
  createdAt: string;
  updatedBy: Actor;
  updatedAt: string;
}

/** GET /api/submissions */
export interface SubmissionList {
  submissions: SubmissionRecord[];
}
