/**
 * A stored submission as a filled template (GET /api/submissions/{id}/workbook): the institute's rows,
 * 核定补助 Subsidy (server) filled with the server's figures, highlighted where it differs from the
 * workbook's own 预计补助 (a conditional format: Excel with the add-in computes 预计补助; elsewhere that cell
 * shows the placeholder and nothing is highlighted), a 核定结果 Results sheet with every contract's basis,
 * reading and clauses, and the submission id, content hash, ETag and stored version stamped on the
 * information sheet — so uploading it again is recognised as this submission. Node only (exceljs).
 */
import type ExcelJS from "exceljs";
import type { RegionCode } from "@tt/engine";
import { SUBSIDY_BASIS, type ContractSubsidy } from "@tt/engine";
import type { Submission } from "@tt/contract";
import { CONTRACTS, LISTS, MONEY_FORMAT, flagKey, letterOf } from "../template";
import { DIFFERENCE_FILL } from "../template-extras";
import { buildTemplateWorkbook, workbookBuffer, type PrefillRows } from "./xlsx";
import { printA4 } from "./page-setup";

export const RESULTS_SHEET = "核定结果 Results";

const STATUS_LABELS: Record<string, string> = { submitted: "待审核 submitted", approved: "已通过 approved", returned: "已退回 returned" };
/** "1240000.00" → "1,240,000.00" (the stored decimal string; no float). */
const grouped = (v: string) => v.replace(/^(-?\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, ","));

export interface StoredSubmission {
  id: string;
  version: number;
  /** HTTP ETag ("…"), the implicit If-Match of a re-upload. */
  etag: string;
  contentHash: string;
  status: string;
  submission: Submission;
  subsidies: ContractSubsidy[];
  subsidyTotal: string;
  rulesVersion: string;
}

/** The submission's records as template rows (amounts as numbers: the stored strings have at most 2 decimals). */
export function prefillOf(sub: Submission): PrefillRows {
  const num = (v: string | number | undefined) => (v === undefined ? undefined : Number(v));
  return {
    achievements: sub.achievements.map(({ flags, ...a }) => ({
      ...a,
      ...Object.fromEntries((flags ?? []).map((f) => [flagKey(f), true])),
      contractAmount: num(a.contractAmount),
      receivedAmount: num(a.receivedAmount),
      investmentAmount: num(a.investmentAmount),
    })),
    contracts: sub.contracts.map((c) => ({
      registrationNumber: c.registrationNumber,
      type: c.type,
      buyerName: c.buyer.name,
      buyerRegion: c.buyer.region,
      sellerName: c.seller.name,
      sellerRegion: c.seller.region,
      role: c.role,
      signedDate: c.signedDate,
      contractAmount: num(c.contractAmount),
      sourceJingJin: c.sourceJingJin,
    })),
    receipts: sub.contracts.flatMap((c) =>
      c.receipts.map((r) => ({ registrationNumber: c.registrationNumber, date: r.date, amount: num(r.amount) })),
    ),
  };
}

/** How the amount was measured, in Chinese (the engine's `reading` is for logs). */
function readingZh(region: RegionCode, s: ContractSubsidy, year: number): string {
  return SUBSIDY_BASIS[region] === "received-in-year"
    ? `${year} 年内到账金额合计，按其中最后一笔到账日期适用规则（无到账则按签订日期）`
    : "合同成交额，按签订日期适用规则";
}

export function buildResultsWorkbook(stored: StoredSubmission, instituteName: string): ExcelJS.Workbook {
  const sub = stored.submission;
  const region = sub.region as RegionCode;
  const wb = buildTemplateWorkbook(
    {
      instituteId: sub.instituteId,
      region,
      year: sub.year,
      period: sub.period,
      submissionId: stored.id,
      instituteName,
      contentHash: stored.contentHash,
      etag: stored.etag,
      storedVersion: stored.version,
    },
    prefillOf(sub),
  );

  // 核定补助 on every contract row, and a highlight where the workbook's own figure differs.
  const ws = wb.getWorksheet(CONTRACTS.sheet)!;
  const server = letterOf(CONTRACTS, "serverSubsidy");
  const own = letterOf(CONTRACTS, "expectedSubsidy");
  stored.subsidies.forEach((s, i) => {
    const cell = ws.getCell(`${server}${i + 2}`);
    cell.value = s.status === "computed" ? Number(s.amount) : s.message.zh;
    cell.font = { bold: true, color: { argb: "FF1F4E79" } };
  });
  if (stored.subsidies.length) {
    ws.addConditionalFormatting({
      ref: `${server}2:${server}${stored.subsidies.length + 1}`,
      rules: [
        {
          type: "expression",
          priority: 1,
          formulae: [`AND(ISNUMBER($${own}2),ISNUMBER($${server}2),ROUND($${own}2,2)<>ROUND($${server}2,2))`],
          style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: DIFFERENCE_FILL } } },
        },
      ],
    });
  }

  const rs = wb.addWorksheet(RESULTS_SHEET, { properties: { tabColor: { argb: "FF1F6F43" } }, views: [{ state: "frozen", ySplit: 3 }] });
  rs.getCell("A1").value =
    `核定结果 Results — ${instituteName} ${sub.year} ${sub.period} · 报送编号 ${stored.id} · 版本 v${stored.version} · 规则版本 ${stored.rulesVersion}`;
  rs.getCell("A1").font = { bold: true, size: 12 };
  const status = STATUS_LABELS[stored.status] ?? stored.status;
  rs.getCell("A2").value = `核定补助合计 Total: ${grouped(stored.subsidyTotal)} 元 · 状态 Status: ${status}`;
  const header = [
    "登记号 Registration no.",
    "本单位角色 Our side",
    "计算依据金额 Basis amount",
    "适用日期 Basis date",
    "计算口径 Reading",
    "核定补助 Subsidy (server)",
    "说明 Note",
    "依据条款 Clauses",
  ];
  rs.getRow(3).values = header;
  rs.getRow(3).font = { bold: true };
  rs.getRow(3).alignment = { wrapText: true, vertical: "middle" };
  rs.getRow(3).height = 32;
  header.forEach((_h, i) => (rs.getRow(3).getCell(i + 1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } }));
  const roleLabel = (v: string) => LISTS.roles.find((r) => r.value === v)?.label ?? v;
  stored.subsidies.forEach((s, i) => {
    const row = rs.getRow(i + 4);
    row.values = [
      s.registrationNumber,
      roleLabel(s.role),
      Number(s.basis.amount),
      s.basis.date,
      readingZh(region, s, sub.year),
      s.status === "computed" ? Number(s.amount) : "—",
      s.status === "computed" ? (s.reason?.zh ?? (s.eligible ? "符合条件" : "不符合条件")) : s.message.zh,
      s.status === "computed" ? s.clauses.join("；") : s.code,
    ];
    row.alignment = { wrapText: true, vertical: "top" };
    row.height = 30; // two lines of the reading (LibreOffice does not grow rows written without a height)
  });
  [20, 10, 16, 12, 40, 16, 40, 36].forEach((w, i) => (rs.getColumn(i + 1).width = w));
  rs.getColumn(3).numFmt = MONEY_FORMAT;
  rs.getColumn(6).numFmt = MONEY_FORMAT;
  printA4(rs, { titleRows: "3:3", footer: "&C&P / &N" });
  return wb;
}

export async function resultsBuffer(stored: StoredSubmission, instituteName: string): Promise<Buffer> {
  return workbookBuffer(buildResultsWorkbook(stored, instituteName), stored.submission.region as RegionCode);
}
