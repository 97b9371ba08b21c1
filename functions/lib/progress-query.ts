/**
 * What the progress endpoints share: reading `region`, `year` and `by` from the query string, and loading
 * what a report needs: the rollup's totals (ROLLUP_SHARDS small documents per year, whatever the number of
 * institutes), the register's size, and — only when some institute has not reported — the register and
 * that year's rollup items for the list of who has not (the answer's own size).
 */
import type { HttpRequest } from "@azure/functions";
import { region as regionSchema, year as yearSchema } from "@tt/contract";
import { type RegionCode } from "@tt/engine";
import { apiError } from "./http";
import {
  BREAKDOWNS,
  completeness,
  completenessOf,
  firstYearNeeded,
  progress,
  type Breakdown,
  type ProgressReport,
  type YearBucket,
} from "./progress";
import type { Services } from "./services";
import { store } from "./indicator-ops";

export interface ProgressQuery {
  region: RegionCode;
  year: number;
  by: Breakdown[];
}

const issue = (path: string, code: string, zh: string, en: string) => ({ path, code, message: { zh, en } });

/** `?region=&year=[&by=sector,city,instituteType]`; every bad parameter is listed (400 INVALID_QUERY). */
export function parseProgressQuery(req: HttpRequest): ProgressQuery {
  const region = regionSchema.safeParse(req.query.get("region"));
  const year = yearSchema.safeParse(Number(req.query.get("year")));
  const byText = req.query.get("by");
  const by = byText === null || byText.trim() === "" ? [] : byText.split(",").map((b) => b.trim());
  const unknown = by.filter((b) => !(BREAKDOWNS as string[]).includes(b));
  const issues = [
    ...(region.success ? [] : [issue("region", "NOT_IN_LIST", "region 应为 CN-HL 或 CN-HE", "region must be CN-HL or CN-HE")]),
    ...(year.success ? [] : [issue("year", "INVALID_YEAR", "year 应为 2000–2100 的整数", "year must be a whole number 2000–2100")]),
    ...(unknown.length === 0
      ? []
      : [
          issue(
            "by",
            "NOT_IN_LIST",
            `by 应为 ${BREAKDOWNS.join("、")} 中的一个或多个（逗号分隔），收到 ${unknown.join("、")}`,
            `by must be one or more of ${BREAKDOWNS.join(", ")} (comma-separated); received ${unknown.join(", ")}`,
          ),
        ]),
  ];
  if (!region.success || !year.success || issues.length) {
    throw apiError("INVALID_QUERY", { count: issues.length }, { issues });
  }
  return { region: region.data as RegionCode, year: year.data, by: [...new Set(by)] as Breakdown[] };
}

/** Reports of one region for several years from one read of the register and one of the summaries. */
export async function loadProgressYears(
  s: Services,
  region: RegionCode,
  years: readonly number[],
  by: readonly Breakdown[] = [],
): Promise<Map<number, ProgressReport>> {
  const out = new Map<number, ProgressReport>();
  if (years.length === 0) return out;
  const from = Math.min(...years.map((y) => firstYearNeeded(region, y)));
  const to = Math.max(...years);
  const [rollup, indicators] = await Promise.all([s.repo.progressRollup(region, from, to), store(s).list(region, from, to)]);
  const buckets: YearBucket[] = rollup.shards.flatMap((sh) => sh.totals.buckets.map((b) => ({ ...b, year: sh.year })));
  const submittedIn = (year: number) => rollup.shards.reduce((n, sh) => n + (sh.year === year ? sh.totals.counted : 0), 0);
  // Who has not reported: only when someone has not (the list is the answer's own size); then the register
  // and that year's rollup items are read.
  const short = years.filter((y) => submittedIn(y) !== rollup.registered);
  const lists = new Map<number, ReturnType<typeof completenessOf>>();
  if (short.length) {
    const [institutes, summaries] = await Promise.all([
      s.repo.institutesOf(region),
      s.repo.listSummaries(region, Math.min(...short), Math.max(...short)),
    ]);
    for (const year of short) lists.set(year, completeness({ region, year, institutes, summaries }));
  }
  const generatedAt = new Date().toISOString();
  for (const year of years) {
    const done = lists.get(year) ?? completenessOf(rollup.registered, submittedIn(year), []);
    out.set(
      year,
      progress({ region, year, institutes: [], summaries: [], rollup: { buckets, completeness: done }, indicators, by, generatedAt }),
    );
  }
  return out;
}

export async function loadProgress(s: Services, q: ProgressQuery): Promise<ProgressReport> {
  return (await loadProgressYears(s, q.region, [q.year], q.by)).get(q.year)!;
}
