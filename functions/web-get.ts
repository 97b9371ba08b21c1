/**
 * The web page for institutes and provincial staff without the add-in (WPS, LibreOffice, any browser),
 * served by this same Functions app so that it needs no second host and calls the API on its own origin
 * (no CORS): GET /api/web — the page; GET /api/web/{file} — its scripts, from the webpack build
 * (dist/addin/web.html, web.js and its chunks; see webpack.config.js). Public: the page holds no data,
 * every action it takes is an authenticated API call.
 *
 * Why an endpoint and not Azure Static Web Apps: one deployment, one origin, one route table, and the same
 * `npm start` locally (http://localhost:7071/api/web).
 */
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { endpoint, errorJson } from "./lib/http";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".map": "application/json; charset=utf-8",
};

/** dist/addin beside the compiled functions (Azure: dist/functions → dist/addin) or under the working directory. */
export function webRoot(): string | null {
  const candidates = [
    process.env.TT_WEB_ROOT,
    path.resolve(__dirname, "../addin"),
    path.resolve(__dirname, "../dist/addin"),
    path.resolve(process.cwd(), "dist/addin"),
  ];
  return candidates.find((d): d is string => !!d && existsSync(path.join(d, "web.html"))) ?? null;
}

const notBuilt = () => errorJson("WEB_NOT_BUILT", {}, {}, { "Retry-After": "30" });

export const webGet = endpoint(async () => {
  const root = webRoot();
  if (!root) return notBuilt();
  const html = await readFile(path.join(root, "web.html"));
  return {
    status: 200,
    body: html,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-cache",
      // Nothing but this origin: no CDN, no external request (Entra ID sign-in opens its own window).
      "Content-Security-Policy":
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' https://login.microsoftonline.com; frame-src https://login.microsoftonline.com",
      "X-Content-Type-Options": "nosniff",
    },
  };
});

export const webAssetGet = endpoint(async (req) => {
  const file = req.params.file ?? "";
  const type = TYPES[path.extname(file)];
  // One plain file name of the build (no path, no dot-files); only web.* and its numbered/named chunks.
  if (!type || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(file) || file.includes("..")) {
    return errorJson("NOT_FOUND", { thing: "file" }, { file });
  }
  const root = webRoot();
  if (!root) return notBuilt();
  try {
    const bytes = await readFile(path.join(root, file));
    return {
      status: 200,
      body: bytes,
      headers: { "Content-Type": type, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" },
    };
  } catch {
    return errorJson("NOT_FOUND", { thing: "file" }, { file });
  }
});
