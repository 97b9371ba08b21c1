/**
 * The sectors of 000 二(一)–(四), each with its cumulative target metric `industrialised-<id>`
 * (a test checks that every sector has its target file and that the sector targets sum to the total).
 */
export const SECTORS = [
  { id: "digital-economy", zh: "数字经济", en: "Digital economy", clause: "000 二(一)" },
  { id: "biotechnology", zh: "生物技术", en: "Biotechnology", clause: "000 二(一)" },
  { id: "ice-snow-creative-design", zh: "冰雪、创意设计", en: "Ice-and-snow and creative design", clause: "000 二(一)" },
  {
    id: "aerospace-electronics-equipment",
    zh: "航空航天、电子信息、高端装备、农机装备",
    en: "Aerospace, electronics, high-end and agricultural equipment",
    clause: "000 二(二)",
  },
  { id: "new-materials", zh: "新材料", en: "New materials", clause: "000 二(二)" },
  {
    id: "traditional-industries",
    zh: "传统优势产业（能源、化工、食品、医药、汽车、轻工）",
    en: "Traditional industries (energy, chemicals, food, medicine, automotive, light industry)",
    clause: "000 二(三)",
  },
  { id: "modern-services", zh: "现代服务业", en: "Modern services", clause: "000 二(四)" },
] as const;

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
