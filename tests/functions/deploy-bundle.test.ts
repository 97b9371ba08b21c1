/**
 * The deployable app (`npm run build:functions`, scripts/build-functions.ts): package.json `main` must be a
 * file that plain Node loads without TypeScript tooling, registering every route of the table, and the
 * workbook reader thread must run from the compiled file beside it (with the exceljs patch kept: the
 * template's calculated column crashed exceljs without it).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROUTES } from "../../functions/routes";
import { HOSTILE_WORKBOOKS, validWorkbook } from "../../bench/hostile-workbooks";

jest.setTimeout(120_000);
const root = path.resolve(__dirname, "../..");
const main = path.join(root, (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { main: string }).main);

beforeAll(() => {
  if (!existsSync(main)) execFileSync("npx", ["tsx", "scripts/build-functions.ts"], { cwd: root, stdio: "pipe" });
});

/** Runs `code` in a plain `node` (no tsx, no ts-jest) from the repository root; its stdout as JSON. */
function plainNode(code: string, args: string[] = []): any {
  const out = execFileSync(process.execPath, ["-e", code, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

test("package.json main loads in plain Node and registers every route of the table and the sweeper timer", () => {
  const seen = plainNode(`
    const names = [];
    const grab = (...a) => { const m = /register function "([^"]+)"/.exec(a.join(" ")); if (m) names.push(m[1]); };
    console.warn = grab; console.log = grab;
    require(${JSON.stringify(main)});
    process.stdout.write(JSON.stringify(names) + "\\n");
    process.exit(0);
  `);
  expect(seen).toHaveLength(ROUTES.length + 1);
  expect(seen).toContain("rollup-sweeper");
});

test("the compiled reader thread beside it reads the template (calculated column and all) and refuses a hostile workbook", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tt-deploy-"));
  const valid = path.join(dir, "valid.xlsx");
  const hostile = path.join(dir, "hostile.xlsx");
  const bomb = HOSTILE_WORKBOOKS.find((h) => h.name.startsWith("one cell at XFD2"))!;
  writeFileSync(valid, await validWorkbook());
  writeFileSync(hostile, await bomb.build());
  const entry = path.join(path.dirname(main), "read-worker-entry.js");
  expect(existsSync(path.join(path.dirname(main), "read-worker.js"))).toBe(true);
  const answers = plainNode(
    `
    const { Piscina } = require("piscina");
    const fs = require("node:fs");
    const pool = new Piscina({ filename: process.argv[1] });
    (async () => {
      const out = [];
      for (const f of process.argv.slice(2)) {
        const { result } = await pool.run({ bytes: new Uint8Array(fs.readFileSync(f)) });
        out.push({ ok: result.ok, codes: result.ok ? [] : result.issues.map((i) => i.code), id: result.ok ? result.submission.submissionId : null });
      }
      await pool.destroy();
      process.stdout.write(JSON.stringify(out) + "\\n");
    })();
  `,
    [entry, valid, hostile],
  );
  expect(answers[0]).toEqual(expect.objectContaining({ ok: true }));
  expect(answers[0].id).toMatch(/^hostile-/);
  expect(answers[1]).toEqual(expect.objectContaining({ ok: false }));
  expect(answers[1].codes).toContain(bomb.code);
});
