/** The submission schemas shared by the add-in and the functions: exact amounts, every bad field reported. */
import { achievement, fieldIssues, submission, technologyContract, type SubmissionInput } from "@tt/contract";

export const goodSubmission = (): SubmissionInput => ({
  submissionId: "7f1c2a9e-0b7d-4c1e-9d55-2f7f8a1b3c4d",
  instituteId: "HLJ-001",
  region: "CN-HL",
  year: 2024,
  templateVersion: "1.0.0",
  achievements: [
    {
      title: "寒地水稻智能育秧装备",
      year: 2024,
      sector: "aerospace-electronics-equipment",
      mode: "transfer",
      city: "哈尔滨",
      date: "2024-05-20",
      contractAmount: "1200000.00",
      receivedAmount: 800000,
    },
  ],
  contracts: [
    {
      registrationNumber: "2024230100000123",
      type: "transfer",
      buyer: { name: "黑龙江某农机有限公司", region: "CN-HL" },
      seller: { name: "黑龙江省农业机械工程科学研究院", region: "CN-HL" },
      role: "seller",
      signedDate: "2024-03-01",
      contractAmount: "1200000",
      receipts: [
        { date: "2024-04-01", amount: "500000" },
        { date: "2024-09-01", amount: 300000.5 },
      ],
      sourceJingJin: false,
    },
  ],
});

test("a well-formed submission parses; amounts become exact decimal strings; period defaults to the whole year", () => {
  const s = submission.parse(goodSubmission());
  expect(s.contracts[0]!.receipts[1]!.amount).toBe("300000.5");
  expect(s.achievements[0]!.receivedAmount).toBe("800000");
  expect(s.period).toBe("Y");
});

test("every bad field is reported by path with a stable code and zh/en messages", () => {
  const bad = goodSubmission() as Record<string, unknown> & SubmissionInput;
  bad.achievements[0]!.sector = "astrology" as never;
  bad.achievements[0]!.receivedAmount = Number.NaN;
  bad.achievements[0]!.date = "2024-02-30";
  bad.contracts[0]!.contractAmount = "-1";
  bad.contracts[0]!.receipts[0]!.amount = "Infinity";
  const r = submission.safeParse(bad);
  expect(r.success).toBe(false);
  const issues = fieldIssues(r.error!);
  const byPath = Object.fromEntries(issues.map((i) => [i.path, i.code]));
  expect(byPath).toMatchObject({
    "achievements.0.sector": "NOT_IN_LIST",
    "achievements.0.receivedAmount": "AMOUNT_NOT_FINITE",
    "achievements.0.date": "INVALID_DATE",
    "contracts.0.contractAmount": "AMOUNT_NEGATIVE",
    "contracts.0.receipts.0.amount": "AMOUNT_NOT_FINITE",
  });
  for (const i of issues) {
    expect(i.message.zh.length).toBeGreaterThan(0);
    expect(i.message.en.length).toBeGreaterThan(0);
  }
});

test("receipts above the contract amount, receipts before signing and duplicated registration numbers are refused", () => {
  const s = goodSubmission();
  s.contracts[0]!.receipts.push({ date: "2024-01-01", amount: "500000" });
  s.contracts.push({ ...s.contracts[0]!, receipts: [] });
  const codes = fieldIssues(submission.safeParse(s).error!).map((i) => `${i.path}:${i.code}`);
  expect(codes).toEqual(
    expect.arrayContaining([
      "contracts.0.receipts:RECEIVED_EXCEEDS_CONTRACT",
      "contracts.0.receipts.2.date:RECEIPT_BEFORE_SIGNING",
      "contracts.1.registrationNumber:DUPLICATE_CONTRACT",
    ]),
  );
});

test("an achievement from another year, unknown fields and a missing field are refused", () => {
  const s = goodSubmission() as SubmissionInput & { extra?: number };
  s.achievements[0]!.year = 2023;
  s.extra = 1;
  delete (s as Partial<SubmissionInput>).instituteId;
  const codes = fieldIssues(submission.safeParse(s).error!).map((i) => `${i.path}:${i.code}`);
  expect(codes).toEqual(expect.arrayContaining(["instituteId:REQUIRED", ":UNKNOWN_FIELD", "achievements.0.date:DATE_NOT_IN_YEAR"]));
});

test("single records parse on their own (the add-in checks rows one by one)", () => {
  const g = goodSubmission();
  expect(achievement.safeParse(g.achievements[0]).success).toBe(true);
  expect(technologyContract.safeParse(g.contracts[0]).success).toBe(true);
  expect(achievement.safeParse({ ...g.achievements[0], receivedAmount: "1300000" }).success).toBe(false);
});
