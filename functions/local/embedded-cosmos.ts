/**
 * The embedded Cosmos DB for local use and tests: @vercel/cosmosdb-server over plain HTTP on 127.0.0.1.
 * Reached through the real @azure/cosmos SDK like any account.
 *   startEmbeddedCosmos(port)               in memory only (tests, benchmarks)
 *   startDurableCosmos({ dataDir, ... })     the same server behind a write-ahead journal (npm start): see journal.ts
 */
import { existsSync, renameSync } from "node:fs";
import { Agent, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { CosmosClient } from "@azure/cosmos";
import type { CosmosSettings } from "../lib/repository";
import {
  forward,
  JOURNAL_FILE,
  JournalWriter,
  lockDataDir,
  readJournal,
  startJournalProxy,
  writeJournalAtomically,
  type JournalRecord,
} from "./journal";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createHttpServer } = require("@vercel/cosmosdb-server") as { createHttpServer: () => Server };

export const EMBEDDED_WARNING = "EMBEDDED IN-MEMORY COSMOS DB — data is lost when this process stops";

/** Any base64 string is accepted by the embedded server; this one only ever meets 127.0.0.1. */
export const EMBEDDED_KEY = Buffer.from("embedded-local-cosmos-key").toString("base64");

export interface EmbeddedCosmos extends CosmosSettings {
  endpoint: string;
  key: string;
  close(): Promise<void>;
}

export async function startEmbeddedCosmos(port = 0): Promise<EmbeddedCosmos> {
  const server = createHttpServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    key: EMBEDDED_KEY,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export interface DurableCosmosOptions {
  /** Folder holding journal.ndjson (created if missing). */
  dataDir: string;
  /** Port the SDK connects to (0 = any free port). */
  port?: number;
  /** Start from an empty store: the previous journal is moved aside (journal-<time>.discarded.ndjson), not deleted. */
  fresh?: boolean;
  log?: (line: string) => void;
}

export interface DurableCosmos extends EmbeddedCosmos {
  dataDir: string;
  journalFile: string;
  /** What the start found: records replayed, bytes of an unacknowledged torn tail dropped, documents after compaction. */
  restored: { records: number; droppedBytes: number; failed: number; documents: number; millis: number };
  /** Records appended and fdatasyncs made since the start (group commit: flushes ≤ records). */
  journalStats(): { records: number; flushes: number };
}

/**
 * The embedded server behind the journal (journal.ts): replays `<dataDir>/journal.ndjson` into a fresh
 * in-memory server, compacts it, then serves through the journalling proxy. One process per folder.
 */
export async function startDurableCosmos(opts: DurableCosmosOptions): Promise<DurableCosmos> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const dataDir = path.resolve(opts.dataDir);
  const unlock = lockDataDir(dataDir);
  const journalFile = path.join(dataDir, JOURNAL_FILE);
  try {
    if (opts.fresh && existsSync(journalFile)) {
      const aside = path.join(dataDir, `journal-${new Date().toISOString().replace(/[:.]/g, "-")}.discarded.ndjson`);
      renameSync(journalFile, aside);
      log(`Fresh store: the previous journal was moved to ${aside}`);
    }
    const inner = await startEmbeddedCosmos(0);
    const innerPort = Number(new URL(inner.endpoint).port);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });

    // 1. replay, in order; If-Match is not replayed (see journal.ts)
    const { records, droppedBytes } = readJournal(journalFile);
    let failed = 0;
    for (const r of records) {
      const a = await forward(
        agent,
        innerPort,
        r.m,
        r.p,
        { ...r.h, authorization: "replay", "x-ms-date": new Date().toUTCString() },
        Buffer.from(r.b, "utf8"),
      );
      if (a.status < 200 || a.status >= 300) {
        failed++;
        if (failed <= 5) log(`journal replay: ${r.m} ${r.p} answered ${a.status}: ${a.body.toString("utf8").slice(0, 200)}`);
      }
    }
    agent.destroy();

    // 2. compact: the live state as one record per database, container and document
    const snapshot = await dumpState(inner.endpoint);
    writeJournalAtomically(journalFile, snapshot.records);

    // 3. serve through the journal
    const writer = await JournalWriter.open(journalFile);
    const proxy = await startJournalProxy(innerPort, writer, opts.port ?? 0, log);
    return {
      endpoint: `http://127.0.0.1:${proxy.port}`,
      key: EMBEDDED_KEY,
      dataDir,
      journalFile,
      restored: { records: records.length, droppedBytes, failed, documents: snapshot.documents, millis: Date.now() - started },
      journalStats: () => ({ records: writer.records, flushes: writer.flushes }),
      close: async () => {
        await proxy.close();
        await writer.close();
        await inner.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

/** Every database, container (with its partition key and indexing policy) and document, as journal records. */
async function dumpState(endpoint: string): Promise<{ records: JournalRecord[]; documents: number }> {
  const client = new CosmosClient({ endpoint, key: EMBEDDED_KEY, connectionPolicy: { enableEndpointDiscovery: false } });
  const records: JournalRecord[] = [];
  let documents = 0;
  const json = { "content-type": "application/json" };
  try {
    const { resources: dbs } = await client.databases.readAll().fetchAll();
    for (const db of dbs) {
      records.push({ m: "POST", p: "/dbs", h: json, b: JSON.stringify({ id: db.id }) });
      const { resources: colls } = await client.database(db.id).containers.readAll().fetchAll();
      for (const c of colls) {
        const definition = { id: c.id, partitionKey: c.partitionKey, ...(c.indexingPolicy ? { indexingPolicy: c.indexingPolicy } : {}) };
        records.push({ m: "POST", p: `/dbs/${encodeURIComponent(db.id)}/colls`, h: json, b: JSON.stringify(definition) });
        const paths = c.partitionKey?.paths ?? [];
        const { resources: docs } = await client
          .database(db.id)
          .container(c.id)
          .items.query<Record<string, unknown>>("SELECT * FROM c")
          .fetchAll();
        for (const doc of docs) {
          for (const k of ["_rid", "_self", "_etag", "_attachments", "_ts"]) delete doc[k];
          const key = paths.map((p) =>
            p
              .split("/")
              .filter(Boolean)
              .reduce<unknown>((o, part) => (o && typeof o === "object" ? (o as Record<string, unknown>)[part] : undefined), doc),
          );
          records.push({
            m: "POST",
            p: `/dbs/${encodeURIComponent(db.id)}/colls/${encodeURIComponent(c.id)}/docs`,
            h: {
              ...json,
              "x-ms-documentdb-is-upsert": "True",
              "x-ms-documentdb-partitionkey": JSON.stringify(key.map((k) => (k === undefined ? {} : k))),
            },
            b: JSON.stringify(doc),
          });
          documents++;
        }
      }
    }
  } finally {
    client.dispose();
  }
  return { records, documents };
}
