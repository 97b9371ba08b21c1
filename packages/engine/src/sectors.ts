import { CATEGORIES } from "./generated/categories";
import type { RegionCode } from "./policy/file-schema";

/** An achievement field (领域) of a region, with the clause and quote that name it (policy/categories/<region>.yaml). */
export interface Sector {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly clause: string;
}
/** A yes/no question on each achievement row, asked because a target of the region counts achievements so marked. */
export interface AchievementFlag {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly question: { readonly zh: string; readonly en: string };
  readonly reading: { readonly zh: string; readonly en: string };
  readonly reference: { readonly section: string; readonly quote: string; readonly title: string };
}

/**
 * The sectors of 000 二(一)–(四) (Heilongjiang), each with its cumulative target metric `industrialised-<id>`
 * (a test checks that every sector has its target file and that the sector targets sum to the total).
 */
export const SECTORS = CATEGORIES["CN-HL"].sectors.items;

/** The achievement fields (领域) a region's template offers and its submissions accept (Hebei: 004 第2条). */
export const regionSectors = (region: RegionCode): readonly Sector[] => CATEGORIES[region].sectors.items;
/** Why a region's fields are what they are (shown with the list). */
export const regionSectorsReading = (region: RegionCode) => CATEGORIES[region].sectors.reading;
/** The yes/no questions of a region's achievement rows (none for Heilongjiang). */
export const achievementFlags = (region: RegionCode): readonly AchievementFlag[] => CATEGORIES[region].flags;

export type SectorId = (typeof SECTORS)[number]["id"];
export const SECTOR_IDS = SECTORS.map((s) => s.id) as [SectorId, ...SectorId[]];
export const sectorMetric = (id: SectorId): string => `industrialised-${id}`;

/** Modes of industrialisation named in 002 二(一)2: 技术转让、技术许可、作价投资、孵化企业, plus 合作实施 (二(一)1). */
export const MODES = [
  { id: "transfer", zh: "技术转让", en: "Transfer" },
  { id: "licence", zh: "技术许可", en: "Licence" },
  { id: "equity", zh: "作价投资", en: "Equity (IP as capital)" },
  { id: "spin-off", zh: "孵化企业", en: "Spin-off company" },
  { id: "cooperation", zh: "合作实施", en: "Cooperation" },
] as const;
export type ModeId = (typeof MODES)[number]["id"];
export const MODE_IDS = MODES.map((m) => m.id) as [ModeId, ...ModeId[]];

/** Technology-contract types of the registration form (开发/转让/咨询/服务); licences register as 转让. */
export const CONTRACT_TYPES = [
  { id: "development", zh: "技术开发", en: "Development" },
  { id: "transfer", zh: "技术转让", en: "Transfer" },
  { id: "consulting", zh: "技术咨询", en: "Consulting" },
  { id: "service", zh: "技术服务", en: "Service" },
] as const;
export type ContractTypeId = (typeof CONTRACT_TYPES)[number]["id"];
export const CONTRACT_TYPE_IDS = CONTRACT_TYPES.map((c) => c.id) as [ContractTypeId, ...ContractTypeId[]];
