/**
 * Indicator values in Cosmos DB (container `indicators`, partition /region; see repository.ts CONTAINERS):
 *   indicator-value  id v:<metric>:<year>:<city key>   one value per (region, metric, year[, city]); ETag-guarded
 *   indicator-audit  id <value id>:v<version>          who, when, old → new, why (one per change)
 *   indicator-lock   id lock:<year>                    the region+year lock, with its history
 * Write protocol (the submissions' one): a value document carries the audit entry of its latest change
 * (`lastAudit`, the outbox); a change first upserts the previous entry, then creates (409 on a duplicate id)
 * or replaces under If-Match (412), then upserts its own entry. Every step is idempotent, so a retry completes
 * an interrupted write, and the audit read includes the outbox. No GROUP BY, DISTINCT, OFFSET/LIMIT or batch.
 */
import { canonicalJson } from "@tt/contract";
import { createHash } from "node:crypto";
import type { Container } from "@azure/cosmos";
import type { Actor } from "./documents";
import { ConflictError, PreconditionFailedError, statusOf } from "./repository";

export interface IndicatorContent {
  value: string;
  source: { text: string; documentNumber?: string; date: string; link?: string };
  note?: string;
  city?: string;
}

export interface IndicatorAuditEntry {
  id: string;
  docType: "indicator-audit";
  region: string;
  valueId: string;
  metric: string;
  year: number;
  version: number;
  action: "create" | "update";
  by: Actor;
  at: string;
  old: IndicatorContent | null;
  new: IndicatorContent;
  reason?: string;
  /** How it arrived: the JSON API or a workbook import. */
  via: "api" | "xlsx";
}

export interface IndicatorValueDoc extends IndicatorContent {
  id: string;
  docType: "indicator-value";
  region: string;
  metric: string;
  year: number;
  /** "Y", or the years a cumulative value covers ("2021-2023"). */
  period: string;
  unit: string;
  clientId: string;
  version: number;
  createdBy: Actor;
  createdAt: string;
  updatedBy: Actor;
  updatedAt: string;
  lastAudit: IndicatorAuditEntry;
  _etag?: string;
}

export interface IndicatorLockDoc {
  id: string;
  docType: "indicator-lock";
  region: string;
  year: number;
  locked: boolean;
  history: { action: "lock" | "unlock"; by: Actor; at: string; reason?: string }[];
  _etag?: string;
}

/** The value's id: one per (metric, year, city) within the region's partition; a city is hashed (ids may not hold / \ ? #). */
export function indicatorValueId(metric: string, year: number, city?: string): string {
  const cityKey = city ? createHash("sha256").update(city).digest("hex").slice(0, 12) : "all";
  return `v:${metric}:${year}:${cityKey}`;
}

export const contentOf = (d: IndicatorContent): IndicatorContent => ({
  value: d.value,
  source: {
    text: d.source.text,
    ...(d.source.documentNumber ? { documentNumber: d.source.documentNumber } : {}),
    date: d.source.date,
    ...(d.source.link ? { link: d.source.link } : {}),
  },
  ...(d.note ? { note: d.note } : {}),
  ...(d.city ? { city: d.city } : {}),
});
export const sameContent = (a: IndicatorContent, b: IndicatorContent): boolean =>
  canonicalJson(contentOf(a)) === canonicalJson(contentOf(b));

const META = ["_rid", "_self", "_ts", "_attachments"];
const strip = <T>(r: T): T => {
  for (const k of META) delete (r as Record<string, unknown>)[k];
  return r;
};

export class IndicatorStore {
  constructor(private readonly c: Container) {}

  async read(region: string, id: string): Promise<IndicatorValueDoc | null> {
    const r = await this.c.item(id, region).read<IndicatorValueDoc>();
    return r.statusCode === 404 || !r.resource || r.resource.docType !== "indicator-value" ? null : strip(r.resource);
  }

  /** By id alone (PUT and audit know only the id): a query over the partitions. */
  async find(id: string): Promise<IndicatorValueDoc | null> {
    const { resources } = await this.c.items
      .query<IndicatorValueDoc>({
        query: "SELECT * FROM c WHERE c.id = @id AND c.docType = 'indicator-value'",
        parameters: [{ name: "@id", value: id }],
      })
      .fetchAll();
    return resources[0] ? strip(resources[0]) : null;
  }

  async list(region: string, fromYear: number, toYear: number): Promise<IndicatorValueDoc[]> {
    const { resources } = await this.c.items
      .query<IndicatorValueDoc>({
        query:
          "SELECT * FROM c WHERE c.region = @region AND c.docType = 'indicator-value' AND c.year >= @from AND c.year <= @to ORDER BY c.metric",
        parameters: [
          { name: "@region", value: region },
          { name: "@from", value: fromYear },
          { name: "@to", value: toYear },
        ],
      })
      .fetchAll();
    return resources.map(strip);
  }

  async create(doc: IndicatorValueDoc): Promise<IndicatorValueDoc> {
    try {
      const r = await this.c.items.create<IndicatorValueDoc>(doc);
      await this.c.items.upsert(doc.lastAudit);
      return strip(r.resource!);
    } catch (e) {
      if (statusOf(e) === 409) throw new ConflictError(doc.id);
      throw e;
    }
  }

  async replace(previous: IndicatorValueDoc, next: IndicatorValueDoc, etag: string): Promise<IndicatorValueDoc> {
    await this.c.items.upsert(previous.lastAudit);
    const { _etag, ...body } = next;
    let stored: IndicatorValueDoc;
    try {
      stored = strip(
        (
          await this.c
            .item(next.id, next.region)
            .replace<IndicatorValueDoc>(body as IndicatorValueDoc, { accessCondition: { type: "IfMatch", condition: etag } })
        ).resource!,
      );
    } catch (e) {
      if (statusOf(e) === 412) throw new PreconditionFailedError(next.id);
      throw e;
    }
    await this.c.items.upsert(stored.lastAudit);
    return stored;
  }

  /** Completes an interrupted write (idempotent). */
  async project(doc: IndicatorValueDoc): Promise<void> {
    await this.c.items.upsert(doc.lastAudit);
  }

  /** Every change of a value, oldest first (the stored entries plus the outbox of the current version). */
  async audit(doc: IndicatorValueDoc): Promise<IndicatorAuditEntry[]> {
    const { resources } = await this.c.items
      .query<IndicatorAuditEntry>({
        query: "SELECT * FROM c WHERE c.region = @region AND c.docType = 'indicator-audit' AND c.valueId = @id ORDER BY c.version",
        parameters: [
          { name: "@region", value: doc.region },
          { name: "@id", value: doc.id },
        ],
      })
      .fetchAll();
    const byVersion = new Map(resources.map((e) => [e.version, strip(e)] as const));
    byVersion.set(doc.lastAudit.version, doc.lastAudit);
    return [...byVersion.values()].sort((a, b) => a.version - b.version);
  }

  async readLock(region: string, year: number): Promise<IndicatorLockDoc | null> {
    const r = await this.c.item(`lock:${year}`, region).read<IndicatorLockDoc>();
    return r.statusCode === 404 || !r.resource ? null : strip(r.resource);
  }

  /** Sets the lock of a region and year (read, change, write under the ETag read; retried on 409/412). */
  async setLock(region: string, year: number, locked: boolean, entry: IndicatorLockDoc["history"][number]): Promise<IndicatorLockDoc> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.readLock(region, year);
      if (current && current.locked === locked) return current;
      const next: IndicatorLockDoc = {
        id: `lock:${year}`,
        docType: "indicator-lock",
        region,
        year,
        locked,
        history: [...(current?.history ?? []), entry].slice(-200),
      };
      try {
        if (current) {
          const r = await this.c
            .item(next.id, region)
            .replace<IndicatorLockDoc>(next, { accessCondition: { type: "IfMatch", condition: current._etag! } });
          return strip(r.resource!);
        }
        return strip((await this.c.items.create<IndicatorLockDoc>(next)).resource!);
      } catch (e) {
        const s = statusOf(e);
        if (s !== 409 && s !== 412) throw e;
      }
    }
    throw new Error(`lock ${region} ${year}: too many concurrent updates`);
  }
}
