// @ts-check
/**
 * Lint: typescript-eslint's recommended rules, prettier for layout (eslint-config-prettier turns off the
 * stylistic rules), and the package boundaries:
 *   packages/engine    no Node built-ins, no DOM-only or Node-only libraries, no zod at run time, nothing above it
 *   packages/contract  browser-safe: no Node built-ins, no exceljs, nothing above it
 *   packages/workbook  browser-safe outside src/node/; exceljs only in src/node/
 *   addin/             never functions/, Node built-ins or exceljs; shared code only through @tt/* package names
 *   functions/         never addin/; shared code only through @tt/* package names
 * `tsc -b` enforces the same from the other side (each project sees only what it references).
 */
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

const NODE = { group: ["node:*"], message: "Node built-ins are not available here (browser-safe package)." };
const DEEP = {
  group: ["**/packages/*/src/**", "**/packages/*/tools/**", "**/shared/src/**"],
  message: "Reach shared code through its package name (@tt/engine, @tt/contract, @tt/workbook), never by path.",
};
const restrict = (...patterns) => ["error", { patterns }];

export default tseslint.config(
  {
    ignores: ["node_modules/", "dist/", "build/", "coverage/", "packages/engine/src/generated/", "**/*.js", "!eslint.config.mjs"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["packages/engine/src/**/*.ts"],
    ignores: ["packages/engine/src/policy/file-schema.ts", "packages/engine/src/policy/document-schema.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(
        NODE,
        { group: ["zod"], allowTypeImports: true, message: "No zod at run time in the engine (types only)." },
        {
          group: ["exceljs", "@azure/*", "@tt/contract", "@tt/workbook", "@tt/contract/*", "@tt/workbook/*"],
          message: "The engine imports nothing above it.",
        },
        { group: ["**/file-schema"], allowTypeImports: true, message: "The zod file schema is a build-time tool: import its types only." },
      ),
    },
  },
  {
    files: ["packages/contract/src/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(NODE, {
        group: ["exceljs", "@azure/*", "@tt/workbook", "@tt/workbook/*"],
        message: "The contract is browser-safe and imports only the engine.",
      }),
    },
  },
  {
    files: ["packages/workbook/src/**/*.ts"],
    ignores: ["packages/workbook/src/node/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(NODE, {
        group: ["exceljs", "@azure/*"],
        message: "exceljs and Azure only in packages/workbook/src/node/.",
      }),
    },
  },
  {
    files: ["addin/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(
        NODE,
        DEEP,
        {
          // The cloud API's folders (the add-in has a functions/ folder of its own: its custom functions).
          group: [
            "**/functions/lib/**",
            "**/functions/local/**",
            "**/functions/routes",
            "**/functions/index",
            "**/functions/*-get",
            "**/functions/*-post",
            "**/functions/*-put",
          ],
          message: "The add-in runs in Excel: it may not import the cloud API (functions/).",
        },
        {
          group: ["exceljs", "@azure/functions", "@azure/cosmos", "@azure/identity", "@tt/workbook/node"],
          message: "The add-in runs in Excel: no Node-only libraries.",
        },
      ),
    },
  },
  {
    // The custom functions' bundle has a size budget (150 KB): no zod there. The task pane may validate with it.
    files: ["addin/functions/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(
        NODE,
        DEEP,
        {
          group: ["exceljs", "@azure/functions", "@azure/cosmos", "@azure/identity", "@tt/workbook/node"],
          message: "The add-in runs in Excel: no Node-only libraries.",
        },
        {
          regex: "^(zod|@tt/contract)$",
          allowTypeImports: true,
          message: "Keep zod out of the custom functions bundle: types only from @tt/contract; values from @tt/contract/client.",
        },
      ),
    },
  },
  {
    files: ["functions/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(DEEP, {
        group: ["**/addin/**"],
        message: "The cloud API may not import the add-in.",
      }),
    },
  },
  {
    files: ["tests/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off", "@typescript-eslint/no-explicit-any": "off" },
  },
);
