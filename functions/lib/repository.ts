/**
 * Storage, through @azure/cosmos only. Nothing here depends on GROUP BY, DISTINCT, OFFSET/LIMIT,
 * transactional batch, change feed or TTL; every query filters on its container's partition-key field
 * in the WHERE clause as well.
 *
 * Write protocol for a submission change (create, replace, approve, return):
 *   1. the previous version's audit entry (the outbox `lastAudit`) is upserted to `audit` (idempotent);
 *   2. the submission document is created (409 on a duplicate id) or replaced under If-Match (412);
 *      this single write is the change: it is atomic and carries its own audit entry;
 *   3. its audit entry is upserted to `audit`, its summary entry and its contract claims applied (ETag-guarded, retried).
 * If 3 fails, the change is stored and still audited (in the document); the next change or an
 * idempotent replay of the same POST completes it, and reads of the audit trail include the outbox.
 */
import { CosmosClient, type Container, type Database, type IndexingPolicy, type PartitionKeyDefinition } from "@azure/cosmos";
import { DefaultAzureCredential } from "@azure/identity";
import { claimId, summaryId, type AuditEntry, type ClaimDoc, type Institute, type SubmissionDoc, type SummaryDoc } from "./documents";
import { withEntry } from "./summaries";

export interface CosmosSettings {
  endpoint: string;
  /** Account key; without it the managed identity (DefaultAzureCredential) is used. */
  key?: string;
  database?: string;
}

export const DEFAULT_DATABASE = "techtransfer";

/** Containers, partition keys and indexing: kept identical to infra/main.bicep. */
export const CONTAINERS: Record<"submissions" | "summaries" | "audit" | "institutes" | "claims" | "indicators", { partitionKey: PartitionKeyDefinition; indexingPolicy: IndexingPolicy }> = {
  submissions: {
    partitionKey: { paths: ["/instituteId"] },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [{ path: "/region/?" }, { path: "/year/?" }, { path: "/period/?" }, { path: "/status/?" }, { path: "/instituteId/?" }, { path: "/createdAt/?" }],
      excludedPaths: [{ path: "/*" }],
    },
  },
  summaries: {
    partitionKey: { paths: ["/region"] },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [{ path: "/region/?" }, { path: "/year/?" }, { path: "/instituteId/?" }],
      excludedPaths: [{ path: "/*" }],
    },
  },
  audit: {
    partitionKey: { paths: ["/submissionId"] },
    indexingPolicy: { indexingMode: "consistent", automatic: true, includedPaths: [{ path: "/submissionId/?" }, { path: "/version/?" }], excludedPaths: [{ path: "/*" }] },
  },
  institutes: {
    partitionKey: { paths: ["/region"] },
    indexingPolicy: { indexingMode: "consistent", automatic: true, includedPaths: [{ path: "/region/?" }], excludedPaths: [{ path: "/*" }] },
  },
  /** Which submissions claim a contract in a year (read by id only, so nothing needs indexing). */
  claims: {
    partitionKey: { paths: ["/region"] },
    indexingPolicy: { indexingMode: "consistent", automatic: true, includedPaths: [], excludedPaths: [{ path: "/*" }] },
  },
  /** Indicator values entered by provincial staff, their audit entries and the region+year locks (lib/indicator-store.ts). */
  indicators: {
    partitionKey: { paths: ["/region"] },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [{ path: "/region/?" }, { path: "/year/?" }, { path: "/docType/?" }, { path: "/valueId/?" }, { path: "/version/?" }, { path: "/metric/?" }],
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
 */
async function readModifyWrite<T extends { id: string; _etag?: string }>(
  container: Container,
  id: string,
  partitionKey: string,
  change: (current: T | null) => T | null,
  attempts = 20,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const read = await container.item(id, partitionKey).read<T>();
    const current = read.statusCode === 404 || !read.resource ? null : read.resource;
    const next = change(current);
    if (!next) return;
    try {
      if (current) {
        const { _etag, ...body } = next;
        await container.item(id, partitionKey).replace(body, { accessCondition: { type: "IfMatch", condition: current._etag! } });
      } else {
        await container.items.create(next);
      }
      return;
    } catch (e) {
      const s = statusOf(e);
      if (s !== 409 && s !== 412) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
    }
  }
  throw new Error(`${container.id} ${id}: too many concurrent updates`);
}

/** The documents of one region and a range of years (one partition for region-keyed containers, a cross-partition query otherwise). */
async function regionYears<T>(container: Container, select: string, region: string, fromYear: number, toYear: number): Promise<T[]> {
  const { resources } = await container.items
    .query<T>({
      query: `SELECT ${select} FROM c WHERE c.region = @region AND c.year >= @from AND c.year <= @to`,
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

const COSMOS_META = ["_rid", "_self", "_ts", "_attachments"];
const strip = <T>(r: T): T => {
  for (const k of COSMOS_META) delete (r as Record<string, unknown>)[k];
  return r;
};

export class Repository {
  private constructor(
    readonly client: CosmosClient,
    readonly database: Database,
    private readonly submissions: Container,
    private readonly summaries: Container,
    private readonly audit: Container,
    private readonly institutes: Container,
    private readonly claims: Container,
    /** Indicator values, their audit and locks: used through lib/indicator-store.ts. */
    readonly indicators: Container,
  ) {}

  /** Connects and creates the database and containers if missing. */
  static async open(settings: CosmosSettings): Promise<Repository> {
    const client = settings.key
      ? new CosmosClient({ endpoint: settings.endpoint, key: settings.key, connectionPolicy: { enableEndpointDiscovery: false } })
      : new CosmosClient({ endpoint: settings.endpoint, aadCredentials: new DefaultAzureCredential() });
    const { database } = await client.databases.createIfNotExists({ id: settings.database ?? DEFAULT_DATABASE });
    const open = async (id: keyof typeof CONTAINERS) => (await database.containers.createIfNotExists({ id, ...CONTAINERS[id] })).container;
    const [submissions, summaries, audit, institutes, claims, indicators] = await Promise.all([
      open("submissions"),
      open("summaries"),
      open("audit"),
      open("institutes"),
      open("claims"),
      open("indicators"),
    ]);
    return new Repository(client, database, submissions, summaries, audit, institutes, claims, indicators);
  }

  async ping(): Promise<void> {
    await this.database.read();
  }

  dispose(): void {
    this.client.dispose();
  }

  // ---- submissions ---------------------------------------------------------------------------------

  async readSubmission(instituteId: string, id: string): Promise<SubmissionDoc | null> {
    const r = await this.submissions.item(id, instituteId).read<SubmissionDoc>();
    return r.statusCode === 404 || !r.resource ? null : strip(r.resource);
  }

  /** By id alone (province and admin reads do not know the institute): a query over all partitions. */
  async findSubmissions(id: string): Promise<SubmissionDoc[]> {
    const { resources } = await this.submissions.items
      .query<SubmissionDoc>({ query: "SELECT * FROM c WHERE c.id = @id", parameters: [{ name: "@id", value: id }] })
      .fetchAll();
    return resources.map(strip);
  }

  async listSubmissions(filter: { instituteId?: string; region?: string; year?: number }): Promise<SubmissionDoc[]> {
    const where: string[] = [];
    const parameters: { name: string; value: string | number }[] = [];
    if (filter.instituteId) (where.push("c.instituteId = @institute"), parameters.push({ name: "@institute", value: filter.instituteId }));
    if (filter.region) (where.push("c.region = @region"), parameters.push({ name: "@region", value: filter.region }));
    if (filter.year !== undefined) (where.push("c.year = @year"), parameters.push({ name: "@year", value: filter.year }));
    const query = `SELECT * FROM c${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY c.createdAt`;
    const { resources } = await this.submissions.items.query<SubmissionDoc>({ query, parameters }).fetchAll();
    return resources.map(strip);
  }

  /** Raw documents of a region and year range: only for the benchmark baseline and repairs. */
  async scanSubmissions(region: string, fromYear: number, toYear: number): Promise<SubmissionDoc[]> {
    return regionYears<SubmissionDoc>(this.submissions, "*", region, fromYear, toYear);
  }

  /** Step 2 of the write protocol for a new id. Throws ConflictError when the id exists. */
  async createSubmission(doc: SubmissionDoc): Promise<SubmissionDoc> {
    try {
      const r = await this.submissions.items.create<SubmissionDoc>(doc);
      return strip(r.resource!);
    } catch (e) {
      if (statusOf(e) === 409) throw new ConflictError(doc.id);
      throw e;
    }
  }

  /** Step 2 for a change: replace only if the document is still at `etag`. Throws PreconditionFailedError. */
  async replaceSubmission(previous: SubmissionDoc, next: SubmissionDoc, etag: string): Promise<SubmissionDoc> {
    await this.audit.items.upsert(previous.lastAudit);
    const { _etag, ...body } = next;
    try {
      const r = await this.submissions.item(next.id, next.instituteId).replace<SubmissionDoc>(body as SubmissionDoc, { accessCondition: { type: "IfMatch", condition: etag } });
      return strip(r.resource!);
    } catch (e) {
      if (statusOf(e) === 412) throw new PreconditionFailedError(next.id);
      throw e;
    }
  }

  /** Step 3: copy the outbox audit entry, fold the document into its summary and its claims. Idempotent. */
  async project(doc: SubmissionDoc): Promise<void> {
    await this.audit.items.upsert(doc.lastAudit);
    await this.applySummary(doc);
    await this.applyClaims(doc);
  }

  // ---- audit ---------------------------------------------------------------------------------------

  async auditTrail(submissionId: string, instituteId: string): Promise<AuditEntry[]> {
    const { resources } = await this.audit.items
      .query<AuditEntry>({
        query: "SELECT * FROM c WHERE c.submissionId = @id AND c.instituteId = @institute ORDER BY c.version",
        parameters: [
          { name: "@id", value: submissionId },
          { name: "@institute", value: instituteId },
        ],
      })
      .fetchAll();
    return resources.map(strip);
  }

  // ---- summaries -----------------------------------------------------------------------------------

  /** Read–modify–replace under the summary's ETag, retried on 409/412: concurrent writers never lose an entry. */
  async applySummary(doc: SubmissionDoc): Promise<void> {
    await readModifyWrite<SummaryDoc>(this.summaries, summaryId(doc.instituteId, doc.year, doc.period), doc.region, (current) =>
      withEntry(current, doc, new Date().toISOString()),
    );
  }

  // ---- claims (one side per transaction per year) ---------------------------------------------------

  /** Records that `doc` claims each of its contracts in its year (same protocol as summaries). */
  async applyClaims(doc: SubmissionDoc): Promise<void> {
    const numbers = [...new Set(doc.submission.contracts.map((c) => c.registrationNumber))];
    for (const registrationNumber of numbers) {
      const role = doc.submission.contracts.find((c) => c.registrationNumber === registrationNumber)!.role;
      await readModifyWrite<ClaimDoc>(this.claims, claimId(doc.year, registrationNumber), doc.region, (current) => {
        const key = `${doc.instituteId}/${doc.id}`;
        if ((current?.entries[key]?.version ?? 0) >= doc.version) return null;
        const base: ClaimDoc = current ?? { id: claimId(doc.year, registrationNumber), docType: "claim", region: doc.region, year: doc.year, registrationNumber, entries: {}, updatedAt: "" };
        return { ...base, entries: { ...base.entries, [key]: { instituteId: doc.instituteId, submissionId: doc.id, role, version: doc.version } }, updatedAt: new Date().toISOString() };
      });
    }
  }

  /** The claim documents of some contracts of a region and year (point reads; absent ones are skipped). */
  async readClaims(region: string, year: number, registrationNumbers: readonly string[]): Promise<ClaimDoc[]> {
    const docs = await Promise.all(
      registrationNumbers.map(async (n): Promise<ClaimDoc | null> => (await this.claims.item(claimId(year, n), region).read<ClaimDoc>()).resource ?? null),
    );
    return docs.filter((d): d is ClaimDoc => d !== null).map(strip);
  }

  async listSummaries(region: string, fromYear: number, toYear: number): Promise<SummaryDoc[]> {
    return regionYears<SummaryDoc>(this.summaries, "c.id, c.region, c.instituteId, c.year, c.period, c.entries", region, fromYear, toYear);
  }

  /** Direct write of a summary (benchmark seeding, repairs). */
  async upsertSummary(summary: SummaryDoc): Promise<void> {
    await this.summaries.items.upsert(summary);
  }

  // ---- institutes ----------------------------------------------------------------------------------

  async institutesOf(region: string): Promise<Institute[]> {
    const { resources } = await this.institutes.items
      .query<Institute>({
        query: "SELECT c.id, c.instituteId, c.name, c.region, c.city, c.type FROM c WHERE c.region = @region",
        parameters: [{ name: "@region", value: region }],
      })
      .fetchAll();
    return resources;
  }

  /** Point read when the region is known (the usual case), otherwise a query by id. */
  async institute(instituteId: string, region?: string): Promise<Institute | null> {
    if (region) {
      const r = await this.institutes.item(instituteId, region).read<Institute>();
      if (r.statusCode !== 404 && r.resource) return strip(r.resource);
    }
    const { resources } = await this.institutes.items
      .query<Institute>({ query: "SELECT c.id, c.instituteId, c.name, c.region, c.city, c.type FROM c WHERE c.id = @id", parameters: [{ name: "@id", value: instituteId }] })
      .fetchAll();
    return resources[0] ?? null;
  }

  /** Creates the institutes that are absent (existing ones are left as they are). Returns how many were added. */
  async seedInstitutes(register: Institute[]): Promise<number> {
    let added = 0;
    for (const i of register) {
      try {
        await this.institutes.items.create(i);
        added++;
      } catch (e) {
        if (statusOf(e) !== 409) throw e;
      }
    }
    return added;
  }

  async upsertInstitute(i: Institute): Promise<void> {
    await this.institutes.items.upsert(i);
  }
}
