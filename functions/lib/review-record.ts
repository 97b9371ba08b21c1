/**
 * The printable review record of one submission (GET /api/submissions/{id}/record.xlsx), in Chinese, on
 * A4: the institute and period; every contract with its basis, subsidy and citation in words; the
 * one-side checks (001 二(四): one side per deal per year); and the audit trail in words — who, when,
 * what changed and why. Built from the stored document, its audit entries and the claims index.
 */
import ExcelJS from "exceljs";
import { citationOf, parameterAt, REGION_NAMES, type OneSideViolation } from "@tt/engine";
import { contractSubsidy } from "@tt/engine";
import { INSTITUTE_TYPE_NAMES, ROLE_NAMES, STATUS_NAMES } from "@tt/contract";
import { a4, fitRowHeights, noteRow, titleRow, writeTable } from "./award-xlsx";
import type { AuditEntry, Institute, SubmissionDoc } from "./documents";

const ACTION_NAMES: Record<string, string> = { create: "提交", replace: "修改后重新提交", approve: "审核通过", return: "退回修改" };

/** JSON paths of a change ("contracts.0.receipts.1.amount") in words ("第1份合同 到账记录第2笔 金额"). */
const FIELD_WORDS: Record<string, string> = {
  contracts: "合同",
  achievements: "成果",
  receipts: "到账记录",
  amount: "金额",
  date: "日期",
  contractAmount: "合同成交额",
  receivedAmount: "到账金额",
  investmentAmount: "投资额",
  registrationNumber: "登记号",
  role: "本单位角色",
  buyer: "受让方",
  seller: "出让方",
  name: "名称",
  region: "所在地区",
  signedDate: "签订日期",
  sourceJingJin: "成果来源于京津",
  type: "类型",
  title: "名称",
  year: "年度",
  sector: "领域",
  mode: "转化方式",
  city: "落地城市",
  period: "报送期间",
  templateVersion: "模板版本",
};
const UNIT: Record<string, string> = { contracts: "份", achievements: "项", receipts: "笔" };

export function pathInWords(path: string): string {
  const parts = path.split(".");
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    if (next !== undefined && /^\d+$/.test(next) && UNIT[p]) {
      words.push(`第${Number(next) + 1}${UNIT[p]}${FIELD_WORDS[p]}`);
      i++;
    } else words.push(FIELD_WORDS[p] ?? (/^\d+$/.test(p) ? `第${Number(p) + 1}项` : p));
  }
  return words.join("的");
}

const when = (iso: string) => iso.slice(0, 19).replace("T", " ");

export interface ReviewRecordInput {
  doc: SubmissionDoc;
  institute: Institute | null;
  audit: readonly AuditEntry[];
  oneSide: readonly OneSideViolation[];
  /** Whether the region's documents have the one-side rule (from the parameter data). */
  oneSideApplies: boolean;
  generatedAt: string;
}

export function reviewRecordWorkbook(input: ReviewRecordInput): ExcelJS.Workbook {
  const { doc, institute } = input;
  const wb = new ExcelJS.Workbook();
  wb.creator = "技术转移补助系统";
  const ws = wb.addWorksheet("审核记录");
  const widths = [6, 19, 18, 16, 16, 11, 14, 14, 26, 13, 34];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const n = widths.length;
  const region = REGION_NAMES[doc.region as keyof typeof REGION_NAMES]?.zh ?? doc.region;
  titleRow(ws, 1, `${region}技术交易补助审核记录`, n, 15);
  noteRow(
    ws,
    2,
    `生成时间：${when(input.generatedAt)}（协调世界时）。金额单位：元。本记录由系统根据存档的报送、审核轨迹与登记索引生成。`,
    n,
  );

  let row = 4;
  const pairs: [string, string][] = [
    ["单位名称", institute?.name.zh ?? "（未登记单位）"],
    ["单位编号", doc.instituteId],
    ["市（地）", institute?.city ?? ""],
    ["单位类型", institute ? (INSTITUTE_TYPE_NAMES[institute.type]?.zh ?? institute.type) : ""],
    ["报送年度与期间", `${doc.year} 年，${doc.period === "Y" ? "全年" : doc.period}`],
    ["报送编号", doc.id],
    ["当前状态", `${STATUS_NAMES[doc.status]?.zh ?? doc.status}（第 ${doc.version} 版）`],
    ["提交", `${doc.createdBy.subject}，${when(doc.createdAt)}`],
    [
      "审核",
      doc.review
        ? `${doc.review.by.subject}，${when(doc.review.at)}，${ACTION_NAMES[doc.review.action] ?? doc.review.action}${doc.review.reason ? `，理由：${doc.review.reason}` : ""}`
        : "尚未审核",
    ],
    ["补助合计（元）", doc.subsidyTotal],
    ["规则数据版本", doc.rulesVersion],
  ];
  for (const [k, v] of pairs) {
    ws.mergeCells(row, 3, row, n);
    ws.mergeCells(row, 1, row, 2);
    const key = ws.getCell(row, 1);
    key.value = k;
    key.font = { name: "等线", size: 10, bold: true };
    key.border = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
    const val = ws.getCell(row, 3);
    val.value = v;
    val.font = { name: "等线", size: 10 };
    val.border = key.border;
    val.alignment = { wrapText: true, vertical: "top" };
    row++;
  }

  row += 1;
  section(ws, row++, "一、合同与补助", n);
  const contracts = doc.submission.contracts.map((c, i) => {
    const stored = doc.subsidies.find((o) => o.registrationNumber === c.registrationNumber);
    const words = contractSubsidy(doc.submission, c);
    const result = !stored
      ? "未计算"
      : stored.status === "computed"
        ? stored.eligible
          ? "符合条件"
          : `不符合条件：${stored.reason?.zh ?? ""}`
        : stored.message.zh;
    const basis = words.status === "computed" ? [...words.citations.map((x) => x.zh), ...words.readings.map((x) => x.zh)].join("\n") : "";
    return [
      i + 1,
      c.registrationNumber,
      ROLE_NAMES[c.role]!.zh,
      c.buyer.name,
      c.seller.name,
      c.signedDate,
      Number(c.contractAmount),
      Number(stored?.basis.amount ?? words.basis.amount),
      `${words.basis.reading}。${result}`,
      stored?.status === "computed" ? Number(stored.amount) : 0,
      basis,
    ] as (string | number)[];
  });
  const head = [
    "序号",
    "技术合同登记号",
    "本单位角色",
    "受让方",
    "出让方",
    "签订日期",
    "合同成交额",
    "计算基数",
    "基数口径与结果",
    "补助金额",
    "依据（文件、文号、条款、施行日期）与解读",
  ];
  row = writeTable(
    ws,
    row,
    [head, ...(contracts.length ? contracts : [["", "（无合同）", "", "", "", "", "", "", "", "", ""]])],
    new Set([6, 7, 9]),
  );

  row += 1;
  section(ws, row++, "二、单方支持核对（同一年度同一技术交易项目只对一方给予支持）", n);
  let rule: string;
  try {
    rule = citationOf(parameterAt("cn-hl.tech-subsidy.buyer.rate", `${doc.year}-12-31`).reference).words.zh;
  } catch {
    rule = "";
  }
  const checks: (string | number)[][] = input.oneSideApplies
    ? doc.submission.contracts.map((c, i) => {
        const hits = input.oneSide.filter((v) => v.transactionId === c.registrationNumber);
        return pad(
          [
            i + 1,
            c.registrationNumber,
            ROLE_NAMES[c.role]!.zh,
            hits.length ? `发现重复申领：${hits.map((h) => h.message.zh).join("；")}` : "未发现同一年度另一方或重复申领",
          ],
          n,
        );
      })
    : [pad(["", "", "", `${region}的规定只补助受让方企业，不适用本项核对。`], n)];
  const checkRows = [
    pad(["序号", "技术合同登记号", "本单位角色", "核对结果"], n),
    ...(checks.length ? checks : [pad(["", "（无合同）", "", ""], n)]),
  ];
  const checkStart = row;
  row = writeTable(ws, row, checkRows, new Set());
  for (let r = checkStart; r < row; r++) ws.mergeCells(r, 4, r, n);
  if (rule) noteRow(ws, row++, `依据：${rule}`, n);

  row += 1;
  section(ws, row++, "三、审核轨迹", n);
  const trail = [...input.audit]
    .sort((a, b) => a.version - b.version)
    .map((e) => [
      e.version,
      when(e.at),
      e.by.subject,
      ACTION_NAMES[e.action] ?? e.action,
      `${e.statusBefore ? (STATUS_NAMES[e.statusBefore]?.zh ?? e.statusBefore) : "—"} → ${STATUS_NAMES[e.statusAfter]?.zh ?? e.statusAfter}`,
      e.changedFields?.length
        ? `修改：${e.changedFields.slice(0, 20).map(pathInWords).join("、")}${e.changedFields.length > 20 ? " 等" : ""}`
        : e.action === "create"
          ? "首次提交"
          : "内容未改",
      "",
      "",
      "",
      e.reason ?? "",
      "",
    ]);
  const trailStart = row;
  row = writeTable(ws, row, [["版本", "时间", "操作人", "操作", "状态变化", "修改内容", "", "", "", "原因", ""], ...trail], new Set());
  for (let r = trailStart; r < row; r++) {
    ws.mergeCells(r, 6, r, 9);
    ws.mergeCells(r, 10, r, n);
  }
  fitRowHeights(ws, 3, row);
  a4(ws, "1:2");
  return wb;
}

const pad = (cells: (string | number)[], n: number): (string | number)[] => [
  ...cells,
  ...Array<string>(Math.max(0, n - cells.length)).fill(""),
];

function section(ws: ExcelJS.Worksheet, row: number, text: string, columns: number): void {
  ws.mergeCells(row, 1, row, columns);
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { name: "等线", size: 12, bold: true };
}
