/**
 * The embedded Cosmos server with a meter on its door, for the benchmarks: every request the @azure/cosmos
 * SDK sends is classified (point read, query page, create, upsert, replace, other), and the documents it
 * returns are counted (1 for a point read that found one, the page's item count for a query) — the local
 * stand-in for request units. It also sums the time the server spent answering. Nothing in the API is changed.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { EMBEDDED_KEY } from "../functions/local/embedded-cosmos";
import type { EmbeddedCosmos } from "../scripts/local-host";

const { createHttpServer } = require("@vercel/cosmosdb-server") as { createHttpServer: () => Server };

export interface StoreCounts {
  requests: number;
  pointReads: number;
  queryPages: number;
  creates: number;
  upserts: number;
  replaces: number;
  other: number;
  /** Documents returned: point reads that found one, plus every query page's item count. */
  documentsRead: number;
  /** Time from request to response end, summed over requests (they overlap under concurrency). */
  serverMs: number;
}

const zero = (): StoreCounts => ({
  requests: 0,
  pointReads: 0,
  queryPages: 0,
  creates: 0,
  upserts: 0,
  replaces: 0,
  other: 0,
  documentsRead: 0,
  serverMs: 0,
});

export interface CountingCosmos extends EmbeddedCosmos {
  counts: StoreCounts;
  /** The counts so far, and start again from zero. */
  take(): StoreCounts;
}

export async function startCountingCosmos(): Promise<CountingCosmos> {
  const server = createHttpServer();
  let counts = zero();
  server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const c = counts;
    const isDocs = /\/docs(\/|$)/.test(req.url ?? "");
    const itemRequest = /\/docs\/[^/]+$/.test(req.url ?? "");
    const isQuery = String(req.headers["x-ms-documentdb-isquery"]).toLowerCase() === "true";
    const isUpsert = String(req.headers["x-ms-documentdb-is-upsert"]).toLowerCase() === "true";
    c.requests++;
    const kind: keyof StoreCounts = !isDocs
      ? "other"
      : req.method === "GET" && itemRequest
        ? "pointReads"
        : req.method === "POST" && isQuery
          ? "queryPages"
          : req.method === "POST" && isUpsert
            ? "upserts"
            : req.method === "POST"
              ? "creates"
              : req.method === "PUT"
                ? "replaces"
                : "other";
    c[kind]++;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      c.serverMs += performance.now() - started;
      if (kind === "pointReads" && res.statusCode === 200) c.documentsRead++;
      if (kind === "queryPages") c.documentsRead += Number(res.getHeader("x-ms-item-count") ?? 0);
      return end(...args);
    }) as ServerResponse["end"];
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    key: EMBEDDED_KEY,
    get counts() {
      return counts;
    },
    take() {
      const c = counts;
      counts = zero();
      return c;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
