/**
 * The thin local host: a Node http server that routes /api/<route> to the same handlers the Functions
 * host runs (functions/routes.ts), for machines without Azure Functions Core Tools, and for tests.
 *
 *   const api = await startApi({ port: 7071, cosmos }); … api.url … await api.close();
 *
 * Tokens: when AUTH_JWKS_URL is set the production verifier is used and the development key is never
 * accepted; otherwise tokens signed by the local development key (npm run token) are accepted.
 *
 * CORS: the host answers preflights and adds Access-Control-Allow-Origin for the origins in
 * ALLOWED_ORIGINS (default https://localhost:<ADDIN_PORT>, the add-in's dev server: 3000 unless ADDIN_PORT
 * is set, so `PORT=… ADDIN_PORT=… npm start` needs nothing more); see lib/cors.ts. In Azure
 * the platform does this (infra/main.json).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpRequest, HttpResponse, InvocationContext } from "@azure/functions";
import { authenticatorFromEnv, type Authenticator } from "../lib/auth";
import { allowedOriginsFromEnv, corsHeaders, DEFAULT_ALLOWED_ORIGINS, preflightHeaders } from "../lib/cors";
import { errorBody, MAX_REQUEST_BYTES } from "../lib/http";
import type { CosmosSettings } from "../lib/repository";
import { openServices, type Services } from "../lib/services";
import { matchRoute } from "../routes";
import { devAuthenticator } from "./dev-key";
import { startSweeper } from "../lib/sweeper";

export interface StartApiOptions {
  /** 0 picks a free port. */
  port: number;
  cosmos: CosmosSettings;
  /** Overrides the token verifier (tests). */
  auth?: Authenticator;
  /** Where the development key lives (default .certs/dev-jwt). */
  devKeyDir?: string;
  /** Seed functions/data/institutes.json into the register if absent (default true). */
  seedSampleInstitutes?: boolean;
  hostname?: string;
  /** Origins allowed by CORS (default: ALLOWED_ORIGINS, else https://localhost:<ADDIN_PORT, default 3000>). */
  allowedOrigins?: string[];
  /** Log lines (default console); pass () => {} to silence. */
  log?: (line: string) => void;
}

export interface ApiHandle {
  /** e.g. http://127.0.0.1:7071/api */
  url: string;
  port: number;
  services: Services;
  close(): Promise<void>;
}

export async function startApi(opts: StartApiOptions): Promise<ApiHandle> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const auth = opts.auth ?? (process.env.AUTH_JWKS_URL ? authenticatorFromEnv() : await devAuthenticator(opts.devKeyDir));
  const services = await openServices({ cosmos: opts.cosmos, auth, seedSampleInstitutes: opts.seedSampleInstitutes ?? true });
  // The local equivalent of the change-feed processor: completes rollups cut short by faults (lib/sweeper.ts).
  const sweeper = startSweeper(services.repo, { log });
  const hostname = opts.hostname ?? "127.0.0.1";
  const origins = opts.allowedOrigins ?? allowedOriginsFromEnv(process.env, localAddinOrigins());

  const server = createServer((req, res) => {
    const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
    const cors = corsHeaders(origin, origins);
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    handle(req, res, services, log, preflightHeaders(origin, origins)).catch((e) => {
      log(`local host: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, 500, { "content-type": "application/json" }, Buffer.from(JSON.stringify(errorBody("INTERNAL", {}))));
      else res.destroy();
    });
  });
  server.on("clientError", answerClientError);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, hostname, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname}:${port}/api`,
    port,
    services,
    close: async () => {
      await sweeper.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      services.repo.dispose();
    },
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  log: (l: string) => void,
  preflight: Record<string, string>,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const json = (status: number, body: unknown) =>
    send(res, status, { "content-type": "application/json; charset=utf-8" }, Buffer.from(JSON.stringify(body)));
  let url: URL;
  try {
    url = new URL(req.url ?? "/", "http://localhost");
  } catch {
    return json(400, errorBody("MALFORMED_PATH", {}, { path: String(req.url ?? "").slice(0, 200) }));
  }
  if (!url.pathname.startsWith("/api/")) {
    return json(404, errorBody("NOT_FOUND", { thing: "outsideApi" }, { path: url.pathname }));
  }
  const match = matchRoute(method, url.pathname.slice("/api/".length));
  if (match === "malformed-path") return json(400, errorBody("MALFORMED_PATH", {}, { path: url.pathname.slice(0, 200) }));
  if (match === null) return json(404, errorBody("NOT_FOUND", { thing: "endpoint" }, { path: url.pathname }));
  if (method === "OPTIONS") return send(res, 204, preflight, Buffer.alloc(0));
  if (match === "method-not-allowed") {
    return json(405, errorBody("METHOD_NOT_ALLOWED", { method }, { path: url.pathname }));
  }

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) {
      return json(413, errorBody("REQUEST_TOO_LARGE", { limitBytes: MAX_REQUEST_BYTES }));
    }
    chunks.push(chunk as Buffer);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
  const request = new HttpRequest({
    method,
    url: url.toString(),
    headers,
    query: Object.fromEntries(url.searchParams),
    params: match.params,
    ...(chunks.length ? { body: { bytes: Buffer.concat(chunks) } } : {}),
  });
  const context = new InvocationContext({
    functionName: match.route.name,
    invocationId: `local-${Date.now().toString(36)}`,
    logHandler: (level, ...args) => {
      if (level === "error" || level === "warning")
        log(`[${match.route.name}] ${level}: ${args.map((a) => (a instanceof Error ? a.stack : String(a))).join(" ")}`);
    },
  });
  const init = await match.route.handler(request, context, services);
  const response = new HttpResponse(init);
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => (out[k] = v));
  send(res, response.status, out, Buffer.from(await response.arrayBuffer()));
}

/**
 * Requests Node's parser refuses before any handler runs (headers above http's maxHeaderSize → 431,
 * anything else unparsable → 400) are still answered in the API's error shape, then the socket closes.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: import("node:stream").Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const body = Buffer.from(JSON.stringify(tooLarge ? errorBody("HEADERS_TOO_LARGE", {}) : errorBody("MALFORMED_REQUEST", {})));
  const head = `HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head), body]));
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer) {
  res.writeHead(status, { "x-content-type-options": "nosniff", ...headers, "content-length": String(body.length) });
  res.end(body);
}

/** The add-in's local origin: https://localhost:<ADDIN_PORT> (where npm start serves it), 3000 when unset. */
export function localAddinOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const port = Number(env.ADDIN_PORT);
  return env.ADDIN_PORT && Number.isInteger(port) && port > 0 && port < 65536
    ? [`https://localhost:${port}`]
    : [...DEFAULT_ALLOWED_ORIGINS];
}
