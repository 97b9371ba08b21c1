/**
 * The provincial aggregate sheet, defined once as data (blocks of cells at fixed places) and written two
 * ways: by the task pane with Office.js (Refresh progress, updating the sheet in place) and by the server
 * with exceljs (GET /api/progress.xlsx). Neither writer decides what goes where: this module does.
 */
import type { Bilingual } from "@tt/engine";
import { Decimal, regionSectors } from "@tt/engine";
import type { Breakdown, MetricProgress, ProgressReport } from "@tt/contract";
import { REGION_NAMES, UNIT_NAMES } from "@tt/engine";

export const PROGRESS_SHEET = "全省进度 Progress";

export type CellValue = string | number | null;

export interface SheetBlock {
  key: "metrics" | "sector" | "city" | "instituteType" | "missing" | "awaiting" | "history";
  title: string;
  /** 1-based sheet row of the title; the header is on the next row, data below it. */
  topRow: number;
  /** 1-based sheet column of the block's first column. */
  leftColumn: number;
  header: string[];
  rows: CellValue[][];
  /** Excel number format per column (null = general). */
  formats: (string | null)[];
  /** Per data row, formats that replace `formats` for that row (e.g. a ratio metric's target shown as 10.0%). */
  rowFormats?: ((string | null)[] | undefined)[];
  /** 0-based column (within the block) holding a completion ratio: gets data-bar / colour-scale formatting. */
  completionColumn?: number;
}

export interface ProgressSheetModel {
  sheet: string;
  /** Rows 1–3: title, refresh time and rules version. */
  stamp: CellValue[][];
  blocks: SheetBlock[];
  /** Line/column chart of actual vs target by year, over the `history` block. */
  chart: { block: "history"; title: string; categoryColumn: number; seriesColumns: number[] } | null;
}

/** Number formats of the metrics block's columns (metric, unit, target, actual, gap, completion, …, still needed, …). */
const METRIC_FORMATS: (string | null)[] = [
  null,
  null,
  "#,##0.####",
  "#,##0.####",
  "#,##0.####",
  "0.0%",
  null,
  null,
  null,
  "#,##0.##",
  null,
  null,
  null,
];

const TYPE_NAMES: Record<string, Bilingual> = {
  "research-institute": { zh: "科研院所", en: "Research institute" },
  university: { zh: "高等院校", en: "University" },
  enterprise: { zh: "企业", en: "Enterprise" },
  unregistered: { zh: "未登记", en: "Unregistered" },
};

/**
 * A decimal string as a cell: a number when Excel can show it exactly (|n| < 10^15), otherwise the exact
 * fixed-point text — never Infinity, NaN or exponent form (guard for documents stored before the money ceiling).
 */
const num = (s: string | null | undefined): number | string | null => {
  if (s === null || s === undefined) return null;
  const n = Number(s);
  if (Number.isFinite(n) && Math.abs(n) < 1e15 && !/e/i.test(String(n))) return n;
  try {
    return new Decimal(s).toFixed();
  } catch {
    return s;
  }
};

/**
 * An ISO instant ("2024-06-01T00:00:00.000Z") as China Standard Time (UTC+8, no daylight saving):
 * "2024-06-01 08:00:00 北京时间 (UTC+8)". Anything else (the task pane passes its own CST text) is kept as it is.
 */
export function chinaTime(iso: string, language: "zh" | "en" = "zh"): string {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) return iso;
  const t = new Date(ms + 8 * 3600 * 1000).toISOString().replace("T", " ").slice(0, 19);
  return `${t} ${language === "zh" ? "北京时间" : "China Standard Time"} (UTC+8)`;
}

const STATUS_TEXT: Record<MetricProgress["status"], Bilingual> = {
  measured: { zh: "报送数据", en: "from records" },
  reported: { zh: "录入值", en: "entered value" },
  "awaiting-value": { zh: "待录入", en: "awaiting value" },
  "no-target": { zh: "当年无目标", en: "no target this year" },
  "not-numeric": { zh: "非数字目标", en: "not a numeric target" },
};

export function progressSheetModel(
  report: ProgressReport,
  opts: { refreshedAt: string; rulesVersion: string; language?: "zh" | "en" },
): ProgressSheetModel {
  const language = opts.language ?? "zh";
  const zh = language === "zh";
  const t = (b: Bilingual | null | undefined) => (b ? (zh ? b.zh : b.en) : "");
  const h = (zhText: string, enText: string) => (zh ? zhText : enText);
  const province = t(REGION_NAMES[report.region]) || report.region;
  const blocks: SheetBlock[] = [];
  let row = 5;

  /** Metrics grouped by document (in order of first appearance), each group under a row naming the document. */
  const groups = new Map<string, MetricProgress[]>();
  for (const m of report.metrics) {
    const key = m.document ?? "";
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const yesNo = (met: boolean | null) => (met === true ? h("是", "yes") : met === false ? h("否", "no") : "—");
  const sourceText = (m: MetricProgress) => {
    const o = m.origin;
    if (!o) return m.awaiting ? t(m.awaiting.text) : "";
    const head = o.kind === "records" ? h("报送数据：", "Records: ") : h("录入：", "Entered: ");
    const doc = [o.documentNumber, o.date].filter(Boolean).join("，");
    const other = m.both ? (m.both.used === "records" ? m.both.reported : m.both.records) : null;
    const both = m.both
      ? h(
          `（${m.both.used === "records" ? "录入值" : "报送数据"} ${other} 未采用）`,
          ` (${m.both.used === "records" ? "entered" : "records"} ${other} not used)`,
        )
      : "";
    return `${head}${t(o.text)}${doc ? `（${doc}）` : ""}${both}`;
  };
  const needed = (m: MetricProgress) =>
    m.stillNeeded?.byYear?.length
      ? m.stillNeeded.byYear.map((b) => `${b.year}: ${Number(b.needed).toLocaleString("en-US")}`).join(h("；", "; "))
      : m.stillNeeded
        ? num(m.stillNeeded.stillNeeded)
        : null;
  const metricRows: CellValue[][] = [];
  const metricFormats: ((string | null)[] | undefined)[] = [];
  for (const [document, ms] of groups) {
    if (document) {
      metricRows.push([`《${document}》`, ...Array<CellValue>(12).fill(null)]);
      metricFormats.push(undefined);
    }
    for (const m of ms) {
      // A ratio (0.1) reads as a percentage (10.0%) in its target, actual, gap and still-needed cells.
      metricFormats.push(m.unit === "ratio" ? METRIC_FORMATS.map((f, i) => ([2, 3, 4, 9].includes(i) ? "0.0%" : f)) : undefined);
      metricRows.push([
        t(m.description) || m.metric,
        t(UNIT_NAMES[m.unit ?? ""]) || m.unit || "",
        num(m.target),
        num(m.actual),
        num(m.gap),
        num(m.completion),
        yesNo(m.met),
        !m.bound || m.bound.bound === "none"
          ? ""
          : m.bound.word || m.bound.bound === "range"
            ? `${m.bound.symbol} ${m.bound.phrase}`
            : h(`${m.bound.symbol}（按达到）`, `${m.bound.symbol} (read as reach)`),
        sourceText(m),
        needed(m),
        m.clause ?? "",
        t(STATUS_TEXT[m.status]),
        m.metric,
      ]);
    }
  }
  const metrics: SheetBlock = {
    key: "metrics",
    title: h(`${province} ${report.year} 年目标完成情况`, `${province} ${report.year}: progress against every target`),
    topRow: row,
    leftColumn: 1,
    header: [
      h("指标", "Metric"),
      h("单位", "Unit"),
      h("目标", "Target"),
      h("实际", "Actual"),
      h("差距", "Gap"),
      h("完成率", "Completion"),
      h("是否达标", "Met"),
      h("达标条件（原文）", "Bound (as worded)"),
      h("来源", "Source"),
      h("剩余各年还需", "Still needed per remaining year"),
      h("依据", "Clause"),
      h("状态", "Status"),
      h("指标编号", "Metric id"),
    ],
    rows: metricRows,
    formats: METRIC_FORMATS,
    rowFormats: metricFormats,
    completionColumn: 5,
  };
  blocks.push(metrics);
  row += metrics.rows.length + 3;

  const breakdownTitles: Record<Breakdown, Bilingual> = {
    sector: { zh: "按领域", en: "By sector" },
    city: { zh: "按城市", en: "By city" },
    instituteType: { zh: "按单位类型", en: "By institute type" },
  };
  for (const by of ["sector", "city", "instituteType"] as Breakdown[]) {
    const rows = report.breakdowns?.[by];
    if (!rows || (by === "sector" && rows.length === 0)) continue; // no sector rows: no sector block
    // The report's own region's fields (policy/categories; Hebei: 004 第2条), never another region's.
    const sectors = report.region === "CN-HE" || report.region === "CN-HL" ? regionSectors(report.region) : [];
    const label = (key: string) =>
      by === "sector" ? t(sectors.find((s) => s.id === key) ?? null) || key : by === "instituteType" ? t(TYPE_NAMES[key]) || key : key;
    const block: SheetBlock = {
      key: by,
      title: h(breakdownTitles[by].zh, breakdownTitles[by].en),
      topRow: row,
      leftColumn: 1,
      header: [h("分组", "Group"), h("成果产业化数", "Achievements"), h("技术合同数", "Contracts"), h("合同成交额", "Contract turnover")],
      rows: rows.map((r) => [label(r.key), r.achievements, r.contracts, num(r.contractTurnover)]),
      formats: [null, "0", "0", "#,##0.00"],
    };
    blocks.push(block);
    row += block.rows.length + 3;
  }

  const missing: SheetBlock = {
    key: "missing",
    title: h(
      `未报送单位（${report.completeness.missingCount} / ${report.completeness.registered}）`,
      `Institutes that have not reported (${report.completeness.missingCount} / ${report.completeness.registered})`,
    ),
    topRow: row,
    leftColumn: 1,
    header: [h("单位编号", "Institute id"), h("单位名称", "Name"), h("城市", "City"), h("类型", "Type"), h("备注", "Note")],
    rows: report.completeness.missing.map((m) => [
      m.instituteId,
      t(m.name),
      m.city,
      t(TYPE_NAMES[m.type]) || m.type,
      m.note === "returned" ? h("已退回", "returned") : "",
    ]),
    formats: [null, null, null, null, null],
  };
  blocks.push(missing);
  row += missing.rows.length + 3;

  const awaited = report.metrics.filter((m) => m.status === "awaiting-value");
  if (awaited.length) {
    const block: SheetBlock = {
      key: "awaiting",
      title: h(`待录入指标值（${awaited.length}）`, `Indicator values awaited (${awaited.length})`),
      topRow: row,
      leftColumn: 1,
      header: [h("指标", "Metric"), h("单位", "Unit"), h("目标", "Target"), h("由谁录入", "Entered by"), h("指标编号", "Metric id")],
      rows: awaited.map((m) => [
        t(m.description) || m.metric,
        t(UNIT_NAMES[m.unit ?? ""]) || m.unit || "",
        num(m.target),
        m.awaiting ? t(m.awaiting.text) : "",
        m.metric,
      ]),
      formats: [null, null, "#,##0.####", null, null],
    };
    blocks.push(block);
    row += block.rows.length + 3;
  }

  let chart: ProgressSheetModel["chart"] = null;
  if (report.history && report.history.years.length) {
    blocks.push({
      key: "history",
      title: h(
        `${t(report.history.description) || report.history.metric} 历年实际与目标`,
        `${t(report.history.description) || report.history.metric}: actual vs target by year`,
      ),
      topRow: row,
      leftColumn: 1,
      header: [h("年份", "Year"), h("目标", "Target"), h("实际", "Actual")],
      rows: report.history.years.map((y) => [String(y.year), num(y.target), num(y.actual)]),
      formats: [null, "#,##0.##", "#,##0.##"],
    });
    chart = { block: "history", title: h("实际与目标", "Actual vs target"), categoryColumn: 0, seriesColumns: [1, 2] };
  }

  return {
    sheet: PROGRESS_SHEET,
    stamp: [
      [h(`${province} ${report.year} 年科技成果转化进度`, `${province} ${report.year}: technology-transfer progress`)],
      [h("刷新时间", "Refreshed at"), chinaTime(opts.refreshedAt, language)],
      [h("规则版本", "Rules version"), opts.rulesVersion],
    ],
    blocks,
    chart,
  };
}

/** The rectangle a block occupies (title row to last data row), for writers that clear or format it. */
export function blockExtent(b: SheetBlock): { firstRow: number; lastRow: number; firstColumn: number; lastColumn: number } {
  return {
    firstRow: b.topRow,
    lastRow: b.topRow + 1 + Math.max(b.rows.length, 0),
    firstColumn: b.leftColumn,
    lastColumn: b.leftColumn + b.header.length - 1,
  };
}
