/**
 * The write-ahead journal (functions/local/journal.ts) and the durable store built on it
 * (startDurableCosmos), against the real embedded server and the real @azure/cosmos SDK.
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CosmosClient, type Container } from "@azure/cosmos";
import { startDurableCosmos, type DurableCosmos } from "../../functions/local/embedded-cosmos";
import {
  encodeRecord,
  isMutation,
  JournalWriter,
  LOCK_FILE,
  lockDataDir,
  readJournal,
  type JournalRecord,
} from "../../functions/local/journal";

jest.setTimeout(120_000);

const dir = () => mkdtempSync(path.join(tmpdir(), "tt-journal-"));
const rec = (i: number): JournalRecord => ({
  m: "POST",
  p: "/dbs",
  h: { "content-type": "application/json" },
  b: JSON.stringify({ id: `db${i}`, text: '中文 \n\t"quoted"' }),
});

describe("journal file", () => {
  test("records round-trip, including newlines, tabs and Chinese in bodies", () => {
    const file = path.join(dir(), "j.ndjson");
    writeFileSync(file, Buffer.concat([rec(1), rec(2)].map(encodeRecord)));
    expect(readJournal(file)).toEqual({ records: [rec(1), rec(2)], droppedBytes: 0 });
  });

  test("a torn last line (crash mid-append, never acknowledged) is dropped and reported; earlier records stay", () => {
    const file = path.join(dir(), "j.ndjson");
    const third = encodeRecord(rec(3));
    writeFileSync(file, Buffer.concat([encodeRecord(rec(1)), encodeRecord(rec(2)), third.subarray(0, third.length - 7)]));
    const { records, droppedBytes } = readJournal(file);
    expect(records).toEqual([rec(1), rec(2)]);
    expect(droppedBytes).toBe(third.length - 7);
  });

  test("a line whose checksum does not match ends the journal there", () => {
    const file = path.join(dir(), "j.ndjson");
    const bad = encodeRecord(rec(2)).toString("utf8").replace("db2", "db9");
    writeFileSync(file, encodeRecord(rec(1)).toString("utf8") + bad + encodeRecord(rec(3)).toString("utf8"));
    expect(readJournal(file).records).toEqual([rec(1)]);
  });

  test("queries are not mutations; creates, upserts, replaces, patches and deletes are", () => {
    expect(isMutation("POST", { "x-ms-documentdb-isquery": "True", "content-type": "application/query+json" })).toBe(false);
    expect(isMutation("POST", { "content-type": "application/query+json" })).toBe(false);
    expect(isMutation("GET", {})).toBe(false);
    expect(isMutation("POST", { "content-type": "application/json" })).toBe(true);
    for (const m of ["PUT", "PATCH", "DELETE"]) expect(isMutation(m, {})).toBe(true);
  });

  test("group commit: concurrent appends share flushes; after a write failure nothing more is accepted", async () => {
    const file = path.join(dir(), "j.ndjson");
    const w = await JournalWriter.open(file);
    await Promise.all(Array.from({ length: 50 }, (_, i) => w.append(rec(i))));
    expect(w.records).toBe(50);
    expect(w.flushes).toBeLessThan(50);
    expect(readJournal(file).records).toHaveLength(50);
    await (w as unknown as { handle: { close(): Promise<void> } }).handle.close(); // the disk goes away
    await expect(w.append(rec(51))).rejects.toThrow();
    expect(w.failure).not.toBeNull();
    await expect(w.append(rec(52))).rejects.toThrow();
    await expect(w.barrier()).rejects.toThrow();
  });
});

describe("startDurableCosmos through the SDK", () => {
  const open = async (store: DurableCosmos) => {
    const client = new CosmosClient({ endpoint: store.endpoint, key: store.key, connectionPolicy: { enableEndpointDiscovery: false } });
    const { database } = await client.databases.createIfNotExists({ id: "db" });
    const { container } = await database.containers.createIfNotExists({ id: "c", partitionKey: { paths: ["/pk"] } });
    return { client, container };
  };
  const all = async (c: Container) =>
    (await c.items.query("SELECT c.id, c.pk, c.v, c.patched FROM c").fetchAll()).resources.sort((a, b) => a.id.localeCompare(b.id));

  test("creates, upserts, replaces under If-Match, patches and deletes survive a restart, in the order they were applied", async () => {
    const dataDir = dir();
    const first = await startDurableCosmos({ dataDir, log: () => undefined });
    const { client, container } = await open(first);
    await Promise.all(Array.from({ length: 20 }, (_, i) => container.items.create({ id: `d${i}`, pk: `p${i % 3}`, v: 0 })));
    // 40 concurrent writers on ONE document: the journal must keep the order the server applied them in
    await Promise.all(Array.from({ length: 40 }, (_, i) => container.items.upsert({ id: "hot", pk: "p0", v: i })));
    const { resource } = await container.item("d1", "p1").read();
    await container.item("d1", "p1").replace({ ...resource, v: 7 }, { accessCondition: { type: "IfMatch", condition: resource._etag } });
    await expect(
      container.item("d1", "p1").replace({ ...resource, v: 8 }, { accessCondition: { type: "IfMatch", condition: resource._etag } }),
    ).rejects.toMatchObject({ code: 412 });
    await container.item("d2", "p2").patch([{ op: "set", path: "/patched", value: true }]);
    await container.item("d3", "p0").delete();
    await expect(container.items.create({ id: "d4", pk: "p1", v: 99 })).rejects.toMatchObject({ code: 409 });
    const before = await all(container);
    expect(before.find((d) => d.id === "hot")).toBeDefined();
    client.dispose();
    await first.close();

    const second = await startDurableCosmos({ dataDir, log: () => undefined });
    try {
      expect(second.restored.failed).toBe(0);
      expect(second.restored.documents).toBe(before.length);
      const reopened = await open(second);
      expect(await all(reopened.container)).toEqual(before);
      reopened.client.dispose();
    } finally {
      await second.close();
    }
    // the journal was compacted to one record per database, container and document
    expect(readJournal(path.join(dataDir, "journal.ndjson")).records).toHaveLength(2 + before.length);
  });

  test("a torn tail left by a crash is dropped at start and reported", async () => {
    const dataDir = dir();
    const first = await startDurableCosmos({ dataDir, log: () => undefined });
    const { client, container } = await open(first);
    await container.items.create({ id: "kept", pk: "p", v: 1 });
    client.dispose();
    await first.close();
    appendFileSync(path.join(dataDir, "journal.ndjson"), encodeRecord(rec(9)).subarray(0, 20));
    const lines: string[] = [];
    const second = await startDurableCosmos({ dataDir, log: (l) => lines.push(l) });
    try {
      expect(second.restored.droppedBytes).toBe(20);
      const reopened = await open(second);
      expect((await reopened.container.item("kept", "p").read()).resource.v).toBe(1);
      reopened.client.dispose();
    } finally {
      await second.close();
    }
  });

  test("one process per data folder; a LOCK left by a dead process is taken over", async () => {
    const dataDir = dir();
    const first = await startDurableCosmos({ dataDir, log: () => undefined });
    try {
      writeFileSync(path.join(dataDir, "LOCK"), String(process.ppid)); // a live process that is not us
      await expect(startDurableCosmos({ dataDir, log: () => undefined })).rejects.toThrow(/in use by another process/);
    } finally {
      await first.close();
    }
    writeFileSync(path.join(dataDir, "LOCK"), "2147483646"); // no such process
    const again = await startDurableCosmos({ dataDir, log: () => undefined });
    expect(readFileSync(path.join(dataDir, "LOCK"), "utf8")).toBe(String(process.pid));
    await again.close();
  });
});

describe("the data folder's lock", () => {
  const lockWith = (pid: number) => {
    const dir = mkdtempSync(path.join(tmpdir(), "tt-lock-"));
    writeFileSync(path.join(dir, LOCK_FILE), String(pid));
    return dir;
  };

  test("held by a running process: refused, naming the pid", async () => {
    const holder = spawn("sleep", ["30"]);
    try {
      expect(() => lockDataDir(lockWith(holder.pid!))).toThrow(new RegExp(`in use by another process \\(pid ${holder.pid}\\)`));
    } finally {
      holder.kill("SIGKILL");
    }
  });

  test("left by a process killed with -9 and not yet reaped (a zombie), or by one long gone: taken over", async () => {
    // sh starts a short sleep in the background and becomes a long sleep, which never reaps it: once the
    // short one ends it is a zombie, its pid still answering the signal check
    const parent = spawn("sh", ["-c", "sleep 0.2 & echo $!; exec sleep 30"]);
    try {
      const zombie = Number(await new Promise<string>((resolve) => parent.stdout.once("data", (d) => resolve(String(d)))));
      await new Promise((r) => setTimeout(r, 600));
      expect(readFileSync(`/proc/${zombie}/stat`, "utf8")).toMatch(/\) Z /); // the case is really a zombie
      const dir = lockWith(zombie);
      const release = lockDataDir(dir);
      expect(readFileSync(path.join(dir, LOCK_FILE), "utf8")).toBe(String(process.pid));
      release();
    } finally {
      parent.kill("SIGKILL");
    }
    const gone = lockWith(2 ** 22 + 12345); // above Linux's pid_max: no such process
    lockDataDir(gone)();
  });
});
