/**
 * Issue 14 P5: the shards' lists of who has not reported (`totals.unreported`, functions/lib/rollup.ts).
 * A property test over random sequences of register additions and changes, submissions, returns and
 * corrections, applied in any order, with reconciliations in between: whenever the read's completeness
 * proof holds (every shard's list known, counted + unreported = the register's size), the lists are exactly
 * who has not reported (with the "returned" note), as recomputed from the register and the items; and after
 * a reconciliation with the register the proof always holds.
 */
import fc from "fast-check";
import { countsTowardProgress } from "@tt/engine";
import { ROLLUP_SHARDS, shardOf, withItems, withRegister, withTags, type RollupItem, type RollupShard } from "../../functions/lib/rollup";
import type { SummaryEntry } from "../../functions/lib/documents";

const REGION = "CN-HE";
const YEAR = 2024;
/** 24 institutes in 3 of the hash buckets: buckets are shared, as with hundreds of institutes or more. */
const IDS = Array.from({ length: 2000 }, (_, i) => `P-${i}`)
  .filter((id) => shardOf(id) < 3)
  .slice(0, 24);

type Op =
  | { kind: "register"; id: string; type: string; city: string }
  | {
      kind: "apply";
      /** Most submissions come from registered institutes (the API refuses others; older data may hold some). */
      registered: boolean;
      id: string;
      period: "Y" | "Q1";
      version: number;
      status: "submitted" | "returned" | "approved";
    }
  | { kind: "reconcile" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("register" as const),
    id: fc.constantFrom(...IDS),
    type: fc.constantFrom("enterprise", "university"),
    city: fc.constantFrom("石家庄", "沧州"),
  }),
  fc.record({
    kind: fc.constant("apply" as const),
    registered: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
    id: fc.constantFrom(...IDS),
    period: fc.constantFrom("Y" as const, "Q1" as const),
    version: fc.integer({ min: 1, max: 4 }),
    status: fc.constantFrom("submitted" as const, "returned" as const, "approved" as const),
  }),
  fc.constant({ kind: "reconcile" as const }),
);

const entry = (submissionId: string, version: number, status: SummaryEntry["status"]): SummaryEntry => ({
  submissionId,
  version,
  status,
  achievements: 1,
  achievementsBySector: {},
  contracts: 0,
  contractTurnover: "0",
  subsidyTotal: "0",
});

/** What the lists must say: registered institutes without a counted entry (and whether they have entries). */
function expected(register: Map<string, unknown>, shards: Map<number, RollupShard>) {
  const items = [...shards.values()].flatMap((s) => Object.values(s.items));
  return [...register.keys()]
    .filter((id) => !items.some((i) => i.instituteId === id && countsTowardProgress(i.entry.status)))
    .map((id) => (items.some((i) => i.instituteId === id) ? { instituteId: id, returned: true } : { instituteId: id }))
    .sort((a, b) => (a.instituteId < b.instituteId ? -1 : 1));
}

function proofHolds(register: Map<string, unknown>, shards: Map<number, RollupShard>): boolean {
  const all = [...shards.values()];
  const accounted = all.reduce((n, s) => n + s.totals!.counted + (s.totals!.unreported?.length ?? 0), 0);
  return all.every((s) => s.totals?.unreported) && accounted === register.size;
}

const listed = (shards: Map<number, RollupShard>) =>
  [...shards.values()].flatMap((s) => s.totals!.unreported!).sort((a, b) => (a.instituteId < b.instituteId ? -1 : 1));

function reconcile(register: Map<string, { type: string; city: string }>, shards: Map<number, RollupShard>) {
  for (let shard = 0; shard < ROLLUP_SHARDS; shard++) {
    const tags = new Map([...register].filter(([id]) => shardOf(id) === shard));
    const next = withRegister(shards.get(shard) ?? null, REGION, YEAR, shard, tags, "t");
    if (next) shards.set(shard, next);
  }
}

test("whenever the completeness proof holds, the shards list exactly who has not reported; after a reconciliation it always holds", () => {
  let heldBetweenReconciliations = 0; // the proof also holds after plain writes (not only right after a reconciliation)
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const register = new Map<string, { type: string; city: string }>();
      const shards = new Map<number, RollupShard>();
      for (const o of ops) {
        if (o.kind === "register") {
          register.set(o.id, { type: o.type, city: o.city });
          // as Repository.retag: every existing shard of the institute's bucket
          const s = shards.get(shardOf(o.id));
          const next = s && withTags(s, o.id, o.type, o.city, "t");
          if (next) shards.set(shardOf(o.id), next);
        } else if (o.kind === "apply") {
          if (o.registered && !register.has(o.id)) continue;
          const item: RollupItem = {
            instituteId: o.id,
            period: o.period,
            submissionId: `${o.id}-${o.period}`,
            entry: entry(`${o.id}-${o.period}`, o.version, o.status),
            ...(register.get(o.id) ?? {}),
          };
          const shard = shardOf(o.id);
          const next = withItems(shards.get(shard) ?? null, REGION, YEAR, shard, [item], "t");
          if (next) shards.set(shard, next);
        } else {
          reconcile(register, shards);
          expect(proofHolds(register, shards)).toBe(true);
        }
        if (proofHolds(register, shards)) {
          if (o.kind !== "reconcile") heldBetweenReconciliations++;
          expect(listed(shards)).toEqual(expected(register, shards));
        }
      }
      reconcile(register, shards);
      expect(proofHolds(register, shards)).toBe(true);
      expect(listed(shards)).toEqual(expected(register, shards));
    }),
    { numRuns: 1000 },
  );
  expect(heldBetweenReconciliations).toBeGreaterThan(100);
});

test("a reconciliation that finds the shards in agreement writes nothing", () => {
  const register = new Map([["P-1", { type: "enterprise", city: "沧州" }]]);
  const shard = shardOf("P-1");
  const first = withRegister(null, REGION, YEAR, shard, register, "t")!;
  expect(first.totals!.unreported).toEqual([{ instituteId: "P-1" }]);
  expect(withRegister(first, REGION, YEAR, shard, register, "t")).toBeNull();
  // nobody registered in a bucket nobody wrote: no document is created for it
  expect(withRegister(null, REGION, YEAR, (shard + 1) % ROLLUP_SHARDS, new Map(), "t")).toBeNull();
});
