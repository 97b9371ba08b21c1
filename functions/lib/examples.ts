/** Request-body examples for the OpenAPI document; a test posts each one and expects it accepted as is. */
import type { SubmissionInput } from "@tt/contract";
import { TEMPLATE_VERSION } from "@tt/engine";

export const SUBMISSION_EXAMPLE: SubmissionInput = {
  submissionId: "2024-HLJ-001-annual-0001",
  instituteId: "HLJ-001",
  region: "CN-HL",
  year: 2024,
  period: "Y",
  templateVersion: TEMPLATE_VERSION,
  achievements: [
    {
      title: "寒地玉米高效播种机",
      year: 2024,
      sector: "aerospace-electronics-equipment",
      mode: "transfer",
      city: "哈尔滨",
      date: "2024-05-20",
      contractAmount: "1200000.00",
      receivedAmount: "800000.00",
    },
    {
      title: "耐低温锂电池隔膜材料",
      year: 2024,
      sector: "new-materials",
      mode: "licence",
      city: "大庆",
      date: "2024-09-02",
      contractAmount: 600000,
      receivedAmount: 600000,
    },
  ],
  contracts: [
    {
      registrationNumber: "2024230100000123",
      type: "transfer",
      buyer: { name: "哈尔滨示例农机有限公司", region: "CN-HL" },
      seller: { name: "黑龙江示例材料研究所", region: "CN-HL" },
      role: "seller",
      signedDate: "2024-03-15",
      contractAmount: "1200000.00",
      receipts: [
        { date: "2024-04-01", amount: "520000.00" },
        { date: "2024-08-01", amount: "300000.00" },
      ],
      sourceJingJin: false,
    },
  ],
};

export const RETURN_EXAMPLE = {
  reason: "合同 2024230100000123 到账凭证缺失，请补充 / Receipt evidence missing for contract 2024230100000123",
};
export const APPROVE_EXAMPLE = { comment: "核对无误 / Checked" };

/** POST /api/indicator-values: Hebei's high-tech enterprises in 2025, from the recognition list. */
export const INDICATOR_VALUE_EXAMPLE = {
  clientId: "2025-CN-HE-high-tech-enterprises-0001",
  region: "CN-HE",
  metric: "high-tech-enterprises",
  year: 2025,
  value: 15200,
  source: {
    text: "河北省科学技术厅 高新技术企业认定名单汇总",
    documentNumber: "冀科高〔2026〕3号",
    date: "2026-01-20",
    link: "https://kjt.hebei.gov.cn/",
  },
  note: "含当年新认定与存续企业 / recognised and still valid",
};
/** PUT /api/indicator-values/{id}: the same value corrected, with the reason kept in the audit trail. */
export const INDICATOR_VALUE_PUT_EXAMPLE = {
  ...INDICATOR_VALUE_EXAMPLE,
  value: 15230,
  reason: "按复核名单更正 / corrected from the reviewed list",
};
export const INDICATOR_LOCK_EXAMPLE = { region: "CN-HE", year: 2025, reason: "年度数据已审定 / figures of the year approved" };
export const INDICATOR_UNLOCK_EXAMPLE = { region: "CN-HE", year: 2025, reason: "补录遗漏的来源文号 / add a missing document number" };
