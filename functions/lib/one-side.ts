/**
 * 001 二(四): "对同一年度同一技术交易项目的双方给予单方面支持" — across submissions. The claims index names the
 * other submissions that list the same contract in the same year; each is confirmed against its own
 * document (still there, not returned, still listing the contract), then the engine's
 * `checkOneSidePerTransaction` decides. Where it applies comes from the policy data (`oneSideApplies`: the
 * regions with a `*.tech-subsidy.sides-per-transaction` parameter in force — 001 for Heilongjiang; Hebei,
 * 004 item 9, subsidises the buyer alone and has none).
 */
import { checkOneSidePerTransaction, isPolicyError, oneSideApplies, type OneSideViolation, type SubsidyClaim } from "@tt/engine";
import type { SubmissionDoc } from "./documents";
import type { Repository } from "./repository";

export async function oneSideConflicts(repo: Repository, doc: SubmissionDoc): Promise<OneSideViolation[]> {
  if (!oneSideApplies(doc.region, `${doc.year}-12-31`) || doc.status === "returned") return [];
  const mine = doc.submission.contracts.map((c) => c.registrationNumber);
  const index = await repo.readClaims(doc.region, doc.year, mine);
  const claims: SubsidyClaim[] = doc.submission.contracts.map((c) => ({
    transactionId: c.registrationNumber,
    year: doc.year,
    role: c.role,
    claimant: `${doc.instituteId} (${doc.id})`,
  }));
  for (const claimDoc of index) {
    for (const e of Object.values(claimDoc.entries)) {
      if (e.submissionId === doc.id && e.instituteId === doc.instituteId) continue;
      const other = await repo.readSubmission(e.instituteId, e.submissionId);
      if (!other || other.status === "returned" || other.year !== doc.year) continue;
      const contract = other.submission.contracts.find((c) => c.registrationNumber === claimDoc.registrationNumber);
      if (!contract) continue;
      claims.push({
        transactionId: contract.registrationNumber,
        year: other.year,
        role: contract.role,
        claimant: `${other.instituteId} (${other.id})`,
      });
    }
  }
  try {
    return checkOneSidePerTransaction(claims, `${doc.year}-12-31`).violations;
  } catch (e) {
    if (isPolicyError(e) && e.code === "DATE_BEFORE_POLICY") return []; // a year before 001: no such rule
    throw e;
  }
}
