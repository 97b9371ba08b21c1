/**
 * Target semantics as the documents word them (issue 10 item 3): each series' bound word and phrase are data
 * (`wording` in its YAML), 突破/超过 are strictly more, 以上/不低于/达到 include the figure, a range's top is a
 * ceiling; still-needed follows the same document's year-by-year schedule where there is one, otherwise spreads
 * the rest evenly; the default series answers unless another is named.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BOUND_OF_WORD, Decimal, TARGETS, defaultCumulativeMetric, meets, stillNeededPerYear, target, targetGap } from "@tt/engine";
import { followSchedule, spreadEvenly } from "@tt/engine";
import { wordingMismatch } from "@tt/engine";
import { loadPolicyDirectory } from "@tt/engine/tools/load-files";

const seeds = resolve(__dirname, "../../../shared/seeds");
const d = (n: number | string) => new Decimal(n);

describe("bounds as worded", () => {
  test("突破 at equality is NOT met (Hebei turnover 突破2000亿元 in 2025: exactly the target)", () => {
    const t = target({ year: 2025, metric: "contract-turnover", region: "CN-HE" });
    expect([t.bound, t.wording.word]).toEqual(["above", "突破"]);
    expect(targetGap({ year: 2025, metric: "contract-turnover", region: "CN-HE", actual: t.value.toString() }).met).toBe(false);
    expect(targetGap({ year: 2025, metric: "contract-turnover", region: "CN-HE", actual: t.value.plus("0.01").toString() }).met).toBe(true);
  });
  test("以上 at equality IS met (Hebei 每年实施60项以上 major transformation projects)", () => {
    const t = target({ year: 2023, metric: "major-transformation-projects", region: "CN-HE" });
    expect([t.bound, t.wording.word]).toEqual(["at-least", "以上"]);
    expect(targetGap({ year: 2023, metric: "major-transformation-projects", region: "CN-HE", actual: t.value.toString() }).met).toBe(true);
    expect(
      targetGap({ year: 2023, metric: "major-transformation-projects", region: "CN-HE", actual: t.value.minus(1).toString() }).met,
    ).toBe(false);
  });
  test("达到 at equality is met (Hebei 高新技术企业总数达到)", () => {
    const t = target({ year: 2025, metric: "high-tech-enterprises", region: "CN-HE" });
    expect([t.bound, t.wording.word]).toEqual(["reach", "达到"]);
    expect(targetGap({ year: 2025, metric: "high-tech-enterprises", region: "CN-HE", actual: t.value.toString() }).met).toBe(true);
  });
  test("Heilongjiang 001: 2020 is worded 达到 (equal is met), 2025 突破 (equal is not): one series, two bounds", () => {
    const y2020 = target({ year: 2020, metric: "contract-turnover" });
    const y2025 = target({ year: 2025, metric: "contract-turnover" });
    expect([y2020.bound, y2020.wording.word, y2025.bound, y2025.wording.word]).toEqual(["reach", "达到", "above", "突破"]);
    expect(targetGap({ year: 2020, metric: "contract-turnover", actual: y2020.value.toString() }).met).toBe(true);
    expect(targetGap({ year: 2025, metric: "contract-turnover", actual: y2025.value.toString() }).met).toBe(false);
  });
  test("a range's top is a ceiling (Hebei matchmaking events): inside met, above the top not met, below the floor not met", () => {
    const t = target({ year: 2023, metric: "matchmaking-events", region: "CN-HE" });
    const at = (n: Decimal) => targetGap({ year: 2023, metric: "matchmaking-events", region: "CN-HE", actual: n.toString() }).met;
    expect([at(t.range!.min), at(t.range!.max), at(t.range!.max.plus(1)), at(t.range!.min.minus(1))]).toEqual([true, true, false, false]);
  });
  test("meets(): each bound at, below and above the figure", () => {
    expect(
      ["at-least", "reach", "above", "at-most"].map((b) => [
        meets(b as never, d(9), d(10)),
        meets(b as never, d(10), d(10)),
        meets(b as never, d(11), d(10)),
      ]),
    ).toEqual([
      [false, true, true],
      [false, true, true],
      [false, false, true],
      [true, true, false],
    ]);
    expect(meets("none", d(1), d(1))).toBeNull();
  });
  test("a cumulative target not yet due and not yet reached is met: null (it can still be met); reached early is true", () => {
    expect(stillNeededPerYear({ year: 2023, metric: "industrialised-total", actual: 130 }).met).toBeNull();
    expect(stillNeededPerYear({ year: 2023, metric: "industrialised-total", actual: 400 }).met).toBe(true);
    expect(stillNeededPerYear({ year: 2026, metric: "industrialised-total", actual: 399 }).met).toBe(false);
  });
});

describe("every series records its bound word and phrase, consistent with its bound", () => {
  test.each(TARGETS.map((t) => [t.id, t] as const))("%s", (_id, t) => {
    expect(t.reference.quote).toContain(t.wording.phrase);
    if (t.wording.word)
      expect(
        t.wording.phrase
          .replace(/\([^)]*\)/g, "")
          .replace(/達/g, "达")
          .replace(/於/g, "于")
          .replace(/過/g, "过"),
      ).toContain(t.wording.word);
    expect(wordingMismatch(t.bound, t.wording)).toBeNull();
  });
  test("a year worded differently quotes the seed itself", () => {
    const overrides = TARGETS.flatMap((t) => t.values.flatMap((v) => ("wording" in v && v.wording ? [{ t, w: v.wording }] : [])));
    expect(overrides.length).toBeGreaterThan(0);
    for (const { t, w } of overrides) expect(readFileSync(join(seeds, t.reference.seed), "utf8")).toContain(w.phrase);
  });
  test("the word table: 突破/超过 strictly more, 以上/不低于 at least, 达到 reach, 不超过/以内 a ceiling", () => {
    expect(BOUND_OF_WORD).toMatchObject({
      突破: "above",
      超过: "above",
      以上: "at-least",
      不低于: "at-least",
      达到: "reach",
      不超过: "at-most",
      以内: "at-most",
    });
  });
  test("the loader refuses a bound that disagrees with its word unless a reading says why", () => {
    expect(wordingMismatch("reach", { word: "突破", phrase: "突破300亿元" })).toMatch(/means above/);
    expect(wordingMismatch("reach", { word: "突破", phrase: "突破200項", reading: { zh: "动词", en: "verb" } })).toBeNull();
    expect(wordingMismatch("above", { word: null, phrase: "600名" })).toMatch(/needs a bound word/);
  });
  test("the policy directory loads with every check (wording, schedule, measure)", () => {
    expect(() => loadPolicyDirectory(resolve(__dirname, "../../packages/engine/policy"))).not.toThrow();
  });
});

describe("still needed", () => {
  test("000 industrialised-total, 2023 with 130 done → next years 80, 90, 100 (the plan's own schedule)", () => {
    const s = stillNeededPerYear({ year: 2023, metric: "industrialised-total", actual: 130 });
    expect(s.basis).toBe("schedule");
    expect(s.schedule).toBe("cn-hl.000.industrialised");
    expect(s.byYear.map((b) => [b.year, b.needed.toNumber()])).toEqual([
      [2024, 80],
      [2025, 90],
      [2026, 100],
    ]);
  });
  test("behind the schedule: the shortfall falls on the next year (120 done by 2023 → 90, 90, 100)", () => {
    const s = stillNeededPerYear({ year: 2023, metric: "industrialised-total", actual: 120 });
    expect(s.byYear.map((b) => b.needed.toNumber())).toEqual([90, 90, 100]);
  });
  test("ahead of the schedule: the surplus comes off the earliest years, never below 0 (250 done by 2023 → 0, 50, 100)", () => {
    const s = stillNeededPerYear({ year: 2023, metric: "industrialised-total", actual: 250 });
    expect(s.byYear.map((b) => b.needed.toNumber())).toEqual([0, 50, 100]);
  });
  test("the default-series rule: without a series the default (000) answers; naming 002 answers from 002, evenly", () => {
    expect(stillNeededPerYear({ year: 2023, metric: "industrialised-total", actual: 130 }).target.series).toBe(
      "cn-hl.000.industrialised-total",
    );
    const named = stillNeededPerYear({ year: 2023, metric: "industrialised-total", actual: 131, series: "cn-hl.002.industrialised-total" });
    expect([named.target.series, named.basis, named.byYear.map((b) => b.needed.toNumber())]).toEqual([
      "cn-hl.002.industrialised-total",
      "even",
      [85, 84],
    ]);
  });
  test("a bare still-needed question asks for the default metric's cumulative total (found through the schedule link)", () => {
    expect(defaultCumulativeMetric("CN-HL")).toBe("industrialised-total");
    expect(stillNeededPerYear({ year: 2023, actual: 130 }).target.series).toBe("cn-hl.000.industrialised-total");
  });
  test("without a schedule the rest is spread evenly in whole items, remainder first (Hebei 300 major achievements)", () => {
    const t = target({ year: 2025, metric: "major-achievements-transformed", region: "CN-HE" });
    const s = stillNeededPerYear({
      year: 2022,
      metric: "major-achievements-transformed",
      region: "CN-HE",
      actual: t.value.minus(100).toString(),
    });
    expect(s.basis).toBe("even");
    expect(s.byYear.map((b) => b.needed.toNumber())).toEqual([34, 33, 33]);
  });
  test("spreadEvenly and followSchedule always add up to what is still needed", () => {
    const sum = (xs: { needed: Decimal }[]) => xs.reduce((a, x) => a.plus(x.needed), d(0)).toString();
    expect(sum(spreadEvenly([1, 2, 3], d("1000.01"), "CNY"))).toBe("1000.01");
    expect(spreadEvenly([1, 2, 3], d("1000.01"), "CNY").map((x) => x.needed.toString())).toEqual(["333.34", "333.34", "333.33"]);
    expect(
      sum(
        followSchedule(
          [
            { year: 1, needed: d(5) },
            { year: 2, needed: d(5) },
          ],
          d(13),
        ),
      ),
    ).toBe("13");
  });
});
