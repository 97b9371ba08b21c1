/**
 * Targets against live actuals: TT.PROGRESS and TT.TARGETGAP without an actual ask the cloud API
 * (through the batching ProgressClient) for the provincial actual of (region, year, metric).
 */
import {
  DEFAULT_METRIC,
  DEFAULT_REGION,
  REGION_NAMES,
  PolicyError,
  metricsOf,
  parseRegion,
  parseYear,
  target,
  targetGap,
  type GapResult,
} from "@tt/engine";
import { progressClient } from "./progress-client";
import { toExcelError } from "./excel-errors";
import { overRangeAsync, pairedArgument, type Matrix } from "./matrix";
import { isBlank } from "@tt/engine";

/** The live actual for one cell, after validating the arguments locally (bad input never reaches the network). */
export function liveActual(year: unknown, metric: unknown, region: unknown): Promise<string> {
  const r = isBlank(region) ? DEFAULT_REGION : parseRegion(region);
  const m = isBlank(metric) ? DEFAULT_METRIC : String(metric).trim();
  const y = parseYear(year);
  if (!metricsOf(r).includes(m)) {
    throw new PolicyError("UNKNOWN_METRIC", {
      region: r,
      regionName: REGION_NAMES[r]!.zh,
      received: m,
      available: metricsOf(r).join(", "),
    });
  }
  return progressClient().actual({ region: r, year: y, metric: m });
}

/** target − actual, with the actual typed in, or fetched live when it was omitted (null). */
export async function gapFor(year: unknown, actual: unknown, metric: unknown, region: unknown, live: boolean): Promise<GapResult> {
  if (!live) return targetGap({ year, actual, metric, region });
  const t = target({ year, metric, region }); // a missing target fails here, before any request
  const fetched = await progressClient().actual({ region: t.region, year: t.year, metric: t.metric });
  return targetGap({ year, actual: fetched, metric, region });
}

/** TT.TARGETGAP over a range of years; `actual` is omitted (live), one value, or a range of the same shape. */
export async function targetGapOver(years: unknown, actual: unknown, metric: unknown, region: unknown): Promise<Matrix> {
  let paired: ReturnType<typeof pairedArgument>;
  try {
    paired = pairedArgument("actual", actual, years);
  } catch (e) {
    return [[toExcelError(e)]];
  }
  return overRangeAsync(years, async (y, r, c) =>
    (await gapFor(y, paired ? paired(r, c) : null, metric, region, paired === null)).gap.toNumber(),
  );
}
