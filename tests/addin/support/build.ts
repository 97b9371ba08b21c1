/**
 * The tests run against the BUILT add-in. CI runs `npm run build` first; locally, when dist/addin is
 * missing or older than its sources, the production build is run here (about 10 s).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../../..");
export const DIST = join(ROOT, "dist", "addin");
const OUTPUTS = ["functions.js", "functions.json", "functions-zh-cn.json", "taskpane.html", "web.html"]
  .map((f) => join(DIST, f))
  .concat(join(ROOT, "dist", "manifest.xml"));
const SOURCES = ["addin", "packages", "scripts/localize-functions.ts", "webpack.config.js", "manifest.xml"].map((p) => join(ROOT, p));

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

export function ensureBuilt(): void {
  const builtAt = Math.min(...OUTPUTS.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  if (builtAt > 0 && builtAt >= Math.max(...SOURCES.map(newest))) return;
  execFileSync(process.execPath, [join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js"), "--mode", "production"], {
    cwd: ROOT,
    stdio: "pipe",
    timeout: 300_000,
    env: { ...process.env, ADDIN_PUBLIC_URL: "" },
  });
  // webpack leaves an unchanged asset (e.g. the HTML pages) as it was: mark the build as fresh, or every
  // test file would rebuild again.
  const now = new Date();
  for (const f of OUTPUTS) if (existsSync(f)) utimesSync(f, now, now);
}
