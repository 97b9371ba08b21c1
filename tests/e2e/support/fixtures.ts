/**
 * Rows an institute officer would type into the inserted template (HLJ-001, Heilongjiang, 2025), with
 * one deliberate mistake, shared by the unit tests (office-addin-mock) and the browser test.
 * Column order follows the template definition (ACHIEVEMENTS / CONTRACTS / RECEIPTS).
 */
export const YEAR = 2025;
export const REGISTRATION = "2025230100000001";

export const achievementRow = (title: string, overrides: Partial<Record<"received", string | number>> = {}) => [
  title,
  "数字经济",
  "技术转让",
  "哈尔滨",
  "2025-03-01",
  1_000_000,
  overrides.received ?? 800_000,
  "",
];

/** The bad row: more received than the contract amount (RECEIVED_EXCEEDS_CONTRACT on 到账金额, column G). */
export const BAD_ACHIEVEMENTS = [achievementRow("智能传感器产业化"), achievementRow("寒地作物新品种", { received: 1_200_000 })];
export const GOOD_ACHIEVEMENTS = [achievementRow("智能传感器产业化"), achievementRow("寒地作物新品种", { received: 900_000 })];
/** Sheet cell of the mistake: 2nd data row (row 3), column G (到账金额 Amount received). */
export const BAD_CELL = "G3";

/** Contract row; the 预计补助 value stands for what Excel's TT.TECHSUBSIDY column would show. */
export const contractRow = (expected: number | string) => [
  REGISTRATION,
  "技术开发",
  "哈尔滨示例装备有限公司",
  "黑龙江 CN-HL",
  "北京示例大学",
  "北京 CN-BJ",
  "受让方",
  "2025-01-10",
  800_000,
  "否",
  expected,
  "",
];
export const RECEIPT_ROWS = [[REGISTRATION, "2025-02-01", 800_000]];
