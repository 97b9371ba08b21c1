/**
 * Named cases from the text of 001 二(四) (Heilongjiang) and 004 item 9 (Hebei), at the boundaries:
 * just under, at and just over every threshold and cap, the Hebei tier boundary and the Beijing/Tianjin rule.
 */
import { PolicyError, techSubsidy } from "@tt/engine";

const pay = (amount: unknown, extra: Record<string, unknown> = {}) =>
  techSubsidy({ amount, date: "2024-06-01", ...extra }).amount.toFixed(2);

const errorCode = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e.code;
    throw e;
  }
  throw new Error("expected a PolicyError");
};

describe("Heilongjiang technology-transaction subsidy (001 二(四))", () => {
  test.each([
    ["a Heilongjiang buyer receiving 800,000 gets 240,000", 800000, "240000.00"],
    ["a buyer receiving 499,999.99 (just under 50万) gets nothing", "499999.99", "0.00"],
    ["a buyer receiving exactly 500,000 (含50万元) gets 150,000", 500000, "150000.00"],
    ["a buyer receiving 500,000.01 gets 150,000.00 (150,000.003 rounded half-up)", "500000.01", "150000.00"],
    ["a buyer receiving 500,000.05 gets 150,000.02 (150,000.015 rounds half-up)", "500000.05", "150000.02"],
    ["a buyer receiving 3,333,333.33 gets 999,999.999 → 1,000,000.00 after rounding", "3333333.33", "1000000.00"],
    ["a buyer receiving 3,333,333.30 gets 999,999.99", "3333333.30", "999999.99"],
    ["a buyer receiving 3,333,334 is capped at 1,000,000 (最高不超过100万元)", 3333334, "1000000.00"],
    ["a buyer receiving 50,000,000 is capped at 1,000,000", 50000000, "1000000.00"],
    ["a buyer receiving 0 gets nothing", 0, "0.00"],
  ])("%s", (_name, amount, expected) => {
    expect(pay(amount)).toBe(expected);
  });

  test("a seller (research institute, in-province deal) receiving 800,000 gets a 240,000 reward", () => {
    expect(pay(800000, { role: "seller" })).toBe("240000.00");
    expect(pay(800000, { role: "出让方" })).toBe("240000.00");
  });

  test("a seller receiving 499,999.99 gets nothing, and the trace says why", () => {
    const r = techSubsidy({ amount: "499999.99", role: "seller", date: "2024-06-01" });
    expect(r.eligible).toBe(false);
    expect(r.reason?.en).toMatch(/below the 500000.00 threshold/);
    expect(r.reason?.zh).toMatch(/不足起点/);
  });

  test("the trace names the parameters, their values, dates and the clause", () => {
    const r = techSubsidy({ amount: 800000, date: "2024-06-01" });
    expect(r.parameters.map((p) => p.id)).toEqual([
      "cn-hl.tech-subsidy.buyer.threshold",
      "cn-hl.tech-subsidy.buyer.rate",
      "cn-hl.tech-subsidy.buyer.cap",
    ]);
    expect(r.parameters[1]).toMatchObject({
      value: "0.3",
      from: "2017-10-24",
      reference: { seed: "001_f8368359dc3b597a.txt", section: "二(四) 促进技术合同交易" },
    });
    expect(r.steps.some((s) => s.clause === "黑政发〔2017〕16号第二部分第（四）项" && s.value === "240000")).toBe(true);
    expect(r.rulesVersion).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
  });

  test("region and role accept the Chinese names", () => {
    expect(pay(800000, { region: "黑龙江", role: "受让方" })).toBe("240000.00");
  });

  test("the Beijing/Tianjin source does not change the Heilongjiang rule", () => {
    expect(pay(800000, { source: "京津" })).toBe("240000.00");
  });

  test("defaults: region CN-HL, role buyer, date today", () => {
    expect(techSubsidy({ amount: 800000 }).amount.toFixed(2)).toBe("240000.00");
  });
});

describe("Hebei subsidy for enterprises acquiring major achievements (004 item 9)", () => {
  const he = (amount: unknown, source = "") => pay(amount, { region: "CN-HE", source });
  test.each([
    ["a Hebei buyer at 499,999.99 (不足50万) gets nothing", "499999.99", "0.00"],
    ["a Hebei buyer at exactly 500,000 (50万元以上) gets 10% = 50,000", 500000, "50000.00"],
    ["a Hebei buyer at 999,999.99 gets 99,999.999 → 100,000.00", "999999.99", "100000.00"],
    ["a Hebei buyer at exactly 1,000,000 gets 100,000 (marginal reading)", 1000000, "100000.00"],
    ["a Hebei buyer at 1,000,000.01 gets 100,000.0005 → 100,000.00", "1000000.01", "100000.00"],
    ["a Hebei buyer at 2,000,000 gets 100,000 + 5% of 1,000,000 = 150,000", 2000000, "150000.00"],
    ["a Hebei buyer at 18,999,999.99 gets 999,999.9995 → 1,000,000.00", "18999999.99", "1000000.00"],
    ["a Hebei buyer at 19,000,000 reaches the 1,000,000 cap exactly", 19000000, "1000000.00"],
    ["a Hebei buyer at 30,000,000 is capped at 1,000,000", 30000000, "1000000.00"],
  ])("%s", (_name, amount, expected) => {
    expect(he(amount)).toBe(expected);
  });

  test.each([
    ["a Beijing-sourced deal at 499,999.99 gets nothing", "499999.99", "BJ", "0.00"],
    ["a Beijing-sourced deal at 500,000 gets 50,000", 500000, "BJ", "50000.00"],
    ["a Tianjin-sourced deal at 2,000,000 gets 10% of the whole = 200,000 (not the tiers' 150,000)", 2000000, "TJ", "200000.00"],
    ["a 京津-sourced deal at 9,999,999.99 gets 999,999.999 → 1,000,000.00", "9999999.99", "京津", "1000000.00"],
    ["a 京津-sourced deal at 10,000,000 reaches the cap exactly", 10000000, "京津", "1000000.00"],
    ["a 京津-sourced deal at 12,000,000 is capped at 1,000,000", 12000000, "京津", "1000000.00"],
  ])("%s", (_name, amount, source, expected) => {
    expect(he(amount, source)).toBe(expected);
  });

  test("a Hebei seller has no rule: an explicit NO_SUCH_RULE naming the rules that exist, not zero", () => {
    try {
      techSubsidy({ amount: 800000, region: "CN-HE", role: "seller", date: "2024-06-01" });
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      const err = e as PolicyError;
      expect(err.code).toBe("NO_SUCH_RULE");
      expect(err.kind).toBe("not-found");
      expect(err.text.en).toContain("Heilongjiang (黑政发〔2017〕16号第二部分第（四）项)");
      expect(err.text.zh).toMatch(/^河北省无此规定：“技术交易奖励（出让方）”只有黑龙江省/);
    }
  });

  test("the tier trace shows both parts", () => {
    const r = techSubsidy({ amount: 2000000, region: "CN-HE", date: "2024-06-01" });
    expect(r.steps.filter((s) => s.clause === "《河北省重大科技成果转化行动实施方案》第9条").map((s) => s.value)).toEqual([
      "500000",
      "100000",
      "50000",
      "150000",
    ]);
  });
});

describe("invalid input is a typed error with a stable code, in Chinese and English", () => {
  test.each([
    ["a negative amount", { amount: -1 }, "AMOUNT_NEGATIVE"],
    ["a negative amount as text", { amount: "-500000" }, "AMOUNT_NEGATIVE"],
    ["NaN", { amount: Number.NaN }, "AMOUNT_NOT_FINITE"],
    ["Infinity", { amount: Number.POSITIVE_INFINITY }, "AMOUNT_NOT_FINITE"],
    ["text", { amount: "eight hundred thousand" }, "AMOUNT_NOT_A_NUMBER"],
    ["a blank", { amount: "" }, "AMOUNT_NOT_A_NUMBER"],
    ["null", { amount: null }, "AMOUNT_NOT_A_NUMBER"],
    ["an unknown region", { amount: 800000, region: "CN-GD" }, "UNKNOWN_REGION"],
    ["an unknown role", { amount: 800000, role: "broker" }, "UNKNOWN_ROLE"],
    ["an unknown source", { amount: 800000, region: "CN-HE", source: "SH" }, "UNKNOWN_SOURCE"],
    ["an impossible date", { amount: 800000, date: "2023-02-30" }, "INVALID_DATE"],
    ["a date before 001 existed", { amount: 800000, date: "2016-12-31" }, "DATE_BEFORE_POLICY"],
    ["a Hebei date before 004 existed", { amount: 800000, region: "CN-HE", date: "2020-12-31" }, "DATE_BEFORE_POLICY"],
  ])("%s", (_name, input, code) => {
    expect(errorCode(() => techSubsidy(input))).toBe(code);
  });

  test("the message says what was expected and what arrived, in both languages", () => {
    try {
      techSubsidy({ amount: -5 });
    } catch (e) {
      const err = e as PolicyError;
      expect(err.text.en).toMatch(/cannot be negative; received -5/);
      expect(err.text.zh).toMatch(/不能为负数，收到的是 -5/);
      expect(err.toJSON()).toEqual({ code: "AMOUNT_NEGATIVE", message: err.text, details: { field: "amount", received: "-5" } });
    }
  });

  test("grouped thousands are read exactly; an Excel date serial selects the rules of that day", () => {
    expect(pay("1,000,000")).toBe("300000.00");
    expect(techSubsidy({ amount: 800000, date: 45292 }).date).toBe("2024-01-01");
  });
});
