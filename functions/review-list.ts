/**
 * GET /api/review?region=&year=[&status=] — the review queue of a region: every submission with its
 * institute's name, period, status, counts, claimed basis vs computed subsidy and one-side conflicts
 * (001 二(四), confirmed against the documents as approval does). Provincial staff of the region (region
 * defaults to theirs) or an admin (who must name the region). At most REVIEW_LIMIT rows.
 */
import { Decimal } from "@tt/engine";
import { region as regionSchema, year as yearSchema } from "@tt/contract";
import type { ReviewList, ReviewRow } from "@tt/contract";
import { assertMayReadRegion } from "./lib/auth";
import { apiError, endpoint, json } from "./lib/http";
import { oneSideConflicts } from "./lib/one-side";

export const REVIEW_LIMIT = 500;
const STATUSES = ["submitted", "approved", "returned"] as const;

export const reviewList = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const regionText = req.query.get("region") ?? caller.region ?? null;
  if (regionText === null) {
    throw apiError("REGION_REQUIRED", {}, { field: "region" });
  }
  const region = regionSchema.safeParse(regionText);
  if (!region.success) throw badQuery("region", regionText, "CN-HL / CN-HE");
  const yearText = req.query.get("year");
  const year = yearText === null || yearText === "" ? null : yearSchema.safeParse(Number(yearText));
  if (year && !year.success) throw badQuery("year", yearText!, "2000–2100");
  const statusText = req.query.get("status");
  if (statusText !== null && !(STATUSES as readonly string[]).includes(statusText))
    throw badQuery("status", statusText, STATUSES.join(" / "));
  assertMayReadRegion(caller, region.data);

  const docs = (await s.repo.listSubmissions({ region: region.data, ...(year ? { year: year.data } : {}) })).filter(
    (d) => !statusText || d.status === statusText,
  );
  const names = new Map((await s.repo.institutesOf(region.data)).map((i) => [i.instituteId, i.name]));
  const rows: ReviewRow[] = [];
  for (const d of docs.slice(0, REVIEW_LIMIT)) {
    rows.push({
      id: d.id,
      instituteId: d.instituteId,
      instituteName: names.get(d.instituteId) ?? null,
      year: d.year,
      period: d.period,
      status: d.status,
      version: d.version,
      achievements: d.submission.achievements.length,
      contracts: d.submission.contracts.length,
      claimedBasis: d.subsidies.reduce((sum, x) => sum.plus(x.basis.amount), new Decimal(0)).toFixed(2),
      contractTurnover: d.submission.contracts.reduce((sum, c) => sum.plus(c.contractAmount), new Decimal(0)).toFixed(2),
      subsidyTotal: d.subsidyTotal,
      notComputed: d.subsidies.filter((x) => x.status !== "computed").length,
      conflicts: d.status === "submitted" ? await oneSideConflicts(s.repo, d) : [],
      updatedAt: d.updatedAt,
      ...(d.review
        ? { review: { action: d.review.action, at: d.review.at, ...(d.review.reason ? { reason: d.review.reason } : {}) } }
        : {}),
      ...(d._etag ? { etag: d._etag } : {}),
    });
  }
  const body: ReviewList = {
    region: region.data,
    year: year ? year.data : null,
    count: docs.length,
    truncated: docs.length > REVIEW_LIMIT,
    limit: REVIEW_LIMIT,
    rows,
  };
  return json(200, body);
});

const badQuery = (field: string, received: string, expected: string) =>
  apiError("INVALID_QUERY", { field, received, expected }, { field, received, expected });
