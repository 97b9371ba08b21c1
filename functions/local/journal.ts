/**
 * Durable local Cosmos DB: a write-ahead journal in front of the in-memory embedded server.
 *
 *   SDK ──HTTP──▶ journal proxy (endpoint the SDK sees) ──HTTP──▶ @vercel/cosmosdb-server (in memory)
 *                      │
 *                      └─ every successful mutating REST request (database / container create, document
 *                         create, replace, upsert, patch, delete) is appended to <dataDir>/journal.ndjson and
 *                         fdatasync'd BEFORE its response is released to the SDK.
 *
 * At start the journal is replayed, in order, into a fresh in-memory server, then compacted (the live state
 * dumped as one upsert per document, written to a temporary file, fsync'd and renamed over the journal).
 *
 * Guarantee: a write the SDK saw acknowledged (201/200/204) is on disk and survives a stop, a crash
 * (kill -9) or a power cut of this machine, as far as the file system honours fdatasync. A write whose
 * response never arrived may or may not be there (the caller retries; the API's writes are idempotent).
 *
 * Ordering: mutating requests pass the inner server one at a time (a mutex held only for the in-memory
 * apply, microseconds), so the journal order is the order the server applied them; the disk flush is a
 * group commit (one fdatasync for every record queued meanwhile), so concurrent writers share it.
 * Reads first wait for the records queued before them to be durable, so nothing is ever read (and built
 * upon) that a crash could still take away.
 *
 * Replay drops If-Match (the ETags of a previous run do not exist in the new server; the write succeeded
 * then, in this order, so it applies now). Documents get new _etag/_rid/_ts after a restart.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { crc32 } from "node:zlib";

export const JOURNAL_FILE = "journal.ndjson";
/** The lock file in a data folder (its content: the owner's pid). */
export const LOCK_FILE = "LOCK";

/** One journalled REST request. */
export interface JournalRecord {
  /** HTTP method */
  m: string;
  /** path (and query) as the SDK sent it */
  p: string;
  /** the headers that change what the request does (partition key, upsert) */
  h: Record<string, string>;
  /** request body (UTF-8) */
  b: string;
}

/** Headers kept in the journal: the ones that decide what a mutation does. If-Match and auth are not. */
const KEPT_HEADERS = ["content-type", "x-ms-documentdb-partitionkey", "x-ms-documentdb-is-upsert", "x-ms-documentdb-partitionkeyrangeid"];

/** True for requests that change data: creates, replaces, upserts, patches and deletes, not queries. */
export function isMutation(method: string, headers: IncomingHttpHeaders): boolean {
  const m = method.toUpperCase();
  if (m === "PUT" || m === "PATCH" || m === "DELETE") return true;
  if (m !== "POST") return false;
  const isQuery = String(headers["x-ms-documentdb-isquery"] ?? "").toLowerCase() === "true";
  const contentType = String(headers["content-type"] ?? "");
  return !isQuery && !contentType.includes("query+json");
}

/** A journal line: `<crc32 hex of the JSON>\t<JSON>\n`. A torn or corrupt line fails its checksum. */
export function encodeRecord(r: JournalRecord): Buffer {
  const json = JSON.stringify(r);
  return Buffer.from(`${crc32(json).toString(16).padStart(8, "0")}\t${json}\n`, "utf8");
}

/**
 * The records of a journal file in order. A line that fails its checksum can only be the tail a crash
 * interrupted (written, never acknowledged): reading stops there and reports how many bytes were dropped.
 */
export function readJournal(file: string): { records: JournalRecord[]; droppedBytes: number } {
  if (!existsSync(file)) return { records: [], droppedBytes: 0 };
  const text = readFileSync(file, "utf8");
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset < text.length) {
    const end = text.indexOf("\n", offset);
    if (end < 0) break;
    const line = text.slice(offset, end);
    const tab = line.indexOf("\t");
    const json = line.slice(tab + 1);
    if (tab !== 8 || crc32(json).toString(16).padStart(8, "0") !== line.slice(0, 8)) break;
    records.push(JSON.parse(json) as JournalRecord);
    offset = end + 1;
  }
  return { records, droppedBytes: Buffer.byteLength(text.slice(offset), "utf8") };
}

/** Append-only file with group commit: every `append` resolves once its bytes are fdatasync'd. */
export class JournalWriter {
  private queue: { bytes: Buffer; done: (e?: unknown) => void }[] = [];
  private running = false;
  /** Set when a write or flush failed: the in-memory state is then ahead of the disk; nothing more is accepted. */
  failure: Error | null = null;
  records = 0;
  flushes = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async open(file: string): Promise<JournalWriter> {
    return new JournalWriter(await open(file, "a"));
  }

  append(record: JournalRecord | null): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ bytes: record ? encodeRecord(record) : Buffer.alloc(0), done: (e) => (e ? reject(e) : resolve()) });
      if (record) this.records++;
      if (!this.running) void this.drain();
    });
  }

  /** Resolves when everything appended before this call is durable. */
  barrier(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return this.running || this.queue.length ? this.append(null) : Promise.resolve();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      try {
        const bytes = Buffer.concat(batch.map((b) => b.bytes));
        if (bytes.length) {
          let written = 0;
          while (written < bytes.length) written += (await this.handle.write(bytes, written)).bytesWritten;
          await this.handle.datasync();
          this.flushes++;
        }
        for (const b of batch) b.done();
      } catch (e) {
        this.failure = e instanceof Error ? e : new Error(String(e));
        for (const b of batch) b.done(this.failure);
        for (const b of this.queue.splice(0)) b.done(this.failure);
      }
    }
    this.running = false;
  }

  async close(): Promise<void> {
    await this.barrier().catch(() => undefined);
    await this.handle.close();
  }
}

/** Writes `records` to `file` atomically: temporary file, fsync, rename, fsync of the folder. */
export function writeJournalAtomically(file: string, records: Iterable<JournalRecord>): number {
  const tmp = `${file}.compacting`;
  const fd = openSync(tmp, "w");
  let count = 0;
  try {
    const chunk: Buffer[] = [];
    let size = 0;
    const flush = () => {
      const bytes = Buffer.concat(chunk.splice(0));
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      size = 0;
    };
    for (const r of records) {
      const b = encodeRecord(r);
      chunk.push(b);
      size += b.length;
      count++;
      if (size > 1 << 20) flush();
    }
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(path.dirname(file));
  return count;
}

function fsyncDir(dir: string) {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* some platforms cannot fsync a directory; the rename is still atomic */
  }
}

/**
 * One process per data folder: a LOCK file with the owner's pid. A lock left by a process that no longer
 * runs (after kill -9) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new Error(
        `The data folder ${dir} is in use by another process (pid ${pid}). Stop it first, or set TT_DATA_DIR to another folder.`,
      );
    }
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, "utf8").trim() === String(process.pid)) unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

/**
 * Whether a process runs. A process killed with -9 whose parent has not reaped it yet (a zombie: it holds
 * its pid, but runs no code and holds no file) answers the signal check, so on Linux its state is read too.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces and parentheses, so read after the last ")"
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
  } catch {
    // no entry: gone since the signal check where /proc exists (Linux); elsewhere the signal check decides
    return !existsSync(`/proc/${process.pid}`);
  }
}

/** Reads a whole request or response body. */
export async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Sends one request to the inner server and buffers its answer. */
export function forward(
  agent: Agent,
  port: number,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string | string[]>,
  body: Buffer,
): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method, path: pathAndQuery, headers: { ...headers, "content-length": String(body.length) }, agent },
      (res) => {
        readBody(res).then((b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }), reject);
      },
    );
    req.once("error", reject);
    req.end(body);
  });
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade"]);

/** Copies the headers that belong to the request itself (not the connection). */
export function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

/** The journal record for a request. */
export function recordOf(method: string, pathAndQuery: string, headers: IncomingHttpHeaders, body: Buffer): JournalRecord {
  const h: Record<string, string> = {};
  for (const k of KEPT_HEADERS) {
    const v = headers[k];
    if (typeof v === "string") h[k] = v;
  }
  return { m: method.toUpperCase(), p: pathAndQuery, h, b: body.toString("utf8") };
}

/** A one-at-a-time lock (FIFO). */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

export interface JournalProxy {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * The loopback proxy that journals: listens on `port` (0 = any) and forwards to the inner server on
 * `innerPort`. A request that arrives after the journal failed gets 503 (the SDK retries; restart to recover).
 */
export async function startJournalProxy(
  innerPort: number,
  writer: JournalWriter,
  port: number,
  log: (line: string) => void,
): Promise<JournalProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const mutex = new Mutex();
  const unavailable = (res: import("node:http").ServerResponse) => {
    const body = JSON.stringify({
      code: "ServiceUnavailable",
      message: `local journal failed: ${writer.failure?.message}; restart npm start to recover`,
    });
    res
      .writeHead(503, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-ms-retry-after-ms": "1000" })
      .end(body);
  };
  const server = createServer((req, res) => {
    (async () => {
      const body = await readBody(req);
      const method = (req.method ?? "GET").toUpperCase();
      const url = req.url ?? "/";
      const headers = endToEnd(req.headers);
      if (writer.failure) return unavailable(res);
      let answer: Upstream;
      if (isMutation(method, req.headers)) {
        let durable: Promise<void> | null = null;
        answer = await mutex.run(async () => {
          const a = await forward(agent, innerPort, method, url, headers, body);
          if (a.status >= 200 && a.status < 300) durable = writer.append(recordOf(method, url, req.headers, body));
          return a;
        });
        if (durable) {
          try {
            await durable;
          } catch (e) {
            log(`journal: write failed (${e instanceof Error ? e.message : String(e)}); refusing further requests until restart`);
            return unavailable(res);
          }
        }
      } else {
        await writer.barrier();
        answer = await forward(agent, innerPort, method, url, headers, body);
      }
      const out = endToEnd(answer.headers);
      res.writeHead(answer.status, { ...out, "content-length": String(answer.body.length) });
      res.end(answer.body);
    })().catch((e) => {
      log(`journal proxy: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent)
        res
          .writeHead(503, { "content-type": "application/json" })
          .end(JSON.stringify({ code: "ServiceUnavailable", message: "local store unavailable" }));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
