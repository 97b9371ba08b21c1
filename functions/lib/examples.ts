/** Request-body examples for the OpenAPI document; a test posts each one and expects it accepted as is. */
import type { SubmissionInput } from "@tt/contract";

export const SUBMISSION_EXAMPLE: SubmissionInput = {
  submissionId: "2024-HLJ-001-annual-0001",
  instituteId: "HLJ-001",
  region: "CN-HL",
  year: 2024,
  period: "Y",
  templateVersion: "1.0.0",
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

export const RETURN_EXAMPLE = { reason: "合同 2024230100000123 到账凭证缺失，请补充 / Receipt evidence missing for contract 2024230100000123" };
export const APPROVE_EXAMPLE = { comment: "核对无误 / Checked" };
