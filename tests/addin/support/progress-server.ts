/**
 * A stand-in for the cloud API's batch progress endpoint on 127.0.0.1, counting requests:
 *   POST /api/progress/batch {requests:[{region,year}]} → {rulesVersion, results:[{region,year,metrics:[{metric,actual}]}]}
 * `mode` switches it into the failures the client must survive. Optionally serves static files (the built add-in).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import type { AddressInfo } from "node:net";

export type Mode = "ok" | "http-500" | "malformed" | "hang" | "unauthorized-without-token";

export interface ProgressServer {
  url: string;
  requests: { body: { requests: { region: string; year: number }[] }; authorization?: string }[];
  mode: Mode;
  close(): Promise<void>;
}

/** Live actuals the stand-in knows: (region, year) → metric → actual. */
export const ACTUALS: Record<string, Record<string, string | null>> = {
  "CN-HL|2024": { industrialised: "55", "contract-turnover": "1000" },
  "CN-HL|2025": { industrialised: null },
};

const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".json": "application/json",
  ".html": "text/html",
  ".png": "image/png",
  ".map": "application/json",
};

export async function startProgressServer(staticRoot?: string, extraPages: Record<string, string> = {}): Promise<ProgressServer> {
  const state: ProgressServer = { url: "", requests: [], mode: "ok", close: async () => undefined };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method === "POST" && path === "/api/progress/batch") {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const body = JSON.parse(raw);
        state.requests.push({ body, authorization: req.headers.authorization });
        if (state.mode === "hang") return; // never answers: the client's timeout must fire
        if (state.mode === "http-500") return void res.writeHead(500, "Internal Server Error").end("boom");
        if (state.mode === "unauthorized-without-token" && !req.headers.authorization) return void res.writeHead(401, "Unauthorized").end();
        if (state.mode === "malformed") return void res.writeHead(200, { "Content-Type": "application/json" }).end("{not json");
        const results = body.requests.map((r: { region: string; year: number }) => {
          const known = ACTUALS[`${r.region}|${r.year}`];
          if (!known) return { region: r.region, year: r.year, error: { code: "NO_DATA", message: { zh: "没有数据", en: "no data" } } };
          return { region: r.region, year: r.year, metrics: Object.entries(known).map(([metric, actual]) => ({ metric, actual })) };
        });
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ rulesVersion: "test", results }));
      });
      return;
    }
    if (extraPages[path]) return void res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(extraPages[path]);
    if (staticRoot && req.method === "GET") {
      const file = normalize(join(staticRoot, path));
      if (!file.startsWith(staticRoot)) return void res.writeHead(403).end();
      readFile(file).then(
        (data) => res.writeHead(200, { "Content-Type": `${TYPES[extname(file)] ?? "application/octet-stream"}; charset=utf-8` }).end(data),
        () => res.writeHead(404).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
