/**
 * The API contract: every request and response shape (zod schemas and the types inferred from them), shared by
 * the cloud API, the task pane, the custom functions and the web page. Browser-safe; no Node built-ins.
 * The add-in imports `@tt/contract/client` (the client, the content hash, the wire types; no zod) and types
 * from here (`import type`), so zod stays out of its bundles.
 */
export { money, isoDate, year, region, partyRegion, instituteId, safeText, MONEY_CEILING, MONEY_MAX_CHARS } from "./schemas/fields";
export {
  achievement,
  technologyContract,
  receipt,
  period,
  submission,
  type Achievement,
  type TechnologyContract,
  type Submission,
  type SubmissionInput,
} from "./schemas/records";
export { fieldIssues, type FieldIssue } from "./schemas/issues";
export { progressBatchRequest } from "./schemas/progress-batch";
export * from "./client";
export * from "./api-errors";
export * from "./indicators";
export * from "./award-roster";
export * from "./review";
