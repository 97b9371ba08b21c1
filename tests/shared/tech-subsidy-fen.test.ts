/**
 * The exact-integer TECHSUBSIDY calculator (packages/engine/src/rules/tech-subsidy-fen.ts) against the decimal
 * engine: for every amount — cents, sub-cent digits, huge numbers, numeric text, the boundaries at the
 * thresholds, the tier edge and the cap, negative and invalid input — the same number or the same error,
 * for both provinces, both Heilongjiang roles and the Hebei Beijing/Tianjin variant.
 */
import fc from "fast-check";
import { Decimal } from "@tt/engine";
import { divideHalfUp, fenOf, fractionOf, parameterFen } from "@tt/engine";
import { techSubsidy, techSubsidyCalculator, resolveTechSubsidy } from "@tt/engine";
import { fenSchedule, techSubsidyFenCalculator } from "@tt/engine";

const D = "2024-06-01";
const cases = [
  { region: "CN-HL", role: "buyer", source: "" },
  { region: "CN-HL", role: "seller", source: "" },
  { region: "CN-HE", role: "buyer", source: "" },
  { region: "CN-HE", role: "buyer", source: "京津" },
] as const;

type Outcome = { value: number } | { error: string; message: string };
const outcome = (f: () => number): Outcome => {
  try {
    return { value: f() };
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { error: err.code ?? "?", message: err.message };
  }
};

describe.each(cases)("fast path == decimal path, %o", (c) => {
  const opts = { ...c, date: D };
  const fast = techSubsidyFenCalculator(opts);
  const decimal = techSubsidyCalculator(opts);
  const schedule = fenSchedule(resolveTechSubsidy(opts))!;
  const same = (x: unknown) => {
    const f = outcome(() => fast(x));
    const d = outcome(() => decimal(x).toNumber());
    expect(f).toEqual(d);
    if ("value" in f) expect(Object.is(f.value, -0)).toBe(false);
    return true;
  };

  test("the policy's schedule fits the integer path (so the properties below exercise it)", () => {
    expect(schedule).not.toBeNull();
    expect(schedule.saturation).toBeLessThan(Infinity);
    expect(schedule.unsafe).toBe(Infinity);
    // the schedule's numbers are the policy's, read back exactly
    expect(techSubsidy({ amount: schedule.threshold / 100, ...opts }).eligible).toBe(true);
    expect(techSubsidy({ amount: (schedule.threshold - 1) / 100, ...opts }).eligible).toBe(false);
    expect(
      techSubsidy({ amount: schedule.saturation / 100, ...opts })
        .amount.times(100)
        .toNumber(),
    ).toBe(schedule.cap);
    // a fen below saturation the gross is still under the cap (it may round up to it)
    expect(techSubsidy({ amount: (schedule.saturation - 1) / 100, ...opts }).steps.some((s) => s.en.startsWith("Within the"))).toBe(true);
    expect(techSubsidy({ amount: (schedule.saturation + 1) / 100, ...opts }).steps.some((s) => s.en.startsWith("Above the cap"))).toBe(
      true,
    );
  });

  test("amounts with cents up to 10^11 CNY (mostly below the cap, where the arithmetic happens), as numbers and as text", () => {
    const below = fc.bigInt({ min: 0n, max: BigInt(schedule.saturation) * 2n });
    fc.assert(
      fc.property(fc.oneof({ arbitrary: below, weight: 4 }, { arbitrary: fc.bigInt({ min: 0n, max: 10n ** 13n }), weight: 1 }), (fen) => {
        const text = new Decimal(fen.toString()).dividedBy(100).toFixed(2);
        return same(Number(text)) && same(text) && same(` +${text} `) && same(text.replace(/\.?0+$/, "") || "0");
      }),
      { numRuns: 1500 },
    );
  });

  test("amounts around every boundary (threshold, tier edges, cap saturation), a fen and a fraction of a fen either side", () => {
    const edges = [schedule.threshold, schedule.saturation, ...schedule.brackets.map((b) => b.from)];
    fc.assert(
      fc.property(fc.constantFrom(...edges), fc.integer({ min: -300, max: 300 }), fc.integer({ min: 0, max: 999 }), (edge, fen, mill) => {
        const at = edge + fen;
        if (at < 0) return true;
        const exact = new Decimal(at).dividedBy(100);
        const sub = exact.plus(new Decimal(mill).dividedBy(100000)); // sub-cent digits
        return same(exact.toNumber()) && same(exact.toFixed(2)) && same(sub.toNumber()) && same(sub.toString());
      }),
      { numRuns: 1500 },
    );
  });

  test("any double, including sub-cent digits, huge magnitudes and tiny fractions", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (x) => same(x)),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e8, noNaN: true }), (x) => same(x)),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(fc.double({ min: 2 ** 40, max: 2 ** 60, noNaN: true }), (x) => same(x)),
      { numRuns: 1000 },
    );
  });

  test("numeric text of every shape: many decimals, grouping commas, long digit strings, signs, spaces", () => {
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
    fc.assert(
      fc.property(
        fc.constantFrom("", "+", "-", " ", "\t"),
        digits(1, 30),
        fc.option(digits(0, 8)),
        fc.boolean(),
        (sign, int, frac, group) => {
          const grouped = group ? Number(int).toLocaleString("en-US", { maximumFractionDigits: 0, useGrouping: true }) : int;
          const text = `${sign}${grouped}${frac === null ? "" : `.${frac}`}`;
          return same(text) && same(`${text} `);
        },
      ),
      { numRuns: 1500 },
    );
  });

  test("negative and invalid input gives the decimal engine's error, word for word", () => {
    const bad: unknown[] = [
      -1,
      -0.001,
      -1e300,
      NaN,
      Infinity,
      -Infinity,
      "",
      " ",
      "abc",
      "-800000",
      "1e6",
      "0x10",
      ".5",
      "5.",
      "８０",
      true,
      false,
      null,
      undefined,
      {},
      [],
      new Decimal(-1),
      new Decimal("800000.005"),
    ];
    for (const x of bad) same(x);
    expect(outcome(() => fast(-1))).toMatchObject({ error: "AMOUNT_NEGATIVE" });
    expect(outcome(() => fast("abc"))).toMatchObject({ error: "AMOUNT_NOT_A_NUMBER" });
    expect(outcome(() => fast(NaN))).toMatchObject({ error: "AMOUNT_NOT_FINITE" });
    expect(fast(-0)).toBe(0);
  });

  test("the fast path agrees with the traced rule too", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 5n * 10n ** 9n }), (fen) => {
        const x = Number(fen) / 100;
        expect(fast(x)).toBe(techSubsidy({ amount: x, ...opts }).amount.toNumber());
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe("the integer helpers", () => {
  test("fenOf reads exactly what parseAmount reads, or declines", () => {
    expect(fenOf(800000.1)).toBe(80000010);
    expect(fenOf(0.07)).toBe(7);
    expect(fenOf(1.005)).toBeNull(); // sub-cent digits
    expect(fenOf(2 ** 46)).toBeNull();
    expect(fenOf("0800000.5")).toBe(80000050);
    expect(fenOf("800,000")).toBeNull();
    expect(fenOf("-1")).toBeNull();
    expect(fenOf(-0)).toBe(0);
    expect(fenOf(38391252427802.95)).toBe(3839125242780295); // x·100 rounds to a neighbour of the decimal's fen
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2 ** 47, noNaN: true }), (x) => {
        const f = fenOf(x);
        if (f === null) return new Decimal(String(x)).times(100).isInteger() === false || x >= 2 ** 46;
        return new Decimal(String(x)).times(100).equals(f);
      }),
      { numRuns: 5000 },
    );
  });

  test("fractionOf and parameterFen are exact or decline", () => {
    expect(fractionOf("0.3")).toEqual({ num: 3, den: 10 });
    expect(fractionOf("0.05")).toEqual({ num: 5, den: 100 });
    expect(fractionOf("1e3")).toBeNull();
    expect(parameterFen("500000")).toBe(50000000);
    expect(parameterFen("0.005")).toBeNull();
  });

  test("divideHalfUp rounds half up exactly, to the edge of the safe range", () => {
    expect(divideHalfUp(15, 10)).toBe(2);
    expect(divideHalfUp(14, 10)).toBe(1);
    expect(divideHalfUp(25, 10)).toBe(3);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (2n ** 53n - 1n - 1000n) / 2n }), fc.constantFrom(1n, 10n, 100n, 1000n), (n, d) => {
        const expected = (2n * n + d) / (2n * d);
        return BigInt(divideHalfUp(Number(n), Number(d))) === expected;
      }),
      { numRuns: 5000 },
    );
  });
});
