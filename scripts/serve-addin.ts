/**
 * Serves the built add-in (dist/addin) at https://localhost:3000/ for sideloading, with the
 * office-addin-dev-certs certificates (~/.office-addin-dev-certs). Certificates are generated when
 * missing but NOT installed into the trust store (that needs admin rights, which this script never asks
 * for): when the CA is not trusted it says so plainly and how to fix it. When no certificate can be made
 * at all it falls back to plain HTTP, loudly (Excel will not load an add-in over HTTP).
 *
 *   import { startAddinServer } from "./serve-addin";  await startAddinServer({ port: 3000 });
 *   npx tsx scripts/serve-addin.ts [port]
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:net";
import type * as DevCertsModule from "office-addin-dev-certs";

type DevCerts = typeof DevCertsModule;

export interface AddinServerOptions {
  /** Default 3000 (the port in manifest.xml); 0 picks a free port. */
  port?: number;
  host?: string;
  /** Folder to serve; default dist/addin. */
  root?: string;
  /** Where the certificates live; default office-addin-dev-certs' own folder (~/.office-addin-dev-certs). */
  certificateDirectory?: string;
  /** Print progress and warnings (default console.log / console.warn). */
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

export interface AddinServer {
  url: string;
  protocol: "https" | "http";
  /** True when the CA is in the system trust store (Excel will accept the certificate). */
  trusted: boolean;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

type Certificates = { key: Buffer; cert: Buffer; ca: Buffer };

async function certificates(dir: string | undefined, log: (s: string) => void): Promise<Certificates> {
  const devCerts = require("office-addin-dev-certs") as DevCerts;
  const defaults = require("office-addin-dev-certs/lib/defaults") as {
    caCertificatePath: string;
    localhostCertificatePath: string;
    localhostKeyPath: string;
  };
  const paths = dir
    ? { ca: join(dir, "ca.crt"), cert: join(dir, "localhost.crt"), key: join(dir, "localhost.key") }
    : { ca: defaults.caCertificatePath, cert: defaults.localhostCertificatePath, key: defaults.localhostKeyPath };
  const usable = [paths.ca, paths.cert, paths.key].every(existsSync) && devCerts.verifyCertificates(paths.cert, paths.key);
  if (!usable) {
    log(`Generating development certificates in ${resolve(paths.cert, "..")} (not installing them) …`);
    await devCerts.generateCertificates(paths.ca, paths.cert, paths.key);
  }
  return { ca: readFileSync(paths.ca), cert: readFileSync(paths.cert), key: readFileSync(paths.key) };
}

function caTrusted(): boolean {
  try {
    const devCerts = require("office-addin-dev-certs") as DevCerts;
    return devCerts.isCaCertificateInstalled();
  } catch {
    return false; // the check itself needs tools (certutil / security / update-ca-certificates) that may be absent
  }
}

function handler(root: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Cache-Control", "no-store");
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    const file = normalize(join(root, path === "/" ? "taskpane.html" : path));
    if (!file.startsWith(root) || (req.method !== "GET" && req.method !== "HEAD")) return void res.writeHead(404).end();
    readFile(file).then(
      (data) =>
        res
          .writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" })
          .end(req.method === "HEAD" ? undefined : data),
      () => res.writeHead(404, { "Content-Type": "text/plain" }).end(`not found: ${path}`),
    );
  };
}

export async function startAddinServer(options: AddinServerOptions = {}): Promise<AddinServer> {
  const port = options.port ?? 3000;
  const host = options.host ?? "localhost";
  const root = resolve(options.root ?? join(__dirname, "..", "dist", "addin"));
  const log = options.log ?? ((s: string) => console.log(s));
  const warn = options.warn ?? ((s: string) => console.warn(s));
  if (!existsSync(join(root, "functions.js")))
    warn(`${root} has no functions.js: run \`npx webpack --mode production\` (npm run build) first.`);

  let server: Server;
  let protocol: "https" | "http" = "https";
  let trusted = false;
  try {
    const certs = await certificates(options.certificateDirectory, log);
    server = createHttpsServer({ key: certs.key, cert: certs.cert, ca: certs.ca }, handler(root));
    trusted = caTrusted();
    if (!trusted) {
      warn(
        [
          "The development certificate is NOT trusted on this machine, so Excel will not load the add-in from",
          "https://localhost until its CA is installed. On a machine where you have admin rights, run:",
          "    npx office-addin-dev-certs install",
          "(then restart Excel). The server is running anyway; browsers will show a certificate warning.",
        ].join("\n"),
      );
    }
  } catch (e) {
    protocol = "http";
    server = createHttpServer(handler(root));
    warn(
      [
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        `!! Could not create development certificates: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
        "!! Serving over plain HTTP. Excel only loads add-ins over HTTPS, so sideloading will",
        "!! NOT work until certificates exist: run `npx office-addin-dev-certs install`.",
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
      ].join("\n"),
    );
  }
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok());
  });
  const url = `${protocol}://${host}:${(server.address() as AddressInfo).port}`;
  log(`Add-in served from ${root} at ${url}/ (manifest: dist/manifest.xml)`);
  return {
    url,
    protocol,
    trusted,
    close: () =>
      new Promise<void>((ok) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

if (require.main === module) {
  startAddinServer({ port: Number(process.argv[2] ?? 3000) }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
