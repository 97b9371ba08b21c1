/**
 * The stored shapes. One submission is ONE Cosmos document (atomic): the parsed submission, its content
 * hash, the server's subsidy figures, the review status and the audit entry of its latest change.
 *
 * Containers and partition keys (see infra/main.json and functions/README.md):
 *   submissions  /instituteId  id = year-period (the natural identity: one live submission per institute,
 *                              year and period); the client's id is the field `submissionId` (the repository
 *                              maps it back, so `SubmissionDoc.id` is the submission id everywhere else)
 *   summaries    /region       id = rollup:year:shard (ROLLUP_SHARDS per region and year, see rollup.ts)
 *   audit        /submissionId id = submissionId:v<version>
 *   institutes   /region       id = instituteId
 *   pending      /region       id = instituteId|year-period|attempt (PendingDoc: writes whose rollup is not complete)
 */
import { createHash } from "node:crypto";
import type { Bilingual } from "@tt/engine";
import { canonicalJson, type AuditEntry, type Submission, type SubmissionRecord, type SubmissionStatus } from "@tt/contract";
import type { SubsidyOutcome } from "./subsidies";

export type { Actor, AuditAction, AuditEntry, SubmissionStatus } from "@tt/contract";

/** The stored document: what the API returns (`SubmissionRecord`) plus the outbox copy of its audit entry and the ETag. */
export interface SubmissionDoc extends SubmissionRecord {
  subsidies: SubsidyOutcome[];
  /** Outbox: the audit entry of this version, copied to the audit container (see repository.ts). */
  lastAudit: AuditEntry;
  /** This version's own progress summary (computed from this document alone; the rollup copies it). */
  summary?: SummaryEntry;
  /**
   * Stored by versions written before pending markers existed: set while that version was not yet in its
   * rollup. Such documents are still overlaid and swept (repository.ts `legacyPending`); new ones never have it.
   */
  rollupPending?: boolean;
  /**
   * Not stored: the id of the pending marker (PendingDoc) the write of this version left, on the copy the
   * repository returns to the writer, which removes the marker once the rollup and claims have this version.
   */
  pendingMarker?: string;
  /** Cosmos ETag of the stored document (internal: the HTTP ETag is derived from `version`, see versionEtag). */
  _etag?: string;
}

/**
 * One technology contract claimed in a year, with every submission that claims it (claims container,
 * partition /region). An index for finding candidates only: conflicts are confirmed against the
 * submission documents themselves (lib/one-side.ts), so a stale entry can never block or hide one.
 */
export interface ClaimDoc {
  id: string;
  docType: "claim";
  region: string;
  year: number;
  registrationNumber: string;
  /** Keyed by `${instituteId}/${submissionId}`. */
  entries: Record<string, { instituteId: string; submissionId: string; role: "buyer" | "seller"; version: number }>;
  updatedAt: string;
  _etag?: string;
}

export const claimId = (year: number, registrationNumber: string) => `${year}:${registrationNumber}`;

/**
 * An institute's reporting periods and the submission holding each (identities container, partition and
 * id = the institute id). A new submission reserves its period here, under this document's ETag, before
 * its own document is created: two submissions whose periods overlap (2024 Y and 2024 Q1), or one id sent
 * for two periods, cannot both pass even when they arrive at the same moment, since only one of two writes
 * under the same ETag succeeds and the other decides again on what the first reserved.
 *
 * A reservation whose submission document does not exist is an attempt in flight, or one that failed
 * after reserving: it holds its period for RESERVATION_LEASE_MS, then the next submission may take it.
 */
export interface IdentityDoc {
  id: string;
  docType: "identity";
  instituteId: string;
  /** `year|period` → the submission holding the period and when it was reserved. */
  periods: Record<string, { submissionId: string; reservedAt: string }>;
  _etag?: string;
}

/**
 * A write of a submission version whose rollup and claims are not yet complete (pending container,
 * partition /region). Created before the submission document is written and deleted only once the
 * version is in its rollup shard and claims, or once the attempt is known to have failed (repository.ts
 * write protocol), so every stored version missing from the rollup has one. Progress reads overlay the
 * documents these point to: the container holds only writes in flight (and, after a fault, those the
 * sweeper has not completed yet), so that read does not grow with the stored submissions.
 */
export interface PendingDoc {
  id: string;
  docType: "pending";
  region: string;
  year: number;
  instituteId: string;
  period: string;
  submissionId: string;
  /** The version the attempt writes. */
  version: number;
  createdAt: string;
  _etag?: string;
}

export const identityKey = (year: number, period: string) => `${year}|${period}`;
export const placementOfKey = (key: string): { year: number; period: string } => ({
  year: Number(key.slice(0, key.indexOf("|"))),
  period: key.slice(key.indexOf("|") + 1),
});

export interface SummaryEntry {
  submissionId: string;
  version: number;
  status: SubmissionStatus;
  achievements: number;
  achievementsBySector: Record<string, number>;
  /** Achievements answered yes per question of the region (policy/categories `flags`); absent in entries stored before. */
  achievementsByFlag?: Record<string, number>;
  contracts: number;
  contractTurnover: string;
  subsidyTotal: string;
}

export interface SummaryDoc {
  id: string;
  docType: "summary";
  region: string;
  instituteId: string;
  year: number;
  period: string;
  /** One entry per submission of this institute and period, each computed from its single document. */
  entries: Record<string, SummaryEntry>;
  updatedAt: string;
  _etag?: string;
}

/** The register's institute types: the shared API type, so progress reports and documents agree. */
export type { InstituteType } from "@tt/contract";
import type { InstituteType } from "@tt/contract";

export interface Institute {
  id: string;
  instituteId: string;
  name: Bilingual;
  region: string;
  city: string;
  type: InstituteType;
}

/**
 * The contract's content hash (SHA-256 of `canonicalJson`), computed synchronously with node:crypto for the
 * write path; tests/shared/content-hash.test.ts checks it equals the contract's Web Crypto `contentHash`.
 */
export const contentHash = (s: Submission): string => createHash("sha256").update(canonicalJson(s)).digest("hex");

export const summaryId = (instituteId: string, year: number, period: string) => `${instituteId}:${year}:${period}`;
export const auditId = (submissionId: string, version: number) => `${submissionId}:v${version}`;

/** The document without Cosmos system fields, the outbox copy and the rollup bookkeeping: what the API returns. */
export function publicView(doc: SubmissionDoc): SubmissionRecord {
  const { _etag, lastAudit, summary, rollupPending, pendingMarker, ...rest } = doc as SubmissionDoc & Record<string, unknown>;
  for (const k of ["_rid", "_self", "_ts", "_attachments"]) delete (rest as Record<string, unknown>)[k];
  return rest;
}

/** Paths where two JSON values differ (arrays by index), at most `limit`. */
export function changedPaths(before: unknown, after: unknown, limit = 100, path = ""): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, p: string) => {
    if (out.length > limit) return;
    if (a === b) return;
    const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
    if (!bothObjects) {
      out.push(p || "(root)");
      return;
    }
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of [...keys].sort()) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], p ? `${p}.${k}` : k);
  };
  walk(before, after, path);
  return out.length > limit ? [...out.slice(0, limit), "…"] : out;
}
