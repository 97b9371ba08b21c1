/**
 * The JSON of the review queue (GET /api/review) and of the submission views the web page and the task
 * pane read. Types only: the server builds them in functions/review-list.ts and returns stored documents
 * from the submission endpoints.
 */
import type { Bilingual } from "@tt/engine";
import type { ContractSubsidy } from "@tt/engine";
import type { OneSideViolation } from "@tt/engine";
import type { Submission } from "./schemas/records";

import type { SubmissionStatus } from "./submissions";

/** A stored submission as GET /api/submissions/{id} returns it (reviewers also get oneSideConflicts). */
export interface SubmissionView {
  id: string;
  instituteId: string;
  region: string;
  year: number;
  period: string;
  submission: Submission;
  contentHash: string;
  subsidies: ContractSubsidy[];
  subsidyTotal: string;
  rulesVersion: string;
  status: SubmissionStatus;
  review?: { action: "approve" | "return"; by: { subject: string; roles: string[] }; at: string; reason?: string };
  version: number;
  createdAt: string;
  updatedAt: string;
  /** In list responses: the ETag of this version. */
  etag?: string;
  oneSideConflicts?: OneSideViolation[];
}

/** One row of the review queue. */
export interface ReviewRow {
  id: string;
  instituteId: string;
  instituteName: Bilingual | null;
  year: number;
  period: string;
  status: SubmissionStatus;
  version: number;
  achievements: number;
  contracts: number;
  /** What the institute claims a subsidy on: the sum of the contracts' basis amounts (CN-HL received in year, CN-HE contract amount). */
  claimedBasis: string;
  /** Sum of contract amounts as declared. */
  contractTurnover: string;
  /** The server's subsidy total. */
  subsidyTotal: string;
  /** Contracts whose subsidy could not be computed (no rule, or not computable). */
  notComputed: number;
  /** One side per deal (001 二(四)): other submissions claiming the same contract in the same year. */
  conflicts: OneSideViolation[];
  updatedAt: string;
  review?: { action: "approve" | "return"; at: string; reason?: string };
  etag?: string;
}

export interface ReviewList {
  region: string;
  year: number | null;
  count: number;
  /** True when more than `limit` submissions matched (the oldest `limit` are listed). */
  truncated: boolean;
  limit: number;
  rows: ReviewRow[];
}

/** GET /api/institutes/{id}: the register entry. */
export interface InstituteView {
  instituteId: string;
  name: Bilingual;
  region: string;
  city: string;
  type: string;
}
