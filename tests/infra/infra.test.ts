/**
 * The infrastructure, checked offline:
 *   1. infra/main.json is a valid ARM deployment template: ajv (draft-04) against the vendored schemas in
 *      infra/schemas/ (subsets of Microsoft's published ones, see the README there);
 *   2. it declares what the code needs, read FROM THE CODE (so a container or setting added elsewhere
 *      fails here until the infrastructure has it): every container, partition key and indexing policy of
 *      functions/lib/repository.ts CONTAINERS, every environment variable read under functions/ (outside
 *      functions/local/, which only the local host runs) as a Function App setting and in
 *      functions/local.settings.sample.json, the Node major of package.json engines as the runtime, and
 *      the CORS origins;
 *   3. the settings the local host and scripts read are documented in README.md;
 *   4. host.json is at the app root, where `func start` and the deployment package expect it.
 * Each check is also run against a copy with one thing removed, and must fail there.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv-draft-04";
import { CONTAINERS } from "../../functions/lib/repository";
import { DEFAULT_ALLOWED_ORIGINS } from "../../functions/lib/cors";

const ROOT = path.resolve(__dirname, "../..");
const read = (p: string) => readFileSync(path.join(ROOT, p), "utf8");
const TEMPLATE = JSON.parse(read("infra/main.json"));

type Json = any;

/** ajv with every vendored schema registered under its own id. */
function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const dir = path.join(ROOT, "infra/schemas");
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "deploymentTemplate.json"))
    ajv.addSchema(JSON.parse(readFileSync(path.join(dir, f), "utf8")));
  return ajv.compile(JSON.parse(readFileSync(path.join(dir, "deploymentTemplate.json"), "utf8")));
}

/** Every `env.NAME` / `process.env.NAME` / `env["NAME"]` in the .ts/.js files under `dir` (recursively). */
export function envReads(dir: string, exclude: (file: string) => boolean = () => false): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const file = path.join(d, name);
      if (statSync(file).isDirectory()) {
        if (name !== "node_modules" && name !== "generated") walk(file);
        continue;
      }
      if (!/\.(ts|js)$/.test(name) || exclude(file)) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)\b|\benv\[\s*["']([A-Z][A-Z0-9_]+)["']\s*\]/g)) {
        const key = (m[1] ?? m[2])!;
        found.set(key, [...(found.get(key) ?? []), path.relative(ROOT, file)]);
      }
    }
  };
  walk(path.join(ROOT, dir));
  return found;
}

/**
 * Read by the code but deliberately NOT set in Azure, with the reason. (Everything else the functions read
 * must be an app setting.)
 */
const NOT_IN_AZURE: Record<string, string> = {
  COSMOS_KEY: "Azure uses the managed identity (disableLocalAuth: true); the key is for other accounts only",
};

/** The build settings webpack.config.js reads (PORT, ADDIN_PORT, API_BASE_URL, ADDIN_PUBLIC_URL, …). */
function webpackEnvReads(): Map<string, string[]> {
  const text = read("webpack.config.js");
  return new Map([...text.matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)\b/g)].map((m) => [m[1]!, ["webpack.config.js"]]));
}

const isLocal = (file: string) => file.includes(`${path.sep}functions${path.sep}local${path.sep}`);
/** Settings the deployed Function App reads. */
const APP_SETTINGS_READ = envReads("functions", isLocal);
/** Settings only the local host (functions/local) and the scripts read. */
const LOCAL_SETTINGS_READ = new Map([
  ...envReads("functions/local"),
  ...envReads("scripts"),
  ...envReads("addin/build"),
  ...webpackEnvReads(),
]);

const resources = (t: Json): Json[] => t.resources;
const byType = (t: Json, type: string) => resources(t).filter((r) => r.type === type);
const site = (t: Json) => byType(t, "Microsoft.Web/sites")[0];

/** What the infrastructure `t` lacks compared with the code: one line per problem (empty = complete). */
export function missingFromInfra(t: Json): string[] {
  const problems: string[] = [];
  const containers = byType(t, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers").map((r) => r.properties.resource);
  for (const [id, def] of Object.entries(CONTAINERS)) {
    const c = containers.find((x) => x.id === id);
    if (!c) {
      problems.push(`container ${id} is not declared`);
      continue;
    }
    if (JSON.stringify(c.partitionKey?.paths) !== JSON.stringify(def.partitionKey.paths))
      problems.push(
        `container ${id}: partition key ${JSON.stringify(c.partitionKey?.paths)} ≠ code ${JSON.stringify(def.partitionKey.paths)}`,
      );
    const paths = (xs: { path: string }[] | undefined) => JSON.stringify((xs ?? []).map((p) => p.path).sort());
    if (paths(c.indexingPolicy?.includedPaths) !== paths(def.indexingPolicy.includedPaths))
      problems.push(`container ${id}: included index paths differ from the code`);
    if (paths(c.indexingPolicy?.excludedPaths) !== paths(def.indexingPolicy.excludedPaths))
      problems.push(`container ${id}: excluded index paths differ from the code`);
  }
  const s = site(t);
  if (!s) return [...problems, "no Function App (Microsoft.Web/sites)"];
  const settings: { name: string; value: string }[] = s.properties.siteConfig.appSettings ?? [];
  for (const [name, files] of APP_SETTINGS_READ) {
    if (name in NOT_IN_AZURE) continue;
    if (!settings.some((x) => x.name === name)) problems.push(`setting ${name} (read in ${files.join(", ")}) is not an app setting`);
  }
  return problems;
}

describe("infra/main.json against the vendored ARM schemas", () => {
  const validate = validator();

  test("validates", () => {
    const ok = validate(TEMPLATE);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test.each([
    [
      "a misspelt Cosmos property",
      (t: Json) => (byType(t, "Microsoft.DocumentDB/databaseAccounts")[0].properties.disableLocalAuthh = true),
    ],
    ["an API version the schema does not know", (t: Json) => (site(t).apiVersion = "2023-12-02")],
    [
      "a bad consistency level",
      (t: Json) =>
        (byType(t, "Microsoft.DocumentDB/databaseAccounts")[0].properties.consistencyPolicy.defaultConsistencyLevel = "Sometimes"),
    ],
    ["no contentVersion", (t: Json) => delete t.contentVersion],
    [
      "a partition key that is not a list",
      (t: Json) =>
        (byType(t, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")[0].properties.resource.partitionKey.paths = 3),
    ],
    ["an unknown top-level key", (t: Json) => (t.resource = [])],
  ])("a copy with %s does not validate", (_what, breakIt) => {
    const copy = structuredClone(TEMPLATE);
    breakIt(copy);
    expect(validate(copy)).toBe(false);
  });
});

describe("the infrastructure declares what the code uses (lists read from the code)", () => {
  test("the code reads the settings this test expects to find (the scan works)", () => {
    expect([...APP_SETTINGS_READ.keys()]).toEqual(
      expect.arrayContaining(["COSMOS_ENDPOINT", "COSMOS_DATABASE", "AUTH_JWKS_URL", "ALLOWED_ORIGINS"]),
    );
    expect(Object.keys(CONTAINERS).length).toBeGreaterThanOrEqual(5);
  });

  test("every container, partition key, indexing policy and setting is declared", () => {
    expect(missingFromInfra(TEMPLATE)).toEqual([]);
  });

  test.each(Object.keys(CONTAINERS))("removing container %s from the infrastructure is caught", (id) => {
    const copy = structuredClone(TEMPLATE);
    copy.resources = copy.resources.filter((r: Json) => r.properties?.resource?.id !== id || !r.type.endsWith("/containers"));
    expect(missingFromInfra(copy)).toEqual([`container ${id} is not declared`]);
  });

  test("changing a partition key is caught", () => {
    const copy = structuredClone(TEMPLATE);
    byType(copy, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")[0].properties.resource.partitionKey.paths = [
      "/somethingElse",
    ];
    expect(missingFromInfra(copy).join("\n")).toMatch(/partition key/);
  });

  test.each([...APP_SETTINGS_READ.keys()].filter((k) => !(k in NOT_IN_AZURE)))(
    "removing setting %s from the Function App is caught",
    (name) => {
      const copy = structuredClone(TEMPLATE);
      const s = site(copy).properties.siteConfig;
      s.appSettings = s.appSettings.filter((x: Json) => x.name !== name);
      expect(missingFromInfra(copy)).toEqual([expect.stringContaining(`setting ${name} `)]);
    },
  );

  test("every setting the functions read is in functions/local.settings.sample.json", () => {
    const sample = JSON.parse(read("functions/local.settings.sample.json")).Values as Record<string, string>;
    expect([...APP_SETTINGS_READ.keys()].filter((k) => !(k in sample))).toEqual([]);
  });

  test("every setting the local host and scripts read is documented in README.md", () => {
    const readme = read("README.md");
    expect([...LOCAL_SETTINGS_READ.keys()].filter((k) => !readme.includes(k))).toEqual([]);
    expect([...LOCAL_SETTINGS_READ.keys()]).toEqual(expect.arrayContaining(["PORT", "ADDIN_PORT"]));
  });

  test("the Function App runs Functions v4 on the Node major of package.json engines", () => {
    const engines = JSON.parse(read("package.json")).engines.node as string;
    const major = /(\d+)/.exec(engines)![1];
    const s = site(TEMPLATE);
    expect(s.kind).toContain("functionapp");
    expect(s.properties.siteConfig.linuxFxVersion).toBe(`Node|${major}`);
    const settings = Object.fromEntries(s.properties.siteConfig.appSettings.map((x: Json) => [x.name, x.value]));
    expect(settings).toMatchObject({
      FUNCTIONS_EXTENSION_VERSION: "~4",
      FUNCTIONS_WORKER_RUNTIME: "node",
      WEBSITE_NODE_DEFAULT_VERSION: `~${major}`,
    });
    expect(JSON.parse(read("package.json")).dependencies["@azure/functions"]).toMatch(/^4\./);
  });

  test("CORS: the platform list and ALLOWED_ORIGINS are the same parameter, defaulting to the code's default origins", () => {
    const s = site(TEMPLATE);
    expect(s.properties.siteConfig.cors).toEqual({ allowedOrigins: "[parameters('allowedOrigins')]", supportCredentials: false });
    const settings = Object.fromEntries(s.properties.siteConfig.appSettings.map((x: Json) => [x.name, x.value]));
    expect(settings.ALLOWED_ORIGINS).toBe("[join(parameters('allowedOrigins'), ',')]");
    expect(TEMPLATE.parameters.allowedOrigins.defaultValue).toEqual([...DEFAULT_ALLOWED_ORIGINS]);
    const sample = JSON.parse(read("functions/local.settings.sample.json"));
    expect(sample.Host.CORS.split(",")).toEqual([...DEFAULT_ALLOWED_ORIGINS]);
  });

  test("no account key reaches the app: local auth is off and the identity has the data-plane role", () => {
    expect(byType(TEMPLATE, "Microsoft.DocumentDB/databaseAccounts")[0].properties.disableLocalAuth).toBe(true);
    const settings = site(TEMPLATE).properties.siteConfig.appSettings.map((x: Json) => x.name);
    expect(settings).not.toContain("COSMOS_KEY");
    const role = byType(TEMPLATE, "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments")[0];
    expect(role.properties.roleDefinitionId).toContain("00000000-0000-0000-0000-000000000002");
  });
});

describe("host.json", () => {
  test("is at the app root, beside package.json (whose main is the functions entry), as func start expects", () => {
    const host = JSON.parse(read("host.json"));
    expect(host.version).toBe("2.0");
    expect(host.extensions.http.routePrefix).toBe("api");
    expect(host.extensionBundle.id).toBe("Microsoft.Azure.Functions.ExtensionBundle");
    expect(JSON.parse(read("package.json")).main).toBe("dist/functions/index.js");
  });
});
