/** Named cases for the awards and shares of POLICY.md section 2, from the clauses they implement. */
import {
  PolicyError,
  checkOneSidePerTransaction,
  commissionerShare,
  consortiumSupport,
  demonstrationGrant,
  enterpriseLabGrant,
  highTechEnterpriseAward,
  incomeShare,
  insuranceCompensation,
  inventorEquity,
  listingAward,
  oneSideApplies,
  oneSideRegions,
  parameterAt,
  rankTransferInstitutions,
  sidesPerTransaction,
  seedInvestmentReward,
  specialistShare,
  taxableRewardAmount,
  transferInstitutionReward,
} from "@tt/engine";

const D = "2024-06-01";
const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e.code;
    throw e;
  }
  return "no error";
};

describe("one side per transaction per year (001 二(四))", () => {
  test("the regions with the rule come from the policy data: Heilongjiang from 001's effective date, not Hebei", () => {
    expect(oneSideRegions("2024-12-31")).toEqual(["CN-HL"]);
    expect(oneSideApplies("CN-HL", "2017-10-24")).toBe(true);
    expect(oneSideApplies("CN-HL", "2017-10-23")).toBe(false); // before 001
    expect(oneSideApplies("CN-HE", "2024-12-31")).toBe(false); // 004 item 9 subsidises the buyer alone
    expect(sidesPerTransaction("CN-HL", D)).toEqual({ sides: 1, clause: "黑政发〔2017〕16号第二部分第（四）项" });
    const p = parameterAt("cn-hl.tech-subsidy.sides-per-transaction", D);
    expect(p.reference).toMatchObject({ number: "黑政发〔2017〕16号", section: "二(四) 促进技术合同交易" });
    expect(p.reference.quote).toBe("对同一年度同一技术交易项目的双方给予单方面支持");
    expect(p.reading?.zh).toMatch(/只补助一方/);
    expect(p.reading?.zh).toMatch(/河北省.*只补助受让方/);
  });

  test("the add-in never reads the rule (so its lean policy copy may leave it out: readBy api)", () => {
    const fs = require("node:fs") as typeof import("node:fs");
    const path = require("node:path") as typeof import("node:path");
    const root = path.resolve(__dirname, "../..");
    const files = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
    const readers = files(path.join(root, "addin")).filter((f) =>
      /sides-per-transaction|oneSideApplies|sidesPerTransaction|checkOneSidePerTransaction/.test(fs.readFileSync(f, "utf8")),
    );
    expect(readers).toEqual([]);
    const lean = fs.readFileSync(path.join(root, "packages/engine/src/generated/policy-data.lean.ts"), "utf8");
    expect(lean).not.toContain("sides-per-transaction");
  });

  test("no region list in the API: the one-side code reads the rule through the engine", () => {
    const fs = require("node:fs") as typeof import("node:fs");
    const path = require("node:path") as typeof import("node:path");
    for (const f of ["functions/lib/one-side.ts", "functions/submission-record-get.ts"]) {
      const text = fs.readFileSync(path.resolve(__dirname, "../..", f), "utf8");
      expect([f, /"CN-H[LE]"/.test(text), /ONE_SIDE_REGIONS/.test(text)]).toEqual([f, false, false]);
    }
  });

  test("a buyer and a seller claiming the same deal in the same year is a violation", () => {
    const r = checkOneSidePerTransaction(
      [
        { transactionId: "2024230100000123", year: 2024, role: "buyer", claimant: "ENT-7" },
        { transactionId: "2024230100000123", year: 2024, role: "seller", claimant: "HLJ-001" },
      ],
      D,
    );
    expect(r.ok).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.clause).toBe("黑政发〔2017〕16号第二部分第（四）项");
    expect(r.violations[0]!.message.en).toMatch(/only one side/);
  });
  test("the same deal claimed by one side in two different years is allowed", () => {
    const r = checkOneSidePerTransaction(
      [
        { transactionId: "2024230100000123", year: 2024, role: "seller", claimant: "HLJ-001" },
        { transactionId: "2024230100000123", year: 2025, role: "seller", claimant: "HLJ-001" },
      ],
      D,
    );
    expect(r).toEqual({ ok: true, violations: [] });
  });
  test("the same side claiming twice in one year is also a violation", () => {
    const r = checkOneSidePerTransaction(
      [
        { transactionId: "A2024000001", year: 2024, role: "seller", claimant: "HLJ-001" },
        { transactionId: "A2024000001", year: 2024, role: "出让方", claimant: "HLJ-001" },
      ],
      D,
    );
    expect(r.ok).toBe(false);
  });
  test("an unknown role in a claim is an error, not a silent pass", () => {
    expect(code(() => checkOneSidePerTransaction([{ transactionId: "A1", year: 2024, role: "agent", claimant: "X" }], D))).toBe(
      "UNKNOWN_ROLE",
    );
  });
});

describe("pass-through shares of a subsidy (001 二(四) and 000 三(二))", () => {
  test("an enterprise with a 240,000 subsidy may use 24,000 for its transformation specialist", () => {
    expect(specialistShare({ subsidy: 240000, date: D }).amount.toFixed(2)).toBe("24000.00");
  });
  test("and is encouraged to pass at least 24,000 to the technology commissioner; the two are separate results", () => {
    const c = commissionerShare({ subsidy: 240000, date: D });
    expect(c.amount.toFixed(2)).toBe("24000.00");
    expect(c.parameters[0]!.reference.seed).toBe("000_2b7e10cfc84b053a.txt");
  });
  test("the commissioner share did not exist before 000 was issued (2022-11-25)", () => {
    expect(code(() => commissionerShare({ subsidy: 240000, date: "2022-11-24" }))).toBe("DATE_BEFORE_POLICY");
    expect(commissionerShare({ subsidy: 240000, date: "2022-11-25" }).amount.toFixed(2)).toBe("24000.00");
  });
  test("shares round once, half-up: 10% of 0.05 is 0.005 → 0.01", () => {
    expect(specialistShare({ subsidy: "0.05", date: D }).amount.toFixed(2)).toBe("0.01");
  });
});

describe("transfer-institution reward (000 三(三))", () => {
  test("the first-ranked institution with 10,000,000 of payments gets 3% = 300,000, of which at least 150,000 to brokers", () => {
    const r = transferInstitutionReward({ paidTotal: 10000000, rank: 1, date: D });
    expect(r.amount.toFixed(2)).toBe("300000.00");
    expect(r.brokerMinimum.toFixed(2)).toBe("150000.00");
  });
  test("rank 10 is eligible; rank 11 gets 0 with the reason", () => {
    expect(transferInstitutionReward({ paidTotal: 10000000, rank: 10, date: D }).amount.toFixed(2)).toBe("300000.00");
    const r = transferInstitutionReward({ paidTotal: 10000000, rank: 11, date: D });
    expect(r.amount.toFixed(2)).toBe("0.00");
    expect(r.eligible).toBe(false);
    expect(r.reason?.en).toMatch(/outside the top 10/);
  });
  test.each([
    ["33,333,333.33 of payments gives 999,999.9999 → 1,000,000.00", "33333333.33", "1000000.00"],
    ["33,333,333.00 gives 999,999.99", "33333333.00", "999999.99"],
    ["40,000,000 is capped at 1,000,000 (最高100万元)", 40000000, "1000000.00"],
  ])("%s", (_n, paid, expected) => {
    expect(transferInstitutionReward({ paidTotal: paid, rank: 3, date: D }).amount.toFixed(2)).toBe(expected);
  });
  test("rank 0, 1.5 or text is invalid; Hebei has no such rule", () => {
    expect(code(() => transferInstitutionReward({ paidTotal: 1, rank: 0, date: D }))).toBe("INVALID_RANK");
    expect(code(() => transferInstitutionReward({ paidTotal: 1, rank: 1.5, date: D }))).toBe("INVALID_RANK");
    expect(code(() => transferInstitutionReward({ paidTotal: 1, rank: "first", date: D }))).toBe("INVALID_RANK");
    expect(code(() => transferInstitutionReward({ paidTotal: 1, rank: 1, region: "CN-HE", date: D }))).toBe("NO_SUCH_RULE");
  });
  test("ranking flags a tie across tenth place instead of choosing", () => {
    const list = Array.from({ length: 12 }, (_, i) => ({ institutionId: `T${i + 1}`, turnover: i < 9 ? 1000 - i : 500 }));
    const ranked = rankTransferInstitutions(list, D);
    const tied = ranked.filter((r) => r.tiedAtCutoff).map((r) => r.institutionId);
    expect(tied).toEqual(["T10", "T11", "T12"]);
    expect(ranked.find((r) => r.institutionId === "T12")!.rank).toBe(10);
    expect(ranked.filter((r) => r.eligible)).toHaveLength(12);
  });
  test("without ties nobody is flagged and exactly ten are eligible", () => {
    const ranked = rankTransferInstitutions(
      Array.from({ length: 12 }, (_, i) => ({ institutionId: `T${i}`, turnover: 100 + i })),
      D,
    );
    expect(ranked.filter((r) => r.eligible)).toHaveLength(10);
    expect(ranked.some((r) => r.tiedAtCutoff)).toBe(false);
  });
});

describe("duty-achievement income shares", () => {
  test("Heilongjiang (000 三(四)): of 1,000,000 net income, at least 700,000 to completers and 100,000 to contributors", () => {
    expect(incomeShare({ income: 1000000, date: D }).amount.toFixed(2)).toBe("700000.00");
    expect(incomeShare({ income: 1000000, party: "contributors", date: D }).amount.toFixed(2)).toBe("100000.00");
    expect(incomeShare({ income: 1000000, party: "成果完成人", date: D }).amount.toFixed(2)).toBe("700000.00");
  });
  test("Hebei (004 item 8): of 1,000,000 cash income, a pool of at least 700,000, main contributors at least 350,000", () => {
    expect(incomeShare({ income: 1000000, party: "pool", region: "CN-HE", date: D }).amount.toFixed(2)).toBe("700000.00");
    expect(incomeShare({ income: 1000000, party: "main-contributors", region: "CN-HE", date: D }).amount.toFixed(2)).toBe("350000.00");
    expect(incomeShare({ income: 1000000, region: "CN-HE", date: D }).amount.toFixed(2)).toBe("700000.00");
  });
  test("a party of the other province is NO_SUCH_RULE; an unknown word is UNKNOWN_PARTY", () => {
    expect(code(() => incomeShare({ income: 1, party: "pool", region: "CN-HL", date: D }))).toBe("NO_SUCH_RULE");
    expect(code(() => incomeShare({ income: 1, party: "everyone", date: D }))).toBe("UNKNOWN_PARTY");
  });
  test("inventor equity (001 四(二)): of 1,000,000 shares the team may hold at least 700,000", () => {
    expect(inventorEquity({ equity: 1000000, date: D }).amount.toFixed(2)).toBe("700000.00");
  });
  test("Hebei taxable reward (004 item 8): paid within 3 years counts 50%; after, in full; for-profit, in full", () => {
    const base = { cashReward: 100000, incomeDate: "2022-03-01", nonProfit: true };
    expect(taxableRewardAmount({ ...base, paidDate: "2025-03-01" }).amount.toFixed(2)).toBe("50000.00");
    expect(taxableRewardAmount({ ...base, paidDate: "2025-03-02" }).amount.toFixed(2)).toBe("100000.00");
    expect(taxableRewardAmount({ ...base, nonProfit: false, paidDate: "2023-01-01" }).amount.toFixed(2)).toBe("100000.00");
  });
});

describe("first-of-a-kind insurance compensation (001 二(一))", () => {
  test.each([
    ["a 1-year policy with a 50,000 premium gets 40,000", 50000, 1, "40000.00", true],
    ["a 3-year policy (最长不超过3年: 3 qualifies) gets 80%", 50000, 3, "40000.00", true],
    ["a 3.01-year policy gets nothing", 50000, "3.01", "0.00", false],
    ["a 4-year policy gets nothing", 50000, 4, "0.00", false],
  ])("%s", (_n, premium, term, expected, eligible) => {
    const r = insuranceCompensation({ premium, termYears: term, date: D });
    expect(r.amount.toFixed(2)).toBe(expected);
    expect(r.eligible).toBe(eligible);
  });
  test("a term of 0, negative or text is invalid", () => {
    expect(code(() => insuranceCompensation({ premium: 1, termYears: 0, date: D }))).toBe("INVALID_TERM");
    expect(code(() => insuranceCompensation({ premium: 1, termYears: -1, date: D }))).toBe("INVALID_TERM");
    expect(code(() => insuranceCompensation({ premium: 1, termYears: "long", date: D }))).toBe("INVALID_TERM");
  });
});

describe("fixed and ranged awards", () => {
  test("Hebei: each newly recognised national high-tech enterprise gets 100,000 (004 item 14)", () => {
    expect(highTechEnterpriseAward({ region: "CN-HE", date: D }).amount.toFixed(2)).toBe("100000.00");
    expect(highTechEnterpriseAward({ count: 3, region: "CN-HE", date: D }).amount.toFixed(2)).toBe("300000.00");
    expect(code(() => highTechEnterpriseAward({ count: -1, region: "CN-HE", date: D }))).toBe("INVALID_COUNT");
  });
  test("Hebei: an equity manager investing 2,000,000 in a seed-stage SME gets 1% = 20,000 (004 item 19)", () => {
    expect(seedInvestmentReward({ invested: 2000000, region: "CN-HE", date: D }).amount.toFixed(2)).toBe("20000.00");
  });
  test("Hebei: listing award is 300,000 to 2,000,000, maximum returned (004 item 19)", () => {
    const r = listingAward({ region: "CN-HE", date: D });
    expect(r.amount.toFixed(2)).toBe("2000000.00");
    expect(r.range!.min.toFixed(2)).toBe("300000.00");
    expect(r.steps[0]!.en).toMatch(/decided by assessment/);
  });
  test("Hebei: a new national enterprise lab gets 3,000,000 to 5,000,000 (004 item 12)", () => {
    const r = enterpriseLabGrant({ region: "CN-HE", date: D });
    expect([r.range!.min.toFixed(2), r.range!.max.toFixed(2)]).toEqual(["3000000.00", "5000000.00"]);
  });
  test("Hebei: consortium support is what is requested, up to 5,000,000 (004 item 2)", () => {
    expect(consortiumSupport({ requested: 4999999.99, region: "CN-HE", date: D }).amount.toFixed(2)).toBe("4999999.99");
    expect(consortiumSupport({ requested: 5000000, region: "CN-HE", date: D }).amount.toFixed(2)).toBe("5000000.00");
    expect(consortiumSupport({ requested: 5000000.01, region: "CN-HE", date: D }).amount.toFixed(2)).toBe("5000000.00");
  });
  test("Heilongjiang: demonstration institutions rated excellent get 1,000,000 to 2,000,000 (001 二(三))", () => {
    const r = demonstrationGrant({ date: D });
    expect([r.range!.min.toFixed(2), r.amount.toFixed(2)]).toEqual(["1000000.00", "2000000.00"]);
    expect(r.parameters[0]!.reference.section).toMatch(/^二\(三\)/);
  });
});
