/** Properties that hold for every amount, not only the named cases (fast-check). */
import type * as Engine from "@tt/engine";
import fc from "fast-check";
import { Decimal, incomeShare, techSubsidy, transferInstitutionReward } from "@tt/engine";

const D = "2024-06-01";
/** Amounts in fen (0.01 CNY) up to 100,000,000 CNY, as exact decimal strings. */
const amount = fc.bigInt({ min: 0n, max: 10_000_000_000n }).map((fen) => new Decimal(fen.toString()).dividedBy(100).toFixed(2));
const cases = [
  { region: "CN-HL", role: "buyer", source: "" },
  { region: "CN-HL", role: "seller", source: "" },
  { region: "CN-HE", role: "buyer", source: "" },
  { region: "CN-HE", role: "buyer", source: "BJ" },
] as const;
const subsidy = (a: string, c: (typeof cases)[number]) => techSubsidy({ amount: a, ...c, date: D }).amount;
const CAP = new Decimal(1000000); // the cap of every subsidy case above, asserted from the trace below

describe.each(cases)("technology subsidy %o", (c) => {
  test("the cap used is 1,000,000 (so the property below tests the policy's cap)", () => {
    const r = techSubsidy({ amount: 50000000, ...c, date: D });
    expect(r.amount.equals(CAP)).toBe(true);
  });
  test("never negative and never above the cap", () => {
    fc.assert(
      fc.property(amount, (a) => {
        const s = subsidy(a, c);
        return s.greaterThanOrEqualTo(0) && s.lessThanOrEqualTo(CAP);
      }),
      { numRuns: 500 },
    );
  });
  test("non-decreasing in the amount", () => {
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        const [lo, hi] = new Decimal(a).lessThanOrEqualTo(b) ? [a, b] : [b, a];
        return subsidy(lo, c).lessThanOrEqualTo(subsidy(hi, c));
      }),
      { numRuns: 500 },
    );
  });
  test("exact to the fen: the result has at most two decimals", () => {
    fc.assert(
      fc.property(amount, (a) => subsidy(a, c).decimalPlaces() <= 2),
      { numRuns: 300 },
    );
  });
});

test("continuous at the Hebei tier boundary: one fen either side of 1,000,000 moves the subsidy by at most one fen", () => {
  fc.assert(
    fc.property(fc.integer({ min: -1000, max: 1000 }), (fen) => {
      const a = new Decimal(1000000).plus(new Decimal(fen).dividedBy(100));
      const b = a.plus("0.01");
      const sa = subsidy(a.toFixed(2), cases[2]);
      const sb = subsidy(b.toFixed(2), cases[2]);
      return sb.minus(sa).abs().lessThanOrEqualTo("0.01");
    }),
  );
});

test("shares never exceed the whole: completers + contributors ≤ net income (CN-HL); main contributors ≤ pool ≤ income (CN-HE)", () => {
  fc.assert(
    fc.property(amount, (a) => {
      const completers = incomeShare({ income: a, party: "completers", date: D }).amount;
      const contributors = incomeShare({ income: a, party: "contributors", date: D }).amount;
      const pool = incomeShare({ income: a, party: "pool", region: "CN-HE", date: D }).amount;
      const main = incomeShare({ income: a, party: "main-contributors", region: "CN-HE", date: D }).amount;
      return completers.plus(contributors).lessThanOrEqualTo(a) && main.lessThanOrEqualTo(pool) && pool.lessThanOrEqualTo(a);
    }),
    { numRuns: 300 },
  );
});

test("transfer reward: the brokers' minimum never exceeds the reward, which never exceeds the cap", () => {
  fc.assert(
    fc.property(amount, fc.integer({ min: 1, max: 10 }), (a, rank) => {
      const r = transferInstitutionReward({ paidTotal: a, rank, date: D });
      return r.brokerMinimum.lessThanOrEqualTo(r.amount) && r.amount.lessThanOrEqualTo(CAP);
    }),
    { numRuns: 300 },
  );
});

test("the column calculator (no trace) gives exactly the traced rule's amount, for every case and amount", () => {
  const { techSubsidyCalculator } = jest.requireActual("@tt/engine") as typeof Engine;
  for (const c of cases) {
    const calc = techSubsidyCalculator({ ...c, date: D });
    fc.assert(
      fc.property(amount, (a) => calc(a).equals(subsidy(a, c))),
      { numRuns: 500 },
    );
  }
});
