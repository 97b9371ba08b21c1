/**
 * What the progress endpoints share: reading `region`, `year` and `by` from the query string, and loading
 * what a report needs: the rollup's totals (ROLLUP_SHARDS small documents per year, whatever the number of
 * institutes), the register's size, and the register entries of the institutes that have not reported
 * (the answer's own size). The whole register and the year's rollup items are read only when the shards'
 * lists of who has not reported do not prove complete, and the shards are then repaired.
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
  const lists = new Map<number, ReturnType<typeof completenessOf>>();
  // Who has not reported, from the shards' `unreported` lists when they prove complete (lib/rollup.ts): the
  // register is never deleted from and the shards' counted and unreported institutes are disjoint subsets of
  // it, so if their sizes add up to the register's size they are all of it. Then only the listed institutes'
  // register entries are read (the answer's own size).
  const short: number[] = [];
  for (const year of years) {
    const shards = rollup.shards.filter((sh) => sh.year === year);
    const counted = shards.reduce((n, sh) => n + sh.totals.counted, 0);
    const unreported = shards.flatMap((sh) => sh.totals.unreported ?? []);
    const complete = shards.every((sh) => sh.totals.unreported) && counted + unreported.length === rollup.registered;
    if (!complete) {
      short.push(year);
      continue;
    }
    const ids = unreported.map((u) => u.instituteId);
    const named = new Map((await s.repo.institutesNamed(region, ids)).map((i) => [i.instituteId, i]));
    if (named.size !== unreported.length) {
      short.push(year);
      continue;
    }
    const missing = unreported
      .map(({ instituteId, returned }) => {
        const i = named.get(instituteId)!;
        return { instituteId, name: i.name, city: i.city, type: i.type, ...(returned ? { note: "returned" } : {}) };
      })
      .sort((a, b) => a.instituteId.localeCompare(b.instituteId));
    lists.set(year, completenessOf(rollup.registered, counted, missing));
  }
  // Otherwise (a shard nobody wrote this year, a register change in flight, shards written before the lists
  // existed): the register and the year's rollup items are read, and the shards reconciled with the register
  // so the next read takes the path above. The reconciliation is a repair: its failure does not fail the read.
  if (short.length) {
    const [institutes, summaries] = await Promise.all([
      s.repo.institutesOf(region),
      s.repo.listSummaries(region, Math.min(...short), Math.max(...short)),
    ]);
    for (const year of short) {
      lists.set(year, completeness({ region, year, institutes, summaries }));
      // A year nobody has reported for lists the whole register: reading it is the answer's own size, so
      // no shard is created for it by a read.
      if (!rollup.shards.some((sh) => sh.year === year)) continue;
      await s.repo.reconcileRegister(region, year, institutes).catch((e: unknown) => {
        console.warn(`progress: reconciling ${region} ${year} with the register failed (next read retries): ${String(e)}`);
      });
    }
  }
  const generatedAt = new Date().toISOString();
  for (const year of years) {
    const done = lists.get(year)!;
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
