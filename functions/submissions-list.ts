/**
 * GET /api/submissions?instituteId=&year=&region= — institutes see their own (instituteId defaults to
 * theirs); provincial staff their region (region defaults to theirs); admins everything. Paged, oldest
 * first: `?limit=` (1–500, default 100) and `?continuation=` (the previous answer's `continuation`; null
 * on the last page).
 */
import { region as regionSchema, year as yearSchema } from "@tt/contract";
import { assertMayRead, assertMayReadRegion } from "./lib/auth";
import { publicView } from "./lib/documents";
import { apiError, endpoint, httpEtag, json } from "./lib/http";
import { versionTag } from "./lib/submission-ops";

export const submissionsList = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const yearText = req.query.get("year");
  const year = yearText === null ? undefined : yearSchema.safeParse(Number(yearText));
  if (year && !year.success) throw badQuery("year", yearText!, "2000–2100");
  const regionText = req.query.get("region");
  const region = regionText === null ? undefined : regionSchema.safeParse(regionText);
  if (region && !region.success) throw badQuery("region", regionText!, "CN-HL / CN-HE");

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
  const limitText = req.query.get("limit");
  const limit = limitText === null ? DEFAULT_PAGE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw badQuery("limit", limitText!, `1–${MAX_PAGE}`);
  const page = await s.repo.listSubmissionsPage(filter, { limit, continuation: req.query.get("continuation") });
  return json(200, {
    count: page.items.length,
    submissions: page.items.map((d) => ({ ...publicView(d), etag: httpEtag(versionTag(d)) })),
    continuation: page.continuation,
  });
});

/** Page size: `?limit=` (default DEFAULT_PAGE, at most MAX_PAGE); the next page with `?continuation=` from the answer. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 500;

const badQuery = (field: string, received: string, expected: string) =>
  apiError("INVALID_QUERY", { field, received, expected }, { field, received, expected });
