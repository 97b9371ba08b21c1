/**
 * The package boundaries fail the lint (eslint.config.mjs) and the type check (each tsconfig sees only what it
 * references). Each case lints one line of code as if it were a file at the given path.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

function lint(filePath: string, code: string): string {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "eslint", "bin", "eslint.js"), "--stdin", "--stdin-filename", filePath],
    {
      cwd: ROOT,
      input: code,
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return `${r.stdout}${r.stderr}`;
}

const refused: [string, string, RegExp][] = [
  ["packages/engine/src/x.ts", 'import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n', /Node built-ins/],
  ["packages/engine/src/x.ts", 'import { z } from "zod";\nexport const s = z.string();\n', /No zod at run time/],
  ["packages/engine/src/x.ts", 'import { submission } from "@tt/contract";\nexport const s = submission;\n', /imports nothing above it/],
  ["packages/contract/src/x.ts", 'import ExcelJS from "exceljs";\nexport const w = ExcelJS;\n', /browser-safe/],
  ["packages/workbook/src/x.ts", 'import ExcelJS from "exceljs";\nexport const w = ExcelJS;\n', /only in packages\/workbook\/src\/node/],
  [
    "addin/taskpane/x.ts",
    'import { ApiError } from "../../functions/lib/http";\nexport const e = ApiError;\n',
    /may not import the cloud API/,
  ],
  [
    "addin/functions/x.ts",
    'import { submission } from "@tt/contract";\nexport const s = submission;\n',
    /Keep zod out of the custom functions bundle/,
  ],
  [
    "addin/taskpane/x.ts",
    'import { techSubsidy } from "../../packages/engine/src/rules/tech-subsidy";\nexport const t = techSubsidy;\n',
    /through its package name/,
  ],
  ["functions/x.ts", 'import { apiClient } from "../addin/taskpane/taskpane";\nexport const c = apiClient;\n', /may not import the add-in/],
];

describe("lint refuses an import across a boundary", () => {
  test.each(refused)("%s: %s", (file, code, message) => {
    expect(lint(file, code)).toMatch(message);
  });

  test("and accepts the allowed forms", () => {
    expect(
      lint(
        "addin/taskpane/x.ts",
        'import { createApiClient } from "@tt/contract/client";\nimport type { Submission } from "@tt/contract";\nexport const c: Submission | typeof createApiClient = createApiClient;\n',
      ),
    ).toBe("");
    expect(lint("packages/engine/src/x.ts", 'import type { z } from "zod";\nexport type S = z.ZodString;\n')).toBe("");
  });
});

test("the engine's compiler settings know no Node built-ins", () => {
  const dir = mkdtempSync(join(tmpdir(), "tt-boundary-"));
  writeFileSync(join(dir, "x.ts"), 'import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n');
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: join(ROOT, "packages/engine/tsconfig.json"),
      compilerOptions: { noEmit: true, composite: false, incremental: false, rootDir: dir, typeRoots: [join(ROOT, "node_modules/@types")] },
      include: [join(dir, "x.ts")],
      references: [],
    }),
  );
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(dir, "tsconfig.json")], {
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(r.status).not.toBe(0);
  expect(r.stdout).toMatch(/TS2307: Cannot find module 'node:fs'|TS2591/);
});
