import type { TargetFile } from "./file-schema";

/** The years for which a target series states something (for cumulative series: the year it is due). */
export function targetYears(t: Pick<TargetFile, "values">): number[] {
  return t.values.map((v) => ("to" in v ? v.to : v.year));
}
