/**
 * The API contract: every request and response shape (zod schemas and the types inferred from them), shared by
 * the cloud API, the task pane, the custom functions and the web page. Browser-safe; no Node built-ins.
 * The custom functions import types only (`import type`), so zod stays out of their bundle.
 */
export { money, isoDate, year, region, partyRegion, instituteId } from "./schemas/fields";
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
export type { ProgressReport, MetricProgress, BreakdownRow, Breakdown, InstituteType } from "./progress-report";
