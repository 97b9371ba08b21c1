/**
 * Parsing of the words people type for regions, roles and sources (English codes and the Chinese
 * names), kept apart from the arithmetic: the rules receive only parsed values.
 */
import { PolicyError } from "../errors";
import { parseDate, todayInChina } from "../dates";
import { isBlank } from "../blank";
import type { RegionCode } from "../policy/file-schema";

export type Role = "buyer" | "seller";
export type Source = "BJ" | "TJ" | null;

const REGIONS: Record<string, RegionCode> = {
  "CN-HL": "CN-HL",
  HL: "CN-HL",
  黑龙江: "CN-HL",
  黑龙江省: "CN-HL",
  "CN-HE": "CN-HE",
  HE: "CN-HE",
  河北: "CN-HE",
  河北省: "CN-HE",
};

const ROLES: Record<string, Role> = {
  BUYER: "buyer",
  受让方: "buyer",
  SELLER: "seller",
  出让方: "seller",
};

const SOURCES: Record<string, Source> = {
  "": null,
  BJ: "BJ",
  北京: "BJ",
  "CN-BJ": "BJ",
  TJ: "TJ",
  天津: "TJ",
  "CN-TJ": "TJ",
  京津: "BJ",
};

const key = (v: unknown) => (typeof v === "string" ? v.trim().toUpperCase() : undefined);
const shown = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));

export const REGION_CODES: readonly RegionCode[] = ["CN-HL", "CN-HE"];

export function parseRegion(input: unknown): RegionCode {
  const k = key(input);
  const region = k === undefined ? undefined : REGIONS[k];
  if (!region) throw new PolicyError("UNKNOWN_REGION", { expected: "CN-HL (黑龙江), CN-HE (河北)", received: shown(input) });
  return region;
}

export function parseRole(input: unknown): Role {
  const k = key(input);
  const role = k === undefined ? undefined : ROLES[k];
  if (!role) throw new PolicyError("UNKNOWN_ROLE", { expected: "buyer (受让方), seller (出让方)", received: shown(input) });
  return role;
}

/** Beijing/Tianjin source for the Hebei rule; null, undefined and "" mean "not from Beijing or Tianjin". */
export function parseSource(input: unknown): Source {
  if (input === null || input === undefined) return null;
  const k = key(input);
  if (k === undefined || !(k in SOURCES)) throw new PolicyError("UNKNOWN_SOURCE", { received: shown(input) });
  return SOURCES[k]!;
}

/** The date whose rules apply: the given one, or today in China when blank. */
export function ruleDate(input: unknown): string {
  return isBlank(input) ? todayInChina() : parseDate(input);
}

/** A region, or the default when blank (Excel passes null for an omitted optional argument). */
export function regionOr(input: unknown, fallback: RegionCode): RegionCode {
  return isBlank(input) ? fallback : parseRegion(input);
}
