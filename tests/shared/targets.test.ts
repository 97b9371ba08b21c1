/** Targets of POLICY.md section 3: per-year vs cumulative, defaults, alternatives, gaps and still-needed. */
import { PolicyError, SECTORS, metricsOf, sectorMetric, stillNeededPerYear, target, targetGap } from "@tt/engine";

const err = (fn: () => unknown): PolicyError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error("expected a PolicyError");
};

describe("targets by (region, metric, year)", () => {
  test("TT.TARGET(2024) is 80 achievements industrialised by research institutes (000 一)", () => {
    const t = target({ year: 2024 });
    expect(t.value.toString()).toBe("80");
    expect(t).toMatchObject({
      region: "CN-HL",
      metric: "industrialised",
      kind: "annual",
      clause: "《黑龙江省科研院所科技成果产业化专项行动方案（2022—2026年）》第一部分",
    });
  });
  test.each([
    [2022, "60"],
    [2023, "70"],
    [2025, "90"],
    [2026, "100"],
  ])("the research-institute target for %i is %s", (year, value) => {
    expect(target({ year }).value.toString()).toBe(value);
  });
  test("a year with no target is NO_TARGET naming the years that have one, never an interpolation", () => {
    const e = err(() => target({ year: 2027 }));
    expect(e.code).toBe("NO_TARGET");
    expect(e.kind).toBe("not-found");
    expect(e.text.en).toContain("2022, 2023, 2024, 2025, 2026");
    expect(err(() => target({ year: 2021 })).code).toBe("NO_TARGET");
  });
  test("an unknown metric names the metrics that exist", () => {
    const e = err(() => target({ year: 2024, metric: "happiness" }));
    expect(e.code).toBe("UNKNOWN_METRIC");
    expect(e.text.en).toContain("industrialised-total");
  });
  test("later documents do not overwrite earlier ones: industrialised-total keeps 002's 300 (2025) and 000's 400 (2026)", () => {
    const y2025 = target({ year: 2025, metric: "industrialised-total" });
    const y2026 = target({ year: 2026, metric: "industrialised-total" });
    expect([y2025.value.toString(), y2025.series, y2025.period]).toEqual([
      "300",
      "cn-hl.002.industrialised-total",
      { from: 2022, to: 2025 },
    ]);
    expect([y2026.value.toString(), y2026.series]).toEqual(["400", "cn-hl.000.industrialised-total"]);
    expect(err(() => target({ year: 2024, metric: "industrialised-total" })).code).toBe("NO_TARGET");
  });
  test("Heilongjiang contract turnover keeps its annual meanings apart from the cumulative 2,000亿 (§4.8)", () => {
    expect(target({ year: 2020, metric: "contract-turnover" }).value.toString()).toBe("17000000000");
    expect(target({ year: 2025, metric: "contract-turnover" }).value.toString()).toBe("30000000000");
    expect(target({ year: 2026, metric: "contract-turnover" }).value.toString()).toBe("55000000000");
    const total = target({ year: 2025, metric: "contract-turnover-total" });
    expect([total.value.toString(), total.kind]).toEqual(["200000000000", "cumulative"]);
    expect(target({ year: 2025, metric: "contract-turnover" }).kind).toBe("annual");
  });
  test("Hebei turnover and high-tech enterprises by year", () => {
    expect(target({ year: 2023, metric: "contract-turnover", region: "河北" }).value.toString()).toBe("150000000000");
    expect(target({ year: 2025, metric: "high-tech-enterprises", region: "CN-HE" }).value.toString()).toBe("15000");
    expect(err(() => target({ year: 2022, metric: "high-tech-enterprises", region: "CN-HE" })).text.en).toContain("2021, 2023, 2025");
  });
  test("a range target keeps both ends (Hebei matchmaking events 50–100 a year)", () => {
    const t = target({ year: 2023, metric: "matchmaking-events", region: "CN-HE" });
    expect([t.range?.min.toString(), t.range?.max.toString(), t.value.toString()]).toEqual(["50", "100", "50"]);
  });
  test("a qualitative target is TARGET_NOT_NUMERIC with its statement, never a number", () => {
    const e = err(() => target({ year: 2024, metric: "rd-spending-growth" }));
    expect(e.code).toBe("TARGET_NOT_NUMERIC");
  });
  test("a projection is labelled as such (000 一: 预计总体投资额 50亿)", () => {
    expect(target({ year: 2026, metric: "investment" }).nature).toBe("projection");
  });
  test("every sector of 000 二 has its cumulative target and they sum to the 400 total", () => {
    const sum = SECTORS.map((s) => Number(target({ year: 2026, metric: sectorMetric(s.id) }).value)).reduce((a, b) => a + b, 0);
    expect(sum).toBe(400);
    expect(metricsOf("CN-HL")).toEqual(expect.arrayContaining(SECTORS.map((s) => sectorMetric(s.id))));
  });
});

describe("gap, completion and still needed", () => {
  test("TT.TARGETGAP(2024, 55) is 25, completion 0.6875", () => {
    const g = targetGap({ year: 2024, actual: 55 });
    expect([g.gap.toString(), g.completion?.toString()]).toEqual(["25", "0.6875"]);
  });
  test("a negative gap means ahead of target", () => {
    expect(targetGap({ year: 2024, actual: 95 }).gap.toString()).toBe("-15");
  });
  test("a negative actual is invalid", () => {
    expect(err(() => targetGap({ year: 2024, actual: -1 })).code).toBe("AMOUNT_NEGATIVE");
  });
  test("130 industrialised by end-2023: the default series (000, 400 by 2026) answers, not 002's 300; 002 is an alternative", () => {
    const s = stillNeededPerYear({ year: 2023, metric: "industrialised-total", actual: 130 });
    expect([s.target.value.toString(), s.target.series, s.remainingYears, s.stillNeeded.toString()]).toEqual([
      "400",
      "cn-hl.000.industrialised-total",
      3,
      "270",
    ]);
    expect(s.target.alternatives.map((a) => a.series)).toContain("cn-hl.002.industrialised-total");
  });
  test("naming 002's series gives its 300 by 2025: 170 left, 85 a year", () => {
    const s = stillNeededPerYear({ year: 2023, metric: "industrialised-total", actual: 130, series: "cn-hl.002.industrialised-total" });
    expect([s.target.value.toString(), s.remainingYears, s.stillNeeded.toString(), s.perYear?.toString(), s.perYearWhole, s.basis]).toEqual(
      ["300", 2, "170", "85", 85, "even"],
    );
  });
  test("an odd remainder rounds the whole-number need up: 301 by end-2025 against 400 by 2026 → 99 in 2026", () => {
    const s = stillNeededPerYear({ year: 2025, metric: "industrialised-total", actual: 301, series: "cn-hl.000.industrialised-total" });
    expect([s.remainingYears, s.stillNeeded.toString(), s.perYearWhole]).toEqual([1, "99", 99]);
  });
  test("with no year left the per-year need is null and the whole gap is due now", () => {
    const s = stillNeededPerYear({ year: 2026, metric: "industrialised-total", actual: 390 });
    expect([s.remainingYears, s.stillNeeded.toString(), s.perYear]).toEqual([0, "10", null]);
  });
  test("ahead of a cumulative target nothing more is needed", () => {
    expect(stillNeededPerYear({ year: 2024, metric: "industrialised-total", actual: 400 }).stillNeeded.toString()).toBe("0");
  });
  test("a per-year metric has no still-needed computation", () => {
    expect(err(() => stillNeededPerYear({ year: 2024, metric: "industrialised", actual: 1 })).code).toBe("NOT_CUMULATIVE");
  });
});
