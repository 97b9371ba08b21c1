/**
 * GET /api/progress?region=&year=[&by=sector|city|instituteType] — actual vs target for every metric of
 * the region and year, and which registered institutes have not submitted. Provincial staff of the
 * region or admins. Folded from summaries (see lib/progress.ts).
 */
import { region as regionSchema, year as yearSchema } from "../shared/src";
import { assertMayReadRegion } from "./lib/auth";
import { ApiError, endpoint, json } from "./lib/http";
import { firstYearNeeded, progress, type Breakdown } from "./lib/progress";

const BREAKDOWNS: Breakdown[] = ["sector", "city", "instituteType"];

export const progressGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const region = regionSchema.safeParse(req.query.get("region"));
  const year = yearSchema.safeParse(Number(req.query.get("year")));
  const by = req.query.get("by");
  const issues = [
    ...(region.success ? [] : [{ path: "region", code: "NOT_IN_LIST", message: { zh: "region 应为 CN-HL 或 CN-HE", en: "region must be CN-HL or CN-HE" } }]),
    ...(year.success ? [] : [{ path: "year", code: "INVALID_YEAR", message: { zh: "year 应为 2000–2100 的整数", en: "year must be a whole number 2000–2100" } }]),
    ...(by === null || (BREAKDOWNS as string[]).includes(by) ? [] : [{ path: "by", code: "NOT_IN_LIST", message: { zh: `by 应为 ${BREAKDOWNS.join("、")}`, en: `by must be one of ${BREAKDOWNS.join(", ")}` } }]),
  ];
  if (!region.success || !year.success || issues.length) {
    throw new ApiError(400, "INVALID_QUERY", { zh: "查询参数无效。", en: "Invalid query parameters." }, { issues });
  }
  assertMayReadRegion(caller, region.data);
  const from = firstYearNeeded(region.data, year.data);
  const [institutes, summaries] = await Promise.all([s.repo.institutesOf(region.data), s.repo.listSummaries(region.data, from, year.data)]);
  return json(200, progress({ region: region.data, year: year.data, institutes, summaries, ...(by ? { by: by as Breakdown } : {}) }));
});
