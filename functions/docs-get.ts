/**
 * GET /api/docs — a Swagger UI page for /api/openapi.json; GET /api/docs/{file} — its assets, served
 * from the installed swagger-ui-dist (no CDN). Public.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { endpoint, errorJson } from "./lib/http";

const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Tech-transfer API 接口文档</title>
<link rel="stylesheet" href="docs/swagger-ui.css"><link rel="icon" href="docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script><script src="docs/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: "openapi.json", dom_id: "#swagger-ui", presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout" });</script>
</body></html>`;

export const docsGet = endpoint(async () => {
  // Relative asset URLs need the trailing-slash-free /api/docs page to resolve under /api/.
  return { status: 200, body: PAGE, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" } };
});

export const docsAssetGet = endpoint(async (req) => {
  const file = req.params.file ?? "";
  const type = ASSETS[file];
  if (!type) return errorJson("NOT_FOUND", { thing: "file" }, { file });
  const dir = path.dirname(require.resolve("swagger-ui-dist/package.json"));
  const bytes = await readFile(path.join(dir, file));
  return { status: 200, body: bytes, headers: { "Content-Type": type, "Cache-Control": "public, max-age=86400" } };
});
