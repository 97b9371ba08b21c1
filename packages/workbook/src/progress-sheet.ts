/**
 * The provincial aggregate sheet, defined once as data (blocks of cells at fixed places) and written two
 * ways: by the task pane with Office.js (Refresh progress, updating the sheet in place) and by the server
 * with exceljs (GET /api/progress.xlsx). Neither writer decides what goes where: this module does.
 */
import type { Bilingual } from "@tt/engine";
import { Decimal } from "@tt/engine";
import { SECTORS } from "@tt/engine";
import type { Breakdown, ProgressReport } from "@tt/contract";

export const PROGRESS_SHEET = "全省进度 Progress";

export type CellValue = string | number | null;

export interface SheetBlock {
  key: "metrics" | "sector" | "city" | "instituteType" | "missing" | "history";
  title: string;
  /** 1-based sheet row of the title; the header is on the next row, data below it. */
  topRow: number;
  /** 1-based sheet column of the block's first column. */
  leftColumn: number;
  header: string[];
  rows: CellValue[][];
  /** Excel number format per column (null = general). */
  formats: (string | null)[];
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

export function progressSheetModel(report: ProgressReport, opts: { refreshedAt: string; rulesVersion: string; language?: "zh" | "en" }): ProgressSheetModel {
  const zh = (opts.language ?? "zh") === "zh";
  const t = (b: Bilingual | null | undefined) => (b ? (zh ? b.zh : b.en) : "");
  const h = (zhText: string, enText: string) => `${zhText} ${enText}`;
  const blocks: SheetBlock[] = [];
  let row = 5;

  const metrics: SheetBlock = {
    key: "metrics",
    title: h(`${report.region} ${report.year} 年目标完成情况`, "progress against every target"),
    topRow: row,
    leftColumn: 1,
    header: [h("指标", "Metric"), h("说明", "Description"), h("目标", "Target"), h("实际", "Actual"), h("差距", "Gap"), h("完成率", "Completion"), h("剩余年每年需", "Needed per remaining year"), h("截止年", "Due"), h("依据", "Clause"), h("状态", "Status")],
    rows: report.metrics.map((m) => [
      m.metric,
      t(m.description),
      num(m.target),
      num(m.actual),
      num(m.gap),
      num(m.completion),
      m.stillNeeded ? num(m.stillNeeded.perYear) : null,
      m.stillNeeded?.dueYear ?? null,
      m.clause ?? "",
      m.status === "measured" ? "" : t(m.note) || m.status,
    ]),
    formats: [null, null, "#,##0.##", "#,##0.##", "#,##0.##", "0.0%", "#,##0.##", "0", null, null],
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
    if (!rows) continue;
    const label = (key: string) =>
      by === "sector" ? t(SECTORS.find((s) => s.id === key) ? { zh: SECTORS.find((s) => s.id === key)!.zh, en: SECTORS.find((s) => s.id === key)!.en } : null) || key
      : by === "instituteType" ? t(TYPE_NAMES[key]) || key
      : key;
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
    title: h(`未报送单位（${report.completeness.missingCount} / ${report.completeness.registered}）`, "Institutes that have not reported"),
    topRow: row,
    leftColumn: 1,
    header: [h("单位编号", "Institute id"), h("单位名称", "Name"), h("城市", "City"), h("类型", "Type"), h("备注", "Note")],
    rows: report.completeness.missing.map((m) => [m.instituteId, t(m.name), m.city, t(TYPE_NAMES[m.type]) || m.type, m.note === "returned" ? h("已退回", "returned") : ""]),
    formats: [null, null, null, null, null],
  };
  blocks.push(missing);
  row += missing.rows.length + 3;

  let chart: ProgressSheetModel["chart"] = null;
  if (report.history && report.history.years.length) {
    blocks.push({
      key: "history",
      title: h(`${report.history.metric} 历年实际与目标`, "actual vs target by year"),
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
      [h(`${report.region} ${report.year} 年科技成果转化进度`, "Technology-transfer progress")],
      [h("刷新时间", "Refreshed at"), opts.refreshedAt],
      [h("规则版本", "Rules version"), opts.rulesVersion],
    ],
    blocks,
    chart,
  };
}

/** The rectangle a block occupies (title row to last data row), for writers that clear or format it. */
export function blockExtent(b: SheetBlock): { firstRow: number; lastRow: number; firstColumn: number; lastColumn: number } {
  return { firstRow: b.topRow, lastRow: b.topRow + 1 + Math.max(b.rows.length, 0), firstColumn: b.leftColumn, lastColumn: b.leftColumn + b.header.length - 1 };
}
