/**
 * `npm run build:functions`: the deployable Azure Functions app, `dist/functions/index.js` (package.json
 * `main`, which the Functions host loads), bundled by esbuild from functions/index.ts with the workspace
 * packages (@tt/engine, @tt/contract, @tt/workbook: TypeScript sources) compiled in. Third-party
 * dependencies stay external: they are installed beside the app by `npm ci --omit=dev` in the deployment
 * (piscina must be, since it starts threads from its own files).
 *
 * Beside it: the workbook reader thread (read-pool.ts starts `read-worker-entry.js` from its own folder,
 * which loads the compiled `read-worker.js` found next to it, so no TypeScript loader is needed in Azure).
 * `dist/addin` (the web page, built by webpack) sits beside `dist/functions`, where functions/web-get.ts
 * looks for it.
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { build, type BuildOptions } from "esbuild";

const root = path.resolve(__dirname, "..");
const out = path.join(root, "dist", "functions");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith("@tt/"));

const common: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external,
  sourcemap: true,
  logLevel: "warning",
  absWorkingDir: root,
};

async function main() {
  mkdirSync(out, { recursive: true });
  await build({ ...common, entryPoints: ["functions/index.ts"], outfile: path.join(out, "index.js") });
  await build({ ...common, entryPoints: ["packages/workbook/src/node/read-worker.ts"], outfile: path.join(out, "read-worker.js") });
  copyFileSync(path.join(root, "packages/workbook/src/node/read-worker-entry.js"), path.join(out, "read-worker-entry.js"));
  console.log(`functions: ${path.relative(root, out)}/index.js and the workbook reader thread (read-worker.js)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
