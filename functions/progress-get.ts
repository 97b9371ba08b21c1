/**
 * GET /api/progress?region=&year=[&by=sector,city,instituteType] — actual vs target for every metric of
 * the region and year, which registered institutes have not submitted, the breakdowns asked for, and the
 * history of the chart metric. Provincial staff of the region or admins. Folded from summaries (see
 * lib/progress.ts); the body is a `ProgressReport` (packages/contract/src/progress-report.ts).
 */
import { assertMayReadRegion } from "./lib/auth";
import { endpoint, json } from "./lib/http";
import { loadProgress, parseProgressQuery } from "./lib/progress-query";

export const progressGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const query = parseProgressQuery(req);
  assertMayReadRegion(caller, query.region);
  return json(200, await loadProgress(s, query));
});
