/**
 * Issue 11: effective dates researched from the documents' own evidence (packages/engine/policy/documents), refused
 * before them with the document's TITLE; citations in words (title, 文号, article, effective date); a region
 * on every regional rule, "…无此规定" elsewhere; the ≥50% to brokers for every funded transfer institution.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DOCUMENTS,
  PolicyError,
  articleOf,
  brokerShare,
  citationOf,
  commissionerShare,
  consortiumSupport,
  demonstrationGrant,
  enterpriseLabGrant,
  highTechEnterpriseAward,
  insuranceCompensation,
  inventorEquity,
  listingAward,
  seedInvestmentReward,
  specialistShare,
  techSubsidy,
  transferInstitutionReward,
} from "@tt/engine";
import { loadPolicyDirectory } from "@tt/engine/tools/load-files";

const failure = (fn: () => unknown): PolicyError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error("no error");
};

describe("effective dates: the earliest date each document can apply from, with its evidence", () => {
  test.each([
    ["000", "2022-11-25", "本方案自公布之日起施行"],
    ["001", "2017-10-24", "国发〔2017〕44号"],
    ["002", "2022-06-30", "2022年6月30日"],
    ["003", "2022-08-22", "2022年8月22日"],
    ["004", "2021-05-28", "两院院士大会"],
  ])("document %s applies from %s; the reading cites the evidence (%s)", (seed, from, evidence) => {
    const d = DOCUMENTS.find((x) => x.seed.startsWith(seed))!;
    expect(d.effectiveFrom).toBe(from);
    expect(d.reading.zh).toContain(evidence);
  });

  test("001 also cites the 19th Party Congress (opened 2017-10-18, closed 2017-10-24) and the page's 2017-10-24 image", () => {
    const d = DOCUMENTS.find((x) => x.seed.startsWith("001"))!;
    const seedText = readFileSync(join(__dirname, "../../../shared/seeds", d.seed), "utf8");
    expect(seedText).toContain("党的十九大精神");
    expect(seedText).toContain("微信图片_20171024");
    expect(d.reading.zh).toMatch(/10月18日开幕、10月24日闭幕/);
  });

  test("004 cannot apply before the 2021-05-28 speech it implements", () => {
    const seedText = readFileSync(join(__dirname, "../../../shared/seeds/004_c8fccdb739681aa7.txt"), "utf8");
    expect(seedText).toContain("两院院士大会、中国科协第十次代表大会上的重要讲话精神");
  });

  test.each([
    [
      "Heilongjiang subsidy (001)",
      (date: string) => techSubsidy({ amount: 800000, date }),
      "2017-10-23",
      "2017-10-24",
      "240000.00",
      "《黑龙江省技术转移体系建设实施方案》（黑政发〔2017〕16号）",
    ],
    [
      "Hebei subsidy (004)",
      (date: string) => techSubsidy({ amount: 800000, region: "CN-HE", date }),
      "2021-05-27",
      "2021-05-28",
      "80000.00",
      "《河北省重大科技成果转化行动实施方案》",
    ],
    [
      "commissioner share (000)",
      (date: string) => commissionerShare({ subsidy: 240000, date }),
      "2022-11-24",
      "2022-11-25",
      "24000.00",
      "《黑龙江省科研院所科技成果产业化专项行动方案（2022—2026年）》",
    ],
    [
      "insurance compensation (001)",
      (date: string) => insuranceCompensation({ premium: 50000, date }),
      "2017-10-23",
      "2017-10-24",
      "40000.00",
      "黑政发〔2017〕16号",
    ],
  ])("%s: refused the day before, paid on the first day", (_name, rule, before, first, amount, title) => {
    const e = failure(() => rule(before));
    expect(e.code).toBe("DATE_BEFORE_POLICY");
    expect(e.kind).toBe("not-found"); // a valid question with no rule in force → #N/A / 404
    expect(e.text.zh).toContain(title);
    expect(e.text.zh).toContain(`${before} 时`);
    expect(e.text.en).toContain(first);
    for (const text of [e.text.zh, e.text.en]) {
      expect(text).not.toMatch(/cn-h[le]\.|\.txt|\b00\d\b|_[0-9a-f]{16}/); // no internal ids or file names
    }
    expect(rule(first).amount.toFixed(2)).toBe(amount);
  });

  test("the build refuses a parameter value dated before its document can apply", () => {
    const dir = mkdtempSync(join(tmpdir(), "tt-policy-"));
    cpSync(join(__dirname, "../../packages/engine/policy"), dir, { recursive: true });
    const file = join(dir, "parameters/cn-hl/tech-subsidy.buyer.rate.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("from: 2017-10-24", "from: 2017-01-01"));
    expect(() => loadPolicyDirectory(dir)).toThrow(/2017-01-01 is before the document can apply \(2017-10-24\)/);
  });
});

describe("citations in words", () => {
  test.each([
    ["二(四) 促进技术合同交易", "第二部分第（四）项", "促进技术合同交易"],
    ["9. 支持企业引进重大科技成果", "第9条", "支持企业引进重大科技成果"],
    ["三(三) 注重研发实绩，构建科研院所技术转移转化体系", "第三部分第（三）项", "注重研发实绩，构建科研院所技术转移转化体系"],
    ["二(一)3", "第二部分第（一）项第3点", undefined],
    ["一、总体要求", "第一部分", "总体要求"],
  ])("%s → %s", (section, zh, heading) => {
    expect(articleOf(section).article.zh).toBe(zh);
    expect(articleOf(section).heading).toBe(heading);
  });

  test("a citation names the title, 文号, article and effective date", () => {
    const c = citationOf({ seed: "001_f8368359dc3b597a.txt", section: "二(四) 促进技术合同交易" });
    expect(c.words.zh).toBe(
      "《黑龙江省技术转移体系建设实施方案》（黑政发〔2017〕16号）第二部分第（四）项 促进技术合同交易，自2017年10月24日起适用",
    );
    expect(c.short).toBe("黑政发〔2017〕16号第二部分第（四）项");
    const he = citationOf({ seed: "004_c8fccdb739681aa7.txt", section: "9. 支持企业引进重大科技成果" });
    expect(he.short).toBe("《河北省重大科技成果转化行动实施方案》第9条");
    expect(he.number).toBeUndefined();
  });

  test("every trace step cites in words, never a file number; readings are steps of their own", () => {
    const r = techSubsidy({ amount: 1500000, region: "CN-HE", date: "2024-06-01" });
    for (const s of r.steps) if (s.clause) expect(s.clause).toBe("《河北省重大科技成果转化行动实施方案》第9条");
    expect(r.readings.map((x) => x.zh)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^解读：.*累进/), expect.stringMatching(/^解读：.*“最高10%”.*最高应得额/)]),
    );
    const tiers = r.steps.filter((s) => s.zh.includes("部分")).map((s) => s.zh);
    expect(tiers).toEqual(["1000000.00 元以内的部分 1000000.00 元 × 最高比例 10%", "超过 1000000.00 元的部分 500000.00 元 × 最高比例 5%"]);
    expect(tiers.join("")).not.toMatch(/above|以上\//);
    const hl = techSubsidy({ amount: 800000, date: "2024-06-01" });
    expect(hl.readings.some((x) => x.zh.startsWith("解读：单方支持"))).toBe(true);
  });

  test("Beijing/Tianjin source is shown in words, not as a code in brackets", () => {
    const r = techSubsidy({ amount: 800000, region: "CN-HE", source: "京津", date: "2024-06-01" });
    expect(r.steps.map((s) => s.zh).join("")).not.toContain("（BJ）");
    expect(r.steps.some((s) => s.zh.startsWith("成果来源于京津"))).toBe(true);
  });
});

describe("a region on every regional rule; never another province's figure", () => {
  const D = "2024-06-01";
  test.each([
    ["high-tech award asked in Heilongjiang", () => highTechEnterpriseAward({ region: "CN-HL", date: D }), "黑龙江省无此规定", "河北省"],
    [
      "high-tech award with no region (falls back to Heilongjiang)",
      () => highTechEnterpriseAward({ date: D }),
      "黑龙江省无此规定",
      "河北省",
    ],
    [
      "seed investment reward in Heilongjiang",
      () => seedInvestmentReward({ invested: 1, region: "CN-HL", date: D }),
      "黑龙江省无此规定",
      "河北省",
    ],
    [
      "consortium support in Heilongjiang",
      () => consortiumSupport({ requested: 1, region: "CN-HL", date: D }),
      "黑龙江省无此规定",
      "河北省",
    ],
    ["listing award in Heilongjiang", () => listingAward({ region: "黑龙江", date: D }), "黑龙江省无此规定", "河北省"],
    ["lab grant in Heilongjiang", () => enterpriseLabGrant({ region: "CN-HL", date: D }), "黑龙江省无此规定", "河北省"],
    ["demonstration grant in Hebei", () => demonstrationGrant({ region: "CN-HE", date: D }), "河北省无此规定", "黑龙江省"],
    ["specialist share in Hebei", () => specialistShare({ subsidy: 1, region: "CN-HE", date: D }), "河北省无此规定", "黑龙江省"],
    ["commissioner share in Hebei", () => commissionerShare({ subsidy: 1, region: "CN-HE", date: D }), "河北省无此规定", "黑龙江省"],
    ["inventor equity in Hebei", () => inventorEquity({ equity: 1, region: "CN-HE", date: D }), "河北省无此规定", "黑龙江省"],
    ["broker share in Hebei", () => brokerShare({ funding: 1, region: "CN-HE", date: D }), "河北省无此规定", "黑龙江省"],
    [
      "transfer reward in Hebei",
      () => transferInstitutionReward({ paidTotal: 1, rank: 1, region: "CN-HE", date: D }),
      "河北省无此规定",
      "黑龙江省",
    ],
  ])("%s → NO_SUCH_RULE (#N/A)", (_name, fn, zhStart, elsewhere) => {
    const e = failure(fn);
    expect(e.code).toBe("NO_SUCH_RULE");
    expect(e.kind).toBe("not-found");
    expect(e.text.zh.startsWith(zhStart)).toBe(true);
    expect(e.text.zh).toContain(`只有${elsewhere}`);
  });

  test("in its own region each rule answers", () => {
    expect(highTechEnterpriseAward({ region: "CN-HE", date: D }).amount.toFixed(2)).toBe("100000.00");
    expect(specialistShare({ subsidy: 240000, region: "CN-HL", date: D }).region).toBe("CN-HL");
  });
});

describe("brokers get at least 50% of ANY funding a transfer institution receives (000 三(三))", () => {
  test("600,000 of funding → at least 300,000 to the brokers, with the reading shown", () => {
    const r = brokerShare({ funding: 600000, date: "2024-06-01" });
    expect(r.amount.toFixed(2)).toBe("300000.00");
    expect(r.readings[0]!.zh).toContain("适用于所有获得资金支持的技术转移机构");
  });
  test("the top-ten reward's broker part cites the same clause in words", () => {
    const r = transferInstitutionReward({ paidTotal: 10000000, rank: 1, date: "2024-06-01" });
    expect(r.steps.at(-1)!.clause).toBe("《黑龙江省科研院所科技成果产业化专项行动方案（2022—2026年）》第三部分第（三）项");
  });
});
