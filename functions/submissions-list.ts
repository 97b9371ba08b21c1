/**
 * GET /api/submissions?instituteId=&year=&region= — institutes see their own (instituteId defaults to
 * theirs); provincial staff their region (region defaults to theirs); admins everything.
 */
import { region as regionSchema, year as yearSchema } from "@tt/contract";
import { assertMayRead, assertMayReadRegion } from "./lib/auth";
import { publicView } from "./lib/documents";
import { ApiError, endpoint, json } from "./lib/http";

export const submissionsList = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const yearText = req.query.get("year");
  const year = yearText === null ? undefined : yearSchema.safeParse(Number(yearText));
  if (year && !year.success) throw badQuery("year", yearText!);
  const regionText = req.query.get("region");
  const region = regionText === null ? undefined : regionSchema.safeParse(regionText);
  if (region && !region.success) throw badQuery("region", regionText!);

  const filter: { instituteId?: string; region?: string; year?: number } = year ? { year: year.data } : {};
  const instituteId = req.query.get("instituteId") ?? (caller.roles.includes("institute") && !region ? caller.instituteId : undefined);
  if (instituteId) {
    const inst = await s.repo.institute(instituteId);
    assertMayRead(caller, { instituteId, region: inst?.region ?? "unregistered" });
    filter.instituteId = instituteId;
  } else if (region?.data ?? caller.region) {
    filter.region = (region?.data ?? caller.region)!;
    assertMayReadRegion(caller, filter.region);
  } else if (!caller.roles.includes("admin")) {
    assertMayReadRegion(caller, "(all regions)");
  }
  const docs = await s.repo.listSubmissions(filter);
  return json(200, { count: docs.length, submissions: docs.map((d) => ({ ...publicView(d), etag: d._etag })) });
});

const badQuery = (field: string, received: string) =>
  new ApiError(400, "INVALID_QUERY", { zh: `查询参数 ${field} 无效：${received}`, en: `Query parameter ${field} is invalid: ${received}` }, { field, received });
