/**
 * Storage, through @azure/cosmos only. Nothing here depends on GROUP BY, DISTINCT, OFFSET/LIMIT,
 * transactional batch, change feed or TTL; every query filters on its container's partition-key field
 * in the WHERE clause as well.
 *
 * Identity: a submission document's Cosmos id is `year-period` in its institute's partition, so at most
 * one live submission exists per (institute, year, period) and two concurrent first submissions for one
 * period cannot both be created (the second gets 409 from Cosmos). The client's id is the field
 * `submissionId`; `toStored`/`fromStored` map it, so callers see `SubmissionDoc.id` = the submission id.
 * Across periods (overlaps such as Y and Q1, one id for two periods) the institute's identity document
 * decides: a new submission reserves its period there under its ETag first (documents.ts IdentityDoc,
 * submission-ops.ts `submit`), read by id, so a first submission costs no query.
 *
 * Write protocol for a submission change (create, replace, approve, return):
 *   1. the previous version's audit entry (the outbox `lastAudit`) is upserted to `audit` (idempotent), and a
 *      pending marker (documents.ts PendingDoc) is created for the version about to be written;
 *   2. the submission document is created (409 when its period is taken) or replaced under the ETag read
 *      (412); this single write is the change: it is atomic, carries its own audit entry and its own summary;
 *      when it fails for certain (409/412) the marker is removed again;
 *   3. `project`: the summary is applied to its rollup shard and the claims index (idempotent, retried, the
 *      two in parallel), and only then the marker is deleted.
 * The current version's audit entry stays in the document (readers merge it, see submission-audit-get.ts);
 * step 1 of the next change moves it to `audit`, so no write is spent on it before then.
 * Step 3 may fail or be cut short by a crash: the change is stored and progress already counts it (reads
 * overlay the documents that markers point to); the sweeper (`sweep`) or the next replay completes it.
 * Markers live in their own small container, so neither that overlay nor the sweeper reads the submissions.
 *
 * Faults: every operation has a deadline (STORE_TIMEOUT_MS, default 5 s) and short SDK timeouts; a
 * connection error or timeout becomes StoreUnavailableError (503 STORE_UNAVAILABLE with Retry-After). A
 * missing database or container (e.g. an empty store after a restart) is created on the first 404 and
 * the operation retried once, so the API heals without a restart.
 */
import { randomUUID } from "node:crypto";
import { CosmosClient, type Container, type Database, type IndexingPolicy, type PartitionKeyDefinition } from "@azure/cosmos";
import { DefaultAzureCredential } from "@azure/identity";
import {
  claimId,
  type AuditEntry,
  type ClaimDoc,
  type IdentityDoc,
  type Institute,
  type PendingDoc,
  type SubmissionDoc,
  type SummaryDoc,
} from "./documents";
import { summaryEntryOf } from "./summaries";
import {
  mergeRollup,
  rollupId,
  shardOf,
  totalsOf,
  ROLLUP_SHARDS,
  withItems,
  withRegister,
  withTags,
  type RollupItem,
  type RollupShard,
  type RollupTotals,
} from "./rollup";

export interface CosmosSettings {
  endpoint: string;
  /** Account key; without it the managed identity (DefaultAzureCredential) is used. */
  key?: string;
  database?: string;
}

export const DEFAULT_DATABASE = "techtransfer";

/** Containers, partition keys and indexing: kept identical to infra/main.json. */
export const CONTAINERS: Record<
  "submissions" | "summaries" | "audit" | "institutes" | "claims" | "identities" | "pending" | "indicators",
  { partitionKey: PartitionKeyDefinition; indexingPolicy: IndexingPolicy }
> = {
  submissions: {
    partitionKey: { paths: ["/instituteId"] },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [
        { path: "/region/?" },
        { path: "/year/?" },
        { path: "/period/?" },
        { path: "/status/?" },
        { path: "/instituteId/?" },
        { path: "/createdAt/?" },
        { path: "/submissionId/?" },
        { path: "/rollupPending/?" },
        { path: "/updatedAt/?" },
      ],
      excludedPaths: [{ path: "/*" }],
    },
  },
  summaries: {
    partitionKey: { paths: ["/region"] },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [{ path: "/region/?" }, { path: "/year/?" }, { path: "/shard/?" }],
      excludedPaths: [{ path: "/*" }],
    },
  },
  audit: {
    partitionKey: { paths: ["/submissionId"] },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [{ path: "/submissionId/?" }, { path: "/version/?" }],
      excludedPaths: [{ path: "/*" }],
    },
  },
  institutes: {
    partitionKey: { paths: ["/region"] },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [{ path: "/region/?" }],
      excludedPaths: [{ path: "/*" }],
    },
  },
  /** Which submissions claim a contract in a year (read by id only, so nothing needs indexing). */
  claims: {
    partitionKey: { paths: ["/region"] },
    indexingPolicy: { indexingMode: "consistent", automatic: true, includedPaths: [], excludedPaths: [{ path: "/*" }] },
  },
  /** Each institute's periods and the submissions holding them (lib/documents.ts IdentityDoc; read by id only). */
  identities: {
    partitionKey: { paths: ["/instituteId"] },
    indexingPolicy: { indexingMode: "consistent", automatic: true, includedPaths: [], excludedPaths: [{ path: "/*" }] },
  },
  /**
   * Writes whose rollup is not complete (lib/documents.ts PendingDoc): read by region and years (progress
   * overlay) and by age (sweeper). Holds only writes in flight, and after a fault those not swept yet.
   */
  pending: {
    partitionKey: { paths: ["/region"] },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [
        { path: "/region/?" },
        { path: "/year/?" },
        { path: "/instituteId/?" },
        { path: "/period/?" },
        { path: "/createdAt/?" },
      ],
      excludedPaths: [{ path: "/*" }],
    },
  },
  /** Indicator values entered by provincial staff, their audit entries and the region+year locks (lib/indicator-store.ts). */
  indicators: {
    partitionKey: { paths: ["/region"] },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [
        { path: "/region/?" },
        { path: "/year/?" },
        { path: "/docType/?" },
        { path: "/valueId/?" },
        { path: "/version/?" },
        { path: "/metric/?" },
      ],
      excludedPaths: [{ path: "/*" }],
    },
  },
};

export const statusOf = (e: unknown): number | undefined => {
  const code = (e as { code?: unknown })?.code;
  return typeof code === "number" ? code : undefined;
};

/**
 * Read a document, let `change` compute its next state (null = nothing to do), and write it under the
 * ETag read (create when absent); retried on 409/412 so concurrent writers never lose each other's work.
 * `known` saves the read of the first attempt: a copy of the document this process last wrote (its ETag
 * still guards the write: a 412 means someone else wrote since, and the next attempt reads it), or `null`
 * for "probably absent" (a create, 409 when not). `remember` receives the stored document after a write.
 */
async function readModifyWrite<T extends { id: string; _etag?: string }>(
  container: Container,
  id: string,
  partitionKey: string,
  change: (current: T | null) => T | null,
  attempts = 20,
  known?: { current?: T | null; remember?: (stored: T) => void },
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const guess = attempt === 0 && known?.current !== undefined;
    let current: T | null;
    if (guess) current = known!.current!;
    else {
      const read = await container.item(id, partitionKey).read<T>();
      current = read.statusCode === 404 || !read.resource ? null : read.resource;
    }
    const next = change(current);
    if (!next && guess) continue; // "nothing to do" is decided on the stored document, never on a guess
    if (!next) return;
    try {
      let stored: T | undefined;
      if (current) {
        const { _etag, ...body } = next;
        stored = (
          await container.item(id, partitionKey).replace<T>(body as T, { accessCondition: { type: "IfMatch", condition: current._etag! } })
        ).resource;
      } else {
        stored = (await container.items.create<T>(next)).resource;
      }
      if (stored) known?.remember?.(stored);
      return;
    } catch (e) {
      const s = statusOf(e);
      if (s !== 409 && s !== 412) throw e;
      if (!guess) await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
    }
  }
  throw new Error(`${container.id} ${id}: too many concurrent updates`);
}

/**
 * The documents of one region and a range of years (one partition for region-keyed containers, a cross-partition query otherwise),
 * narrowed by `andWhere` when given (a fixed condition of this file, never caller input).
 */
async function regionYears<T>(
  container: Container,
  select: string,
  region: string,
  fromYear: number,
  toYear: number,
  andWhere?: string,
): Promise<T[]> {
  const { resources } = await container.items
    .query<T>({
      query: `SELECT ${select} FROM c WHERE c.region = @region AND c.year >= @from AND c.year <= @to${andWhere ? ` AND ${andWhere}` : ""}`,
      parameters: [
        { name: "@region", value: region },
        { name: "@from", value: fromYear },
        { name: "@to", value: toYear },
      ],
    })
    .fetchAll();
  return resources;
}

export class ConflictError extends Error {}
export class PreconditionFailedError extends Error {}

/** The store did not answer in time or the connection failed: the outcome of a write is unknown (retry). */
export class StoreUnavailableError extends Error {
  constructor(readonly reason: unknown) {
    super(`store unavailable: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = "StoreUnavailableError";
  }
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "TimeoutError",
  "REQUEST_SEND_ERROR",
  "UND_ERR_SOCKET",
  "ECONNABORTED",
]);

/** A connection error, a timeout, or a 408/503 from the store. */
export function isStoreUnavailable(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    if (c instanceof StoreUnavailableError) return true;
    const code = (c as { code?: unknown }).code;
    const name = (c as { name?: unknown }).name;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    if (code === 408 || code === 503) return true;
    if (name === "TimeoutError" || name === "AbortError") return true;
    // the connection dropped while a response was read (the SDK reports it as a parse error)
    if (code === "PARSE_ERROR" && /aborted|socket|ECONNRESET/i.test(String((c as { message?: unknown }).message))) return true;
  }
  return false;
}

/**
 * How long a register entry read for a submission (`institute` with its region) is reused, in ms (default
 * 60 s; 0 = always read). Safe because the register changes only through `seedInstitutes`/`upsertInstitute`
 * (no endpoint writes it, and entries are never deleted); another instance sees such a change within this time.
 */
export const INSTITUTE_CACHE_MS = Number(process.env.INSTITUTE_CACHE_MS ?? 60_000);

/** Per-operation deadline (ms): an answer within seconds, never the SDK's 60 s default. */
export const STORE_TIMEOUT_MS = Number(process.env.STORE_TIMEOUT_MS ?? 5000);

/**
 * How long (ms) a write of an attempt may still land after it was sent: longer than the SDK's request
 * timeout (at least 10 s) times its 4 attempts, plus their waits. After it, an attempt whose write is not
 * stored has failed: its period reservation lapses (submission-ops.ts) and its pending marker is removed.
 */
export const ATTEMPT_LEASE_MS = 120_000;

/** A document's entry in its rollup shard. */
const rollupItemOf = (d: SubmissionDoc): RollupItem => ({
  instituteId: d.instituteId,
  period: d.period,
  submissionId: d.id,
  entry: d.summary ?? summaryEntryOf(d),
});

const markedKey = (m: { instituteId: string; year: number; period: string }) => `${m.instituteId}|${periodDocId(m.year, m.period)}`;

const COSMOS_META = ["_rid", "_self", "_ts", "_attachments"];
const strip = <T>(r: T): T => {
  for (const k of COSMOS_META) delete (r as Record<string, unknown>)[k];
  return r;
};

/** The Cosmos id of a submission: its natural identity within the institute's partition. */
export const periodDocId = (year: number, period: string) => `${year}-${period}`;

type StoredSubmission = Omit<SubmissionDoc, "id"> & { id: string; submissionId: string };
/** The document as written: no Cosmos ETag, no marker id (the writer's own), never the legacy pending flag. */
const toStored = (doc: SubmissionDoc): StoredSubmission => {
  const { _etag, pendingMarker, rollupPending, ...rest } = doc;
  return { ...rest, id: periodDocId(doc.year, doc.period), submissionId: doc.id };
};
const fromStored = (raw: StoredSubmission): SubmissionDoc => {
  const { submissionId, ...rest } = strip(raw);
  return { ...rest, id: submissionId } as SubmissionDoc;
};

/** A light view of an institute's stored submissions (identity checks). */
export interface SubmissionKey {
  submissionId: string;
  year: number;
  period: string;
  status: SubmissionDoc["status"];
  version: number;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  continuation: string | null;
}

export interface RepositoryOptions {
  /** Run after the database and containers were (re)created, e.g. to seed the sample register. */
  afterEnsure?: (repo: Repository) => Promise<void>;
}

export class Repository {
  private ensuring: Promise<void> | null = null;
  /**
   * Register type and city by region|institute, as last read or written by this process: the tags of rollup
   * items. The register changes only through `upsertInstitute`/`seedInstitutes`, which re-tag the rollup.
   */
  private readonly tags = new Map<string, { type: string; city: string } | null>();
  /** Rollup shards as this process last wrote them (with their ETag): a write tries them before reading. */
  private readonly shardCache = new Map<string, RollupShard>();
  /** Per shard: the batch still waiting for the previous write to it (joined by concurrent writers), and the last write. */
  private readonly shardBatches = new Map<string, { items: RollupItem[]; done: Promise<void> }>();
  private readonly shardTail = new Map<string, Promise<void>>();
  /** The register's size per region (`registerSize`), for INSTITUTE_CACHE_MS. */
  private readonly registerCount = new Map<string, { count: number; at: number }>();
  /** Set once a sweep found no document with the legacy pending flag (`sweepLegacy`). */
  private legacyPendingSwept = false;
  /** Register entries read (`institute`), for INSTITUTE_CACHE_MS: the register has no write endpoint (see `institute`). */
  private readonly registerCache = new Map<string, { institute: Institute; at: number }>();

  private constructor(
    readonly client: CosmosClient,
    readonly database: Database,
    private readonly submissions: Container,
    private readonly summaries: Container,
    private readonly audit: Container,
    private readonly institutes: Container,
    private readonly claims: Container,
    private readonly identities: Container,
    private readonly pending: Container,
    /** Indicator values, their audit and locks: used through lib/indicator-store.ts. */
    readonly indicators: Container,
    private readonly options: RepositoryOptions,
  ) {}

  /**
   * Connects and creates the database and containers if missing. A store that is down at start does not
   * prevent opening: the first operation that finds them missing creates them (see `run`).
   */
  static async open(settings: CosmosSettings, options: RepositoryOptions = {}): Promise<Repository> {
    const connectionPolicy = {
      enableEndpointDiscovery: false,
      // Each HTTP request may take this long (large pages on a busy machine); the API's own answer is bounded
      // by STORE_TIMEOUT_MS in `run` regardless.
      requestTimeout: Math.max(10_000, STORE_TIMEOUT_MS),
      retryOptions: { maxRetryAttemptCount: 3, fixedRetryIntervalInMilliseconds: 200, maxWaitTimeInSeconds: 2 },
    };
    const client = settings.key
      ? new CosmosClient({ endpoint: settings.endpoint, key: settings.key, connectionPolicy })
      : new CosmosClient({ endpoint: settings.endpoint, aadCredentials: new DefaultAzureCredential(), connectionPolicy });
    const database = client.database(settings.database ?? DEFAULT_DATABASE);
    const c = (id: keyof typeof CONTAINERS) => database.container(id);
    const repo = new Repository(
      client,
      database,
      c("submissions"),
      c("summaries"),
      c("audit"),
      c("institutes"),
      c("claims"),
      c("identities"),
      c("pending"),
      c("indicators"),
      options,
    );
    try {
      await repo.ensure();
    } catch (e) {
      if (!isStoreUnavailable(e)) throw e; // created on first use once the store answers
    }
    return repo;
  }

  /** Creates the database and every container if absent (one attempt at a time), then `afterEnsure`. */
  async ensure(): Promise<void> {
    this.ensuring ??= (async () => {
      const client = this.client;
      const { database } = await withDeadline(client.databases.createIfNotExists({ id: this.database.id }));
      for (const id of Object.keys(CONTAINERS) as (keyof typeof CONTAINERS)[]) {
        await withDeadline(database.containers.createIfNotExists({ id, ...CONTAINERS[id] }));
      }
      // a store that lost its containers lost what this process remembers of them too
      this.shardCache.clear();
      this.registerCache.clear();
      this.registerCount.clear();
      this.tags.clear();
      await this.options.afterEnsure?.(this);
    })().finally(() => {
      this.ensuring = null;
    });
    return this.ensuring;
  }

  /**
   * Every store operation: bounded in time (StoreUnavailableError after STORE_TIMEOUT_MS or on a
   * connection error), and retried once after re-creating the database and containers when the store
   * answers 404 for them (an empty store after a restart).
   */
  private async run<T>(op: () => Promise<T>, deadlineMs = STORE_TIMEOUT_MS): Promise<T> {
    try {
      return await withDeadline(op(), deadlineMs);
    } catch (e) {
      if (statusOf(e) === 404 && isContainerMissing(e)) {
        await this.ensure();
        return withDeadline(op(), deadlineMs);
      }
      throw e;
    }
  }

  async ping(): Promise<void> {
    await this.run(async () => {
      await this.database.read();
      await this.submissions.read();
    });
  }

  dispose(): void {
    this.client.dispose();
  }

  // ---- submissions ---------------------------------------------------------------------------------

  /** The submission `id` of an institute (a query on `submissionId` inside the institute's partition). */
  async readSubmission(instituteId: string, id: string): Promise<SubmissionDoc | null> {
    const { resources } = await this.run(() =>
      this.submissions.items
        .query<StoredSubmission>(
          {
            query: "SELECT * FROM c WHERE c.instituteId = @institute AND c.submissionId = @id",
            parameters: [
              { name: "@institute", value: instituteId },
              { name: "@id", value: id },
            ],
          },
          { partitionKey: instituteId },
        )
        .fetchAll(),
    );
    return resources[0] ? fromStored(resources[0]) : null;
  }

  /** The live submission of an institute's period (one point read), or null. */
  async readPeriod(instituteId: string, year: number, period: string): Promise<SubmissionDoc | null> {
    const r = await this.run(() => this.submissions.item(periodDocId(year, period), instituteId).read<StoredSubmission>());
    return r.statusCode === 404 || !r.resource ? null : fromStored(r.resource);
  }

  /**
   * Every stored submission of an institute (light view; one single-partition query): what its identity
   * document is built from when it has none yet (institutes registered before identities existed).
   */
  async submissionKeys(instituteId: string): Promise<SubmissionKey[]> {
    const { resources } = await this.run(() =>
      this.submissions.items
        .query<SubmissionKey>(
          {
            query: "SELECT c.submissionId, c.year, c.period, c.status, c.version, c.createdAt FROM c WHERE c.instituteId = @institute",
            parameters: [{ name: "@institute", value: instituteId }],
          },
          { partitionKey: instituteId },
        )
        .fetchAll(),
    );
    return resources;
  }

  /** An institute's identity document (one point read), or null when it has none yet. */
  async readIdentity(instituteId: string): Promise<IdentityDoc | null> {
    const r = await this.run(() => this.identities.item(instituteId, instituteId).read<IdentityDoc>());
    return r.statusCode === 404 || !r.resource ? null : strip(r.resource);
  }

  /**
   * Writes an institute's identity document: created when `etag` is null (ConflictError when another
   * request created it first), otherwise replaced only if still at `etag` (PreconditionFailedError).
   */
  async writeIdentity(doc: IdentityDoc, etag: string | null): Promise<IdentityDoc> {
    const { _etag, ...body } = doc;
    try {
      const r = await this.run(() =>
        etag === null
          ? this.identities.items.create<IdentityDoc>(body)
          : this.identities
              .item(doc.id, doc.instituteId)
              .replace<IdentityDoc>(body, { accessCondition: { type: "IfMatch", condition: etag } }),
      );
      return strip(r.resource!);
    } catch (e) {
      if (statusOf(e) === 409) throw new ConflictError(doc.id);
      if (statusOf(e) === 412) throw new PreconditionFailedError(doc.id);
      throw e;
    }
  }

  /** By id alone (province and admin reads do not know the institute): a query over all partitions. */
  async findSubmissions(id: string): Promise<SubmissionDoc[]> {
    const { resources } = await this.run(() =>
      this.submissions.items
        .query<StoredSubmission>({ query: "SELECT * FROM c WHERE c.submissionId = @id", parameters: [{ name: "@id", value: id }] })
        .fetchAll(),
    );
    return resources.map(fromStored);
  }

  async listSubmissions(filter: { instituteId?: string; region?: string; year?: number }): Promise<SubmissionDoc[]> {
    const items: SubmissionDoc[] = [];
    let continuation: string | null = null;
    do {
      const page: Page<SubmissionDoc> = await this.listSubmissionsPage(filter, { limit: 500, continuation });
      items.push(...page.items);
      continuation = page.continuation;
    } while (continuation);
    return items;
  }

  /**
   * One page of a listing, oldest first. The continuation is opaque to callers: the position after the
   * last item (createdAt, institute, submission id), so pages never repeat or skip an item even when
   * documents are added meanwhile (no OFFSET, which the store may not support).
   */
  async listSubmissionsPage(
    filter: { instituteId?: string; region?: string; year?: number },
    page: { limit: number; continuation?: string | null },
  ): Promise<Page<SubmissionDoc>> {
    const where: string[] = [];
    const parameters: { name: string; value: string | number }[] = [];
    if (filter.instituteId) {
      where.push("c.instituteId = @institute");
      parameters.push({ name: "@institute", value: filter.instituteId });
    }
    if (filter.region) {
      where.push("c.region = @region");
      parameters.push({ name: "@region", value: filter.region });
    }
    if (filter.year !== undefined) {
      where.push("c.year = @year");
      parameters.push({ name: "@year", value: filter.year });
    }
    const after = decodeContinuation(page.continuation);
    if (after) {
      where.push("c.createdAt >= @after");
      parameters.push({ name: "@after", value: after.createdAt });
    }
    const query = `SELECT * FROM c${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY c.createdAt`;
    const sortKey = (d: SubmissionDoc) => `${d.createdAt}\u0000${d.instituteId}\u0000${d.id}`;
    const afterKey = after ? `${after.createdAt}\u0000${after.instituteId}\u0000${after.submissionId}` : "";
    const items: SubmissionDoc[] = [];
    const iterator = this.submissions.items.query<StoredSubmission>({ query, parameters }, { maxItemCount: Math.max(page.limit, 100) });
    const byKey = (x: SubmissionDoc, y: SubmissionDoc) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0);
    let more = true;
    while (more) {
      const r = await this.run(() => iterator.fetchNext());
      items.push(...r.resources.map(fromStored).filter((d) => !after || sortKey(d) > afterKey));
      more = r.hasMoreResults;
      if (items.length > page.limit) {
        // Results come ordered by createdAt: once the last one is later than the page's last, nothing
        // still to come can sort into this page (items sharing one createdAt are ordered here by institute and id).
        items.sort(byKey);
        if (items[items.length - 1]!.createdAt > items[page.limit - 1]!.createdAt) break;
      }
    }
    items.sort(byKey);
    if (items.length <= page.limit && !more) return { items, continuation: null };
    const pageItems = items.slice(0, page.limit);
    const last = pageItems[pageItems.length - 1]!;
    return {
      items: pageItems,
      continuation: encodeContinuation({ createdAt: last.createdAt, instituteId: last.instituteId, submissionId: last.id }),
    };
  }

  /** Raw documents of a region and year range: only for the benchmark baseline and recomputation checks. */
  async scanSubmissions(region: string, fromYear: number, toYear: number): Promise<SubmissionDoc[]> {
    // Not an API path (baseline and checks): a long deadline, since it reads every document.
    return (await this.run(() => regionYears<StoredSubmission>(this.submissions, "*", region, fromYear, toYear), 120_000)).map(fromStored);
  }

  /** Steps 1–2 of the write protocol for a new submission. Throws ConflictError when its period is taken. */
  async createSubmission(doc: SubmissionDoc): Promise<SubmissionDoc> {
    const body = { ...toStored(doc), summary: summaryEntryOf(doc) };
    const marker = await this.markPending(doc);
    try {
      const r = await this.run(() => this.submissions.items.create<StoredSubmission>(body));
      return { ...fromStored(r.resource!), pendingMarker: marker.id };
    } catch (e) {
      if (statusOf(e) !== 409) throw e; // unknown outcome: the marker stays (the sweeper settles it)
      await this.unmark(marker);
      throw new ConflictError(doc.id);
    }
  }

  /** Steps 1–2 for a change: replace only if the document is still at `etag` (the Cosmos ETag read). Throws PreconditionFailedError. */
  async replaceSubmission(previous: SubmissionDoc, next: SubmissionDoc, etag: string): Promise<SubmissionDoc> {
    await this.run(() => this.audit.items.upsert(previous.lastAudit));
    const body = { ...toStored(next), summary: summaryEntryOf(next) };
    const marker = await this.markPending(next);
    try {
      const r = await this.run(() =>
        this.submissions
          .item(body.id, next.instituteId)
          .replace<StoredSubmission>(body, { accessCondition: { type: "IfMatch", condition: etag } }),
      );
      return { ...fromStored(r.resource!), pendingMarker: marker.id };
    } catch (e) {
      if (statusOf(e) !== 412) throw e;
      await this.unmark(marker);
      throw new PreconditionFailedError(next.id);
    }
  }

  /** Step 1's marker: this version may be stored from now on without being in its rollup yet. */
  private async markPending(doc: SubmissionDoc): Promise<PendingDoc> {
    const marker: PendingDoc = {
      id: `${doc.instituteId}|${periodDocId(doc.year, doc.period)}|${randomUUID()}`,
      docType: "pending",
      region: doc.region,
      year: doc.year,
      instituteId: doc.instituteId,
      period: doc.period,
      submissionId: doc.id,
      version: doc.version,
      createdAt: new Date().toISOString(),
    };
    await this.run(() => this.pending.items.create(marker));
    return marker;
  }

  /** Deletes a marker (already gone is fine). A failure leaves it to the sweeper: a marker too many costs a read, never a figure. */
  private async unmark(marker: Pick<PendingDoc, "id" | "region">): Promise<void> {
    try {
      await this.run(() => this.pending.item(marker.id, marker.region).delete());
    } catch (e) {
      if (statusOf(e) !== 404) console.warn(`pending marker ${marker.id} left to the sweeper: ${String(e)}`);
    }
  }

  /**
   * Step 3: apply the document to its rollup shard and its claims, then remove its pending marker (or, for a
   * document stored before markers existed, its pending flag). A document read back (a replayed request)
   * has its markers looked up; none means it is in its rollup already and nothing is written. Idempotent;
   * safe to run any number of times, concurrently, in any order.
   */
  async project(doc: SubmissionDoc, attempts = 20): Promise<void> {
    const markers = doc.pendingMarker ? [{ id: doc.pendingMarker, region: doc.region, version: doc.version }] : await this.markersOf(doc);
    if (markers.length === 0 && !doc.rollupPending) return;
    await Promise.all([this.applySummary(doc, attempts), this.applyClaims(doc, attempts)]);
    // a marker of a later version belongs to a write still in flight (or failed): not this one's to remove
    for (const m of markers) if (m.version <= doc.version) await this.unmark(m);
    if (doc.rollupPending) await this.clearLegacyFlag(doc);
  }

  /** The pending markers of a document's institute and period (a query of the small pending container). */
  private async markersOf(doc: SubmissionDoc): Promise<Pick<PendingDoc, "id" | "region" | "version">[]> {
    const { resources } = await this.run(() =>
      this.pending.items
        .query<Pick<PendingDoc, "id" | "region" | "version">>({
          query:
            "SELECT c.id, c.region, c.version FROM c WHERE c.region = @region AND c.year = @year AND c.instituteId = @institute AND c.period = @period",
          parameters: [
            { name: "@region", value: doc.region },
            { name: "@year", value: doc.year },
            { name: "@institute", value: doc.instituteId },
            { name: "@period", value: doc.period },
          ],
        })
        .fetchAll(),
    );
    return resources;
  }

  /** Removes a legacy pending flag, only if the document is still the version applied (its Cosmos ETag). */
  private async clearLegacyFlag(doc: SubmissionDoc): Promise<void> {
    if (!doc._etag) return;
    try {
      await this.run(() =>
        this.submissions
          .item(periodDocId(doc.year, doc.period), doc.instituteId)
          .patch(
            { operations: [{ op: "remove", path: "/rollupPending" }] },
            { accessCondition: { type: "IfMatch", condition: doc._etag! } },
          ),
      );
    } catch (e) {
      const s = statusOf(e);
      if (s !== 412 && s !== 400 && s !== 404) throw e; // 412: a newer version is stored (its write had a marker)
    }
  }

  /**
   * The sweeper's step: completes `project` for writes whose marker is still there (a write cut short by a
   * fault or a crash), and removes the markers of attempts that failed. Returns how many markers (and legacy
   * flagged documents) it settled. The local equivalent of a change-feed processor. `minAgeMs` skips
   * markers younger than that (their own request is still completing them).
   *
   * A marker is removed once the stored document is at its version or later (that document was just
   * applied), or once it is older than ATTEMPT_LEASE_MS with its version not stored (the attempt failed:
   * no write of it can land that late, see STORE_TIMEOUT_MS).
   *
   * `signal` ends the pass early, between steps (a stopping host): what is left is still marked, so the
   * next pass completes it.
   */
  async sweep(limit = 200, minAgeMs = 0, signal?: AbortSignal): Promise<number> {
    const legacy = await this.sweepLegacy(limit, minAgeMs);
    if (signal?.aborted) return legacy;
    const cutoff = new Date(Date.now() - minAgeMs).toISOString();
    const { resources: markers } = await this.run(() =>
      this.pending.items
        .query<PendingDoc>(
          minAgeMs > 0
            ? { query: "SELECT * FROM c WHERE c.createdAt < @cutoff", parameters: [{ name: "@cutoff", value: cutoff }] }
            : { query: "SELECT * FROM c" },
          { maxItemCount: limit },
        )
        .fetchNext(),
    );
    const list = markers.slice(0, limit);
    if (signal?.aborted || list.length === 0) return legacy;
    const docs = await this.documentsMarked(list);
    if (signal?.aborted) return legacy;
    await this.projectBatch([...docs.values()]);
    const expired = new Date(Date.now() - ATTEMPT_LEASE_MS).toISOString();
    const settled = list.filter((m) => (docs.get(markedKey(m))?.version ?? 0) >= m.version || m.createdAt < expired);
    let unmarked = 0;
    for (const m of settled) {
      if (signal?.aborted) break;
      await this.unmark(m);
      unmarked++;
    }
    return legacy + unmarked;
  }

  /** The stored documents the markers point to, by institute|year-period (one point read each; absent ones left out). */
  private async documentsMarked(
    markers: readonly Pick<PendingDoc, "instituteId" | "year" | "period">[],
  ): Promise<Map<string, SubmissionDoc>> {
    const keys = new Map(markers.map((m) => [markedKey(m), m]));
    const docs = await Promise.all([...keys.values()].map((m) => this.readPeriod(m.instituteId, m.year, m.period)));
    return new Map(docs.filter((d): d is SubmissionDoc => d !== null).map((d) => [markedKey(d), d]));
  }

  /** Rollup and claims of several documents: one read-modify-write per touched shard, whatever the number of documents in it. */
  private async projectBatch(docs: readonly SubmissionDoc[]): Promise<void> {
    const groups = new Map<string, { region: string; year: number; items: RollupItem[] }>();
    for (const d of docs) {
      const key = `${d.region}|${d.year}`;
      const g = groups.get(key) ?? { region: d.region, year: d.year, items: [] };
      g.items.push(rollupItemOf(d));
      groups.set(key, g);
    }
    for (const g of groups.values()) await this.applyItems(g.region, g.year, g.items);
    for (const d of docs) await this.applyClaims(d);
  }

  /**
   * Documents stored with the pending flag of the protocol before markers (a store written by an earlier
   * version): swept, and overlaid by progress reads, until one pass finds none; then never queried again by
   * this process, since no write sets the flag any more.
   */
  private async sweepLegacy(limit: number, minAgeMs: number): Promise<number> {
    if (this.legacyPendingSwept) return 0;
    const cutoff = new Date(Date.now() - minAgeMs).toISOString();
    const { resources } = await this.run(() =>
      this.submissions.items
        .query<StoredSubmission>(
          {
            query: "SELECT * FROM c WHERE c.rollupPending = true AND c.updatedAt < @cutoff",
            parameters: [{ name: "@cutoff", value: cutoff }],
          },
          { maxItemCount: limit },
        )
        .fetchNext(),
    );
    const docs = resources.slice(0, limit).map(fromStored);
    if (docs.length === 0) {
      this.legacyPendingSwept = true;
      return 0;
    }
    await this.projectBatch(docs);
    for (const d of docs) await this.clearLegacyFlag(d);
    return docs.length;
  }

  // ---- audit ---------------------------------------------------------------------------------------

  async auditTrail(submissionId: string, instituteId: string): Promise<AuditEntry[]> {
    const { resources } = await this.run(() =>
      this.audit.items
        .query<AuditEntry>({
          query: "SELECT * FROM c WHERE c.submissionId = @id AND c.instituteId = @institute ORDER BY c.version",
          parameters: [
            { name: "@id", value: submissionId },
            { name: "@institute", value: instituteId },
          ],
        })
        .fetchAll(),
    );
    return resources.map(strip);
  }

  // ---- rollup (progress summaries) -------------------------------------------------------------------

  /** Applies a document's summary entry to its region-and-year rollup shard (ETag-guarded, only if newer). */
  async applySummary(doc: SubmissionDoc, attempts = 20): Promise<void> {
    await this.applyItems(doc.region, doc.year, [rollupItemOf(doc)], attempts);
  }

  private async applyItems(region: string, year: number, untagged: readonly RollupItem[], attempts = 20): Promise<void> {
    const items = await Promise.all(untagged.map(async (i) => ({ ...i, ...((await this.tagOf(region, i.instituteId)) ?? {}) })));
    const byShard = new Map<number, RollupItem[]>();
    for (const i of items) byShard.set(shardOf(i.instituteId), [...(byShard.get(shardOf(i.instituteId)) ?? []), i]);
    await Promise.all([...byShard].map(([shard, list]) => this.applyToShard(region, year, shard, list, attempts)));
  }

  /**
   * Group commit for a shard: writers that arrive while a write to it is under way join one batch, written
   * next in a single read-modify-write, first under the ETag this process last saw (no read when nobody
   * else wrote meanwhile). Every joiner gets that write's outcome; the sweeper completes a failed one.
   */
  private applyToShard(region: string, year: number, shard: number, items: readonly RollupItem[], attempts: number): Promise<void> {
    const id = rollupId(year, shard);
    const key = `${region}|${id}`;
    const waiting = this.shardBatches.get(key);
    if (waiting) {
      waiting.items.push(...items);
      return waiting.done;
    }
    const batch = { items: [...items], done: Promise.resolve() };
    const previous = this.shardTail.get(key) ?? Promise.resolve();
    batch.done = previous
      .catch(() => undefined)
      .then(() => {
        this.shardBatches.delete(key);
        return this.run(() =>
          readModifyWrite<RollupShard>(
            this.summaries,
            id,
            region,
            (current) => withItems(current, region, year, shard, batch.items, new Date().toISOString()),
            attempts,
            { current: this.shardCache.get(key), remember: (d) => this.shardCache.set(key, d) },
          ),
        );
      });
    this.shardBatches.set(key, batch);
    this.shardTail.set(key, batch.done);
    batch.done.then(
      () => this.shardTail.get(key) === batch.done && this.shardTail.delete(key),
      () => {
        this.shardCache.delete(key); // unknown outcome: read it next time
        if (this.shardTail.get(key) === batch.done) this.shardTail.delete(key);
      },
    );
    return batch.done;
  }

  /**
   * The summaries, one per institute × year × period (the shape the progress fold takes from a scan): the
   * rollup shards' items of the region and years merged with the documents whose rollup is pending. Read
   * whole (∝ institutes): for the list of who has not reported and for checks; reports use `progressRollup`.
   */
  async listSummaries(region: string, fromYear: number, toYear: number): Promise<SummaryDoc[]> {
    const [shards, pending] = await Promise.all([
      this.run(() => regionYears<RollupShard>(this.summaries, "*", region, fromYear, toYear)),
      this.pendingItems(region, fromYear, toYear),
    ]);
    return mergeRollup(
      region,
      shards.filter((s) => s.docType === "rollup"),
      pending,
    );
  }

  /**
   * The progress fast path: per shard of the region and years only its `totals` (a projection: a few
   * buckets per shard, whatever the number of institutes), the register's size (COUNT), and the documents
   * whose rollup is pending (normally none). A shard that has pending documents is read whole and the
   * pending items applied to it exactly as the rollup would, so the sums equal a recomputation.
   */
  async progressRollup(
    region: string,
    fromYear: number,
    toYear: number,
  ): Promise<{ shards: { year: number; totals: RollupTotals }[]; registered: number }> {
    const [shards, pending, registered] = await Promise.all([
      this.run(() =>
        regionYears<Pick<RollupShard, "year" | "shard" | "totals">>(this.summaries, "c.year, c.shard, c.totals", region, fromYear, toYear),
      ),
      this.pendingItems(region, fromYear, toYear),
      this.registerSize(region),
    ]);
    const byShard = new Map<string, { year: number; totals: RollupTotals }>();
    for (const s of shards) if (s.totals) byShard.set(`${s.year}|${s.shard}`, { year: s.year, totals: s.totals });
    const touched = new Map<string, { year: number; shard: number; items: RollupItem[] }>();
    // A shard written before totals existed: read whole and folded here (its items tagged from the register).
    for (const s of shards)
      if (!s.totals && typeof s.shard === "number") touched.set(`${s.year}|${s.shard}`, { year: s.year, shard: s.shard, items: [] });
    for (const p of pending) {
      const shard = shardOf(p.instituteId);
      const key = `${p.year}|${shard}`;
      const t = touched.get(key) ?? { year: p.year, shard, items: [] };
      t.items.push({ ...p, ...((await this.tagOf(region, p.instituteId)) ?? {}) });
      touched.set(key, t);
    }
    await Promise.all(
      [...touched.entries()].map(async ([key, t]) => {
        const r = await this.run(() => this.summaries.item(rollupId(t.year, t.shard), region).read<RollupShard>());
        const read = r.statusCode === 404 || !r.resource ? null : r.resource;
        const current = read && !read.totals ? await this.tagged(region, read) : read;
        const next = withItems(current, region, t.year, t.shard, t.items, "");
        const totals = next?.totals ?? current?.totals;
        if (totals) byShard.set(key, { year: t.year, totals });
      }),
    );
    return { shards: [...byShard.values()], registered };
  }

  /**
   * Reconciles a year's shards with the register (read whole by the caller): every registered institute
   * is then in its shard's `unreported` or counted there, and items carry the register's type and city.
   * ETag-guarded like every rollup write; creates the shards that registered institutes hash to and nobody
   * wrote. Shards that already agree are not written.
   */
  async reconcileRegister(region: string, year: number, register: readonly Institute[]): Promise<void> {
    const byShard = Array.from({ length: ROLLUP_SHARDS }, () => new Map<string, { type: string; city: string }>());
    for (const i of register) if (i.region === region) byShard[shardOf(i.instituteId)]!.set(i.instituteId, { type: i.type, city: i.city });
    await Promise.all(
      byShard.map((tags, shard) =>
        this.run(() =>
          readModifyWrite<RollupShard>(
            this.summaries,
            rollupId(year, shard),
            region,
            (current) => withRegister(current, region, year, shard, tags, new Date().toISOString()),
            20,
            { remember: (stored) => this.shardCache.set(`${region}|${rollupId(year, shard)}`, stored) },
          ),
        ),
      ),
    );
  }

  /**
   * Register entries of some institutes of a region (the ones a report lists): `institute` for each, in
   * parallel (one point read each, whatever the register's size); more than 200 → the register read whole.
   */
  async institutesNamed(region: string, ids: readonly string[]): Promise<Institute[]> {
    if (ids.length > 200) {
      const wanted = new Set(ids);
      return (await this.institutesOf(region)).filter((i) => wanted.has(i.instituteId));
    }
    const found = await Promise.all(ids.map((id) => this.institute(id, region)));
    return found.filter((i): i is Institute => i?.region === region);
  }

  /**
   * How many institutes the region's register holds (a COUNT, kept for INSTITUTE_CACHE_MS like the entries
   * themselves; this process's own register writes and whole-register reads renew it). A stale count only
   * ever errs low, since the register is never deleted from; a read that meets a newer registration then
   * finds its completeness proof off and reads the register whole (lib/progress-query.ts).
   */
  private async registerSize(region: string): Promise<number> {
    const hit = this.registerCount.get(region);
    if (hit && Date.now() - hit.at < INSTITUTE_CACHE_MS) return hit.count;
    const at = Date.now();
    const { resources } = await this.run(() =>
      this.institutes.items
        .query<number>({ query: "SELECT VALUE COUNT(1) FROM c WHERE c.region = @region", parameters: [{ name: "@region", value: region }] })
        .fetchAll(),
    );
    const count = resources.reduce((a, b) => a + b, 0);
    this.registerCount.set(region, { count, at });
    return count;
  }

  /** A shard written before totals and tags existed, as it is now written. */
  private async tagged(region: string, shard: RollupShard): Promise<RollupShard> {
    const items: Record<string, RollupItem> = {};
    for (const [k, item] of Object.entries(shard.items)) items[k] = { ...item, ...((await this.tagOf(region, item.instituteId)) ?? {}) };
    return { ...shard, items, totals: totalsOf(items) };
  }

  /**
   * The summary entries of the stored documents that pending markers point to (normally none: only writes in
   * flight), read by id; plus, until the sweeper has found none, documents carrying the legacy pending flag.
   * Applying a document that is already in its rollup changes nothing, so the overlay is exact either way.
   */
  private async pendingItems(region: string, fromYear: number, toYear: number): Promise<(RollupItem & { year: number })[]> {
    const [markers, legacy] = await Promise.all([
      this.run(() =>
        regionYears<Pick<PendingDoc, "instituteId" | "year" | "period">>(
          this.pending,
          "c.instituteId, c.year, c.period",
          region,
          fromYear,
          toYear,
        ),
      ),
      this.legacyPendingSwept
        ? []
        : this.run(() =>
            regionYears<StoredSubmission>(this.submissions, "*", region, fromYear, toYear, "c.rollupPending = true").then((r) =>
              r.map(fromStored),
            ),
          ),
    ]);
    const docs = [...(await this.documentsMarked(markers)).values(), ...legacy];
    return docs.filter((d) => d.region === region).map((d) => ({ ...rollupItemOf(d), year: d.year }));
  }

  /** How many pending markers the store holds (all regions): writes in flight or not yet swept. */
  async pendingCount(): Promise<number> {
    const { resources } = await this.run(() => this.pending.items.query<number>("SELECT VALUE COUNT(1) FROM c").fetchAll());
    return resources.reduce((a, b) => a + b, 0);
  }

  /** The register's type and city of an institute (cached; null when it is not in the register of `region`). */
  private async tagOf(region: string, instituteId: string): Promise<{ type: string; city: string } | null> {
    const key = `${region}|${instituteId}`;
    if (this.tags.has(key)) return this.tags.get(key)!;
    const r = await this.run(() => this.institutes.item(instituteId, region).read<Institute>());
    const tag = r.statusCode === 404 || !r.resource ? null : { type: r.resource.type, city: r.resource.city };
    if (tag) this.tags.set(key, tag); // absent ones are looked up again (they may be registered later)
    return tag;
  }

  /** After a register change: the institute's rollup items (every year) carry its new type and city. */
  private async retag(i: Institute): Promise<void> {
    this.tags.set(`${i.region}|${i.instituteId}`, { type: i.type, city: i.city });
    const { resources } = await this.run(() =>
      this.summaries.items
        .query<{ id: string }>({
          query: "SELECT c.id FROM c WHERE c.region = @region AND c.shard = @shard",
          parameters: [
            { name: "@region", value: i.region },
            { name: "@shard", value: shardOf(i.instituteId) },
          ],
        })
        .fetchAll(),
    );
    for (const { id } of resources) {
      await this.run(() =>
        readModifyWrite<RollupShard>(this.summaries, id, i.region, (current) =>
          withTags(current, i.instituteId, i.type, i.city, new Date().toISOString()),
        ),
      );
    }
  }

  /** Direct write of a summary's entries into the rollup (benchmark seeding, repairs). */
  async upsertSummary(summary: SummaryDoc): Promise<void> {
    await this.upsertSummaries([summary]);
  }

  /** Many summaries at once: one read-modify-write per touched shard (seeding thousands stays cheap). */
  async upsertSummaries(summaries: readonly SummaryDoc[]): Promise<void> {
    const groups = new Map<string, { region: string; year: number; items: RollupItem[] }>();
    for (const s of summaries) {
      const key = `${s.region}|${s.year}`;
      const g = groups.get(key) ?? { region: s.region, year: s.year, items: [] };
      for (const [submissionId, entry] of Object.entries(s.entries))
        g.items.push({ instituteId: s.instituteId, period: s.period, submissionId, entry });
      groups.set(key, g);
    }
    for (const g of groups.values()) await this.applyItems(g.region, g.year, g.items);
  }

  // ---- claims (one side per transaction per year) ---------------------------------------------------

  /** Records that `doc` claims each of its contracts in its year (same protocol as the rollup). */
  async applyClaims(doc: SubmissionDoc, attempts = 20): Promise<void> {
    const numbers = [...new Set(doc.submission.contracts.map((c) => c.registrationNumber))];
    for (const registrationNumber of numbers) {
      const role = doc.submission.contracts.find((c) => c.registrationNumber === registrationNumber)!.role;
      await this.run(() =>
        readModifyWrite<ClaimDoc>(
          this.claims,
          claimId(doc.year, registrationNumber),
          doc.region,
          (current) => {
            const key = `${doc.instituteId}/${doc.id}`;
            if ((current?.entries[key]?.version ?? 0) >= doc.version) return null;
            const base: ClaimDoc = current ?? {
              id: claimId(doc.year, registrationNumber),
              docType: "claim",
              region: doc.region,
              year: doc.year,
              registrationNumber,
              entries: {},
              updatedAt: "",
            };
            return {
              ...base,
              entries: { ...base.entries, [key]: { instituteId: doc.instituteId, submissionId: doc.id, role, version: doc.version } },
              updatedAt: new Date().toISOString(),
            };
          },
          attempts,
          { current: null }, // most contracts are claimed once: try the create before reading
        ),
      );
    }
  }

  /** The claim documents of some contracts of a region and year (point reads; absent ones are skipped). */
  async readClaims(region: string, year: number, registrationNumbers: readonly string[]): Promise<ClaimDoc[]> {
    const docs = await Promise.all(
      registrationNumbers.map(
        async (n): Promise<ClaimDoc | null> =>
          (await this.run(() => this.claims.item(claimId(year, n), region).read<ClaimDoc>())).resource ?? null,
      ),
    );
    return docs.filter((d): d is ClaimDoc => d !== null).map(strip);
  }

  // ---- institutes ----------------------------------------------------------------------------------

  async institutesOf(region: string): Promise<Institute[]> {
    const at = Date.now();
    const { resources } = await this.run(() =>
      this.institutes.items
        .query<Institute>({
          query: "SELECT c.id, c.instituteId, c.name, c.region, c.city, c.type FROM c WHERE c.region = @region",
          parameters: [{ name: "@region", value: region }],
        })
        .fetchAll(),
    );
    this.registerCount.set(region, { count: resources.length, at });
    return resources;
  }

  /** Point read when the region is known (the usual case), otherwise a query by id. */
  async institute(instituteId: string, region?: string): Promise<Institute | null> {
    if (region) {
      const key = `${region}|${instituteId}`;
      const hit = this.registerCache.get(key);
      if (hit && Date.now() - hit.at < INSTITUTE_CACHE_MS) return { ...hit.institute };
      const r = await this.run(() => this.institutes.item(instituteId, region).read<Institute>());
      if (r.statusCode !== 404 && r.resource) {
        const institute = strip(r.resource);
        this.tags.set(key, { type: institute.type, city: institute.city });
        this.registerCache.set(key, { institute: { ...institute }, at: Date.now() });
        return institute;
      }
    }
    const { resources } = await this.run(() =>
      this.institutes.items
        .query<Institute>({
          query: "SELECT c.id, c.instituteId, c.name, c.region, c.city, c.type FROM c WHERE c.id = @id",
          parameters: [{ name: "@id", value: instituteId }],
        })
        .fetchAll(),
    );
    return resources[0] ?? null;
  }

  /** Creates the institutes that are absent (existing ones are left as they are). Returns how many were added. */
  async seedInstitutes(register: Institute[]): Promise<number> {
    let added = 0;
    for (const i of register) {
      try {
        await withDeadline(this.institutes.items.create(i));
      } catch (e) {
        if (statusOf(e) !== 409) throw e;
        continue;
      }
      await this.registered(i);
      added++;
    }
    return added;
  }

  /** Registers an institute or changes its entry (type, city, name); the rollup follows (`retag`). */
  async upsertInstitute(i: Institute): Promise<void> {
    this.registerCache.delete(`${i.region}|${i.instituteId}`);
    let created = true;
    try {
      await this.run(() => this.institutes.items.create(i));
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      created = false;
      await this.run(() => this.institutes.items.upsert(i));
    }
    if (created) await this.registered(i);
    else await this.retag(i);
  }

  /**
   * After an institute is added to the register: the register's size is read again, its identity document
   * starts empty (it has no submission yet, so its first submission reads it instead of querying its stored
   * submissions; not required for correctness, an absent one is built from that query, see submission-ops
   * `identityOf`; an existing one is kept), and the rollup lists it (`retag`).
   */
  private async registered(i: Institute): Promise<void> {
    this.registerCount.delete(i.region);
    try {
      await this.writeIdentity({ id: i.instituteId, docType: "identity", instituteId: i.instituteId, periods: {} }, null);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
    }
    await this.retag(i);
  }
}

/** A 404 about the database or container itself (not about an item): the store lost them. */
function isContainerMissing(e: unknown): boolean {
  const body = JSON.stringify((e as { body?: unknown }).body ?? "") + String((e as { message?: unknown }).message ?? "");
  return !/Entity with the specified id does not exist/i.test(body) || /colls|dbs|Owner resource|database|collection|container/i.test(body);
}

/** Resolves or rejects with the operation, or rejects with StoreUnavailableError after STORE_TIMEOUT_MS; network errors become StoreUnavailableError. */
async function withDeadline<T>(op: Promise<T>, ms = STORE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(new Error(`no answer within ${ms} ms`))), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([op, deadline]);
  } catch (e) {
    if (isStoreUnavailable(e) && !(e instanceof StoreUnavailableError)) throw new StoreUnavailableError(e);
    throw e;
  } finally {
    clearTimeout(timer);
    op.catch(() => undefined); // a late failure of an abandoned operation is not unhandled
  }
}

const CONTINUATION_VERSION = 1;
function encodeContinuation(p: { createdAt: string; instituteId: string; submissionId: string }): string {
  return Buffer.from(JSON.stringify({ v: CONTINUATION_VERSION, ...p }), "utf8").toString("base64url");
}
function decodeContinuation(token: string | null | undefined): { createdAt: string; instituteId: string; submissionId: string } | null {
  if (!token) return null;
  try {
    const p = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Record<string, unknown>;
    if (
      p.v === CONTINUATION_VERSION &&
      typeof p.createdAt === "string" &&
      typeof p.instituteId === "string" &&
      typeof p.submissionId === "string"
    ) {
      return { createdAt: p.createdAt, instituteId: p.instituteId, submissionId: p.submissionId };
    }
  } catch {
    /* fall through */
  }
  throw new InvalidContinuationError(token);
}

export class InvalidContinuationError extends Error {}
