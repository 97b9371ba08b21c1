/**
 * The progress rollup: per (region, year) a fixed number of shard documents (ROLLUP_SHARDS, the shard
 * chosen by a hash of the institute) map `instituteId|period|submissionId` → the newest summary entry
 * seen of that submission. Applying an entry is idempotent and order independent (only a newer version
 * replaces one), so concurrent writers, retries and the sweeper can all apply the same document safely.
 *
 * A read merges the shards with an overlay of the documents whose rollup is still pending (normally
 * none): for every submission the entry with the highest version wins. Because a document's pending flag
 * is cleared only after its version is in the shard, the merge always equals a recomputation from the
 * stored documents (see functions/README.md, "No drift").
 *
 * Who has not reported: each shard also keeps `totals.unreported`, the registered institutes of its hash
 * bucket with no counted entry in its year. It is kept with every write of the items (`withItems`), every
 * register change (`withTags`) and, where unknown or out of step, from the register itself
 * (`withRegister`). A read trusts it only when it proves complete: the register is never deleted from,
 * the shards' counted and unreported institutes are disjoint subsets of it, so when their sizes add up to
 * the register's size they are all of it (repository `progressRollup`, lib/progress-query.ts).
 */
import { Decimal, countsTowardProgress } from "@tt/engine";
import type { SummaryDoc, SummaryEntry } from "./documents";
import { summaryId } from "./documents";

/**
 * Shards per region and year: enough to spread concurrent writers (and keep each shard small: ~300
 * institutes × periods per shard at 10,000 institutes), few enough that a read is one query of a handful
 * of documents per year.
 */
export const ROLLUP_SHARDS = 32;

export interface RollupItem {
  instituteId: string;
  period: string;
  submissionId: string;
  entry: SummaryEntry;
  /** The institute's type and city in the register when the item was applied (absent: not in the register). */
  type?: string;
  city?: string;
}

/** Counted entries (the lifecycle's rule) of one institute type and city, added up. */
export interface RollupBucket {
  type?: string;
  city?: string;
  achievements: number;
  achievementsBySector: Record<string, number>;
  /** Achievements answering yes to each of the region's questions (policy/categories; absent in totals written before them). */
  achievementsByFlag?: Record<string, number>;
  contracts: number;
  contractTurnover: string;
}

/**
 * The shard's items added up, rewritten with every change of `items` in the same ETag-guarded write, so it
 * always equals a fold of them. A progress read takes only this (a projection): its size depends on the
 * number of institute types × cities, not on the number of institutes.
 */
export interface RollupTotals {
  buckets: RollupBucket[];
  /** Registered institutes (tagged items) with at least one counted entry. */
  counted: number;
  /**
   * The registered institutes of this shard (hash bucket) with no counted entry in the year, by id; absent
   * when not yet known (a shard just created, or written before this existed). `returned`: it has entries,
   * none counted. Its length is the answer's own size (who has not reported), not the register's.
   */
  unreported?: Unreported[];
}

export interface Unreported {
  instituteId: string;
  returned?: true;
}

export interface RollupShard {
  id: string;
  docType: "rollup";
  region: string;
  year: number;
  shard: number;
  items: Record<string, RollupItem>;
  totals?: RollupTotals;
  updatedAt: string;
  _etag?: string;
}

/** FNV-1a of the institute id, modulo the shard count: stable across processes and releases. */
export function shardOf(instituteId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < instituteId.length; i++) {
    h ^= instituteId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % ROLLUP_SHARDS;
}

export const rollupId = (year: number, shard: number) => `rollup:${year}:${shard}`;
export const itemKey = (i: Pick<RollupItem, "instituteId" | "period" | "submissionId">) => `${i.instituteId}|${i.period}|${i.submissionId}`;

/** The shard with `items` applied, or null when it already holds these (or newer) versions. */
export function withItems(
  current: RollupShard | null,
  region: string,
  year: number,
  shard: number,
  items: readonly RollupItem[],
  now: string,
): RollupShard | null {
  const base: RollupShard = current ?? { id: rollupId(year, shard), docType: "rollup", region, year, shard, items: {}, updatedAt: now };
  let changed = false;
  const next = { ...base.items };
  for (const item of items) {
    const key = itemKey(item);
    if ((next[key]?.entry.version ?? 0) >= item.entry.version) continue;
    next[key] = item;
    changed = true;
  }
  if (!changed) return null;
  const unreported = unreportedAfter(base.totals?.unreported, next, new Set(items.map((i) => i.instituteId)));
  return { ...base, items: next, totals: { ...totalsOf(next), ...(unreported ? { unreported } : {}) }, updatedAt: now };
}

/**
 * `unreported` after the items of `affected` institutes changed (undefined stays unknown): an institute
 * leaves it once it has a counted registered entry, and is in it while registered (known before, tagged,
 * or just `registered`) without one.
 */
function unreportedAfter(
  before: readonly Unreported[] | undefined,
  items: Record<string, RollupItem>,
  affected: ReadonlySet<string>,
  registered: ReadonlySet<string> = new Set(),
): Unreported[] | undefined {
  if (!before) return undefined;
  const out = new Map(before.map((u) => [u.instituteId, u] as const));
  const mine = new Map<string, RollupItem[]>();
  for (const item of Object.values(items))
    if (affected.has(item.instituteId)) mine.set(item.instituteId, [...(mine.get(item.instituteId) ?? []), item]);
  for (const id of affected) {
    const own = mine.get(id) ?? [];
    const known = registered.has(id) || out.has(id) || own.some((i) => i.type !== undefined);
    if (!known || own.some((i) => i.type !== undefined && countsTowardProgress(i.entry.status))) out.delete(id);
    else out.set(id, own.length ? { instituteId: id, returned: true } : { instituteId: id });
  }
  return [...out.values()].sort((a, b) => (a.instituteId < b.instituteId ? -1 : a.instituteId > b.instituteId ? 1 : 0));
}

/** The shard with an institute's items re-tagged (its register entry changed), or null when nothing changes. */
export function withTags(
  current: RollupShard | null,
  instituteId: string,
  type: string | undefined,
  city: string | undefined,
  now: string,
) {
  if (!current) return null;
  let changed = false;
  const next = { ...current.items };
  for (const [key, item] of Object.entries(next)) {
    if (item.instituteId !== instituteId || (item.type === type && item.city === city)) continue;
    const { type: _t, city: _c, ...rest } = item;
    next[key] = { ...rest, ...(type !== undefined ? { type } : {}), ...(city !== undefined ? { city } : {}) };
    changed = true;
  }
  // a newly registered institute without a counted entry here joins the shard's unreported
  const before = current.totals?.unreported;
  const unreported = type !== undefined ? unreportedAfter(before, next, new Set([instituteId]), new Set([instituteId])) : before;
  if (!changed && JSON.stringify(unreported) === JSON.stringify(before)) return null;
  return { ...current, items: next, totals: { ...totalsOf(next), ...(unreported ? { unreported } : {}) }, updatedAt: now };
}

/**
 * The shard reconciled with the register's institutes of its hash bucket (`register`: id → type and city,
 * read whole): items tagged as the register says, `unreported` recomputed. Null when nothing changes (or
 * the shard is absent and no registered institute hashes to it). Creates an empty shard otherwise, so an
 * institute that has not reported is accounted for even in a shard nobody has written to this year.
 */
export function withRegister(
  current: RollupShard | null,
  region: string,
  year: number,
  shard: number,
  register: ReadonlyMap<string, { type: string; city: string }>,
  now: string,
): RollupShard | null {
  if (!current && register.size === 0) return null;
  const base: RollupShard = current ?? { id: rollupId(year, shard), docType: "rollup", region, year, shard, items: {}, updatedAt: now };
  const items: Record<string, RollupItem> = {};
  for (const [key, item] of Object.entries(base.items)) {
    const tag = register.get(item.instituteId);
    const { type: _t, city: _c, ...rest } = item;
    items[key] = tag ? { ...rest, type: tag.type, city: tag.city } : rest;
  }
  const unreported = unreportedAfter(
    [...register.keys()].map((instituteId) => ({ instituteId })),
    items,
    new Set([...register.keys(), ...Object.values(items).map((i) => i.instituteId)]),
  )!;
  const totals: RollupTotals = { ...totalsOf(items), unreported };
  if (current && JSON.stringify(items) === JSON.stringify(current.items) && JSON.stringify(totals) === JSON.stringify(current.totals))
    return null;
  return { ...base, items, totals, updatedAt: now };
}

/** The fold of a shard's items: counted entries per (type, city), and how many tagged institutes have one. */
export function totalsOf(items: Record<string, RollupItem>): RollupTotals {
  const buckets = new Map<string, { b: RollupBucket; turnover: Decimal }>();
  const counted = new Set<string>();
  for (const item of Object.values(items)) {
    if (!countsTowardProgress(item.entry.status)) continue;
    if (item.type !== undefined) counted.add(item.instituteId);
    const key = JSON.stringify([item.type ?? null, item.city ?? null]);
    let x = buckets.get(key);
    if (!x) {
      const b: RollupBucket = {
        ...(item.type !== undefined ? { type: item.type } : {}),
        ...(item.city !== undefined ? { city: item.city } : {}),
        achievements: 0,
        achievementsBySector: {},
        achievementsByFlag: {},
        contracts: 0,
        contractTurnover: "0",
      };
      buckets.set(key, (x = { b, turnover: new Decimal(0) }));
    }
    x.b.achievements += item.entry.achievements;
    x.b.contracts += item.entry.contracts;
    for (const [sector, n] of Object.entries(item.entry.achievementsBySector))
      x.b.achievementsBySector[sector] = (x.b.achievementsBySector[sector] ?? 0) + n;
    for (const [flag, n] of Object.entries(item.entry.achievementsByFlag ?? {}))
      x.b.achievementsByFlag![flag] = (x.b.achievementsByFlag![flag] ?? 0) + n;
    x.turnover = x.turnover.plus(item.entry.contractTurnover);
  }
  return {
    buckets: [...buckets.values()].map(({ b, turnover }) => ({ ...b, contractTurnover: turnover.toString() })),
    counted: counted.size,
  };
}

/**
 * Shards + pending overlay → the summaries the progress fold takes (one per institute, year and period,
 * entries keyed by submission id, exactly the shape the fold has always read).
 */
export function mergeRollup(
  region: string,
  shards: readonly RollupShard[],
  pending: readonly (RollupItem & { year: number })[],
): SummaryDoc[] {
  const best = new Map<string, RollupItem & { year: number }>();
  const offer = (item: RollupItem & { year: number }) => {
    const key = `${item.year}|${itemKey(item)}`;
    const have = best.get(key);
    if (!have || have.entry.version < item.entry.version) best.set(key, item);
  };
  for (const s of shards) for (const item of Object.values(s.items)) offer({ ...item, year: s.year });
  for (const item of pending) offer(item);
  const docs = new Map<string, SummaryDoc>();
  for (const item of best.values()) {
    const id = summaryId(item.instituteId, item.year, item.period);
    let d = docs.get(id);
    if (!d)
      docs.set(
        id,
        (d = {
          id,
          docType: "summary",
          region,
          instituteId: item.instituteId,
          year: item.year,
          period: item.period,
          entries: {},
          updatedAt: "",
        }),
      );
    d.entries[item.submissionId] = item.entry;
  }
  return [...docs.values()];
}
