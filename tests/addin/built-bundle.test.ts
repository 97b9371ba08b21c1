/**
 * The BUILT add-in (dist/addin, production build) in headless Chromium: a page that provides
 * CustomFunctions.associate (Office.js absent) loads functions.js; every function id of the generated
 * functions.json must be associated, and named cases through the Excel names must give the engine's exact
 * results — ranges spilling, errors mapping to the right Excel error with the right message, and the
 * live actuals batched into one request. Also checks the bundle's size and contents and the zh-CN metadata.
 *
 * Needs Debian's chromium (apt-get install -y chromium); skipped, saying why, when it is absent.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, launchChromium } from "../support/browser";
import { ensureBuilt, DIST } from "./support/build";
import { startProgressServer, type ProgressServer } from "./support/progress-server";
import {
  techSubsidy,
  transferInstitutionReward,
  incomeShare,
  insuranceCompensation,
  inventorEquity,
  seedInvestmentReward,
  listingAward,
  type PolicyError,
} from "@tt/engine";

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`built-bundle browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
const browserTest = haveChromium ? test : test.skip;

const DATE = "2024-06-01";

/** Stand-in for the Excel runtime: records associations; CustomFunctions.Error as Excel's shape. */
const TEST_PAGE = `<!doctype html><meta charset="utf-8"><title>TT functions under test</title>
<script>
  window.associated = {};
  class CustomFunctionsError { constructor(code, message) { this.code = code; this.message = message; } }
  window.CustomFunctions = {
    associate: (id, fn) => { window.associated[id] = fn; },
    Error: CustomFunctionsError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
  };
  window.__techTransferAddinState = { apiBaseUrl: location.origin, language: "en" };
</script>
<script src="/functions.js"></script>`;

let server: ProgressServer;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  ensureBuilt();
  server = await startProgressServer(DIST, { "/test.html": TEST_PAGE });
  if (!haveChromium) return;
  browser = await launchChromium();
  page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/test.html`);
  await page.waitForFunction(() => Object.keys((window as unknown as { associated: object }).associated).length > 0);
  expect(errors).toEqual([]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Call TT.<id>(...args) in the page like Excel would; errors come back as {error, message}. */
async function call(id: string, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(
    async ([fid, fargs]) => {
      const w = window as unknown as {
        associated: Record<string, (...a: unknown[]) => unknown>;
        CustomFunctions: { Error: new () => object };
      };
      const out = await w.associated[fid as string]!(...(fargs as unknown[]));
      const plain = (v: unknown): unknown =>
        v instanceof w.CustomFunctions.Error
          ? { error: (v as { code: string }).code, message: (v as { message: string }).message }
          : Array.isArray(v)
            ? v.map(plain)
            : v;
      return plain(out);
    },
    [id, args] as const,
  );
}

const engineMessage = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as PolicyError).text.en;
  }
  throw new Error("expected the engine to fail");
};

describe("the built bundle", () => {
  test("functions.js is under the 150 KB budget and does not contain zod", () => {
    const js = readFileSync(join(DIST, "functions.js"), "utf8");
    expect(statSync(join(DIST, "functions.js")).size).toBeLessThan(150_000);
    expect(js).not.toMatch(/zod|ZodError/);
  });

  test("functions-zh-cn.json has the same functions and parameters, described in Chinese", () => {
    const en = JSON.parse(readFileSync(join(DIST, "functions.json"), "utf8"));
    const zh = JSON.parse(readFileSync(join(DIST, "functions-zh-cn.json"), "utf8"));
    type F = { id: string; name: string; description: string; parameters: { name: string; description: string }[] };
    expect(zh.functions.map((f: F) => [f.id, f.name, f.parameters.length])).toEqual(
      en.functions.map((f: F) => [f.id, f.name, f.parameters.length]),
    );
    for (const f of zh.functions as F[]) {
      expect(f.description).toMatch(/[\u4e00-\u9fff]/);
      for (const p of f.parameters) {
        expect(p.description).toMatch(/[\u4e00-\u9fff]/);
        expect([f.id, p.name]).toEqual([f.id, expect.stringMatching(/^[\u4e00-\u9fff（）]+$/)]); // 金额, 地区 … never amount, region
      }
    }
  });

  test("taskpane.html loads both bundles (shared runtime)", () => {
    const html = readFileSync(join(DIST, "taskpane.html"), "utf8");
    expect(html).toMatch(/functions\.js/);
    expect(html).toMatch(/taskpane\.js/);
    expect(html).toMatch(/office\.js/);
  });
});

describe("the built bundle in headless Chromium", () => {
  browserTest("every function id in functions.json is associated", async () => {
    const ids = (JSON.parse(readFileSync(join(DIST, "functions.json"), "utf8")).functions as { id: string }[]).map((f) => f.id).sort();
    const associated = await page.evaluate(() => Object.keys((window as unknown as { associated: object }).associated).sort());
    expect(associated).toEqual(ids);
    expect(ids).toEqual(expect.arrayContaining(["TECHSUBSIDY", "TARGET", "TARGETGAP", "PROGRESS", "EXPLAIN"]));
  });

  browserTest("named cases give the engine's exact results", async () => {
    expect(await call("TECHSUBSIDY", [[800000]], null, null, null, null)).toEqual([[240000]]);
    expect(await call("TARGET", [[2024]], null, null)).toEqual([[80]]);
    expect(await call("TARGETGAP", [[2024]], [[55]], null, null)).toEqual([[25]]);
    expect(await call("STILLNEEDED", [[2023]], [[130]], null, null)).toEqual([[80, 90, 100]]); // the schedule survives the bundle loader
    const n = (r: { amount: { toNumber(): number } }) => r.amount.toNumber();
    expect(await call("TECHSUBSIDY", [[1500000]], "河北", "受让方", "京津", DATE)).toEqual([
      [n(techSubsidy({ amount: 1500000, region: "CN-HE", source: "BJ", date: DATE }))],
    ]);
    expect(await call("TRANSFERREWARD", [[40000000]], 2, null, DATE)).toEqual([
      [n(transferInstitutionReward({ paidTotal: 40000000, rank: 2, date: DATE }))],
    ]);
    expect(await call("INCOMESHARE", [[1000000]], "contributors", null, DATE)).toEqual([
      [n(incomeShare({ income: 1000000, party: "contributors", date: DATE }))],
    ]);
    expect(await call("INSURANCECOMP", [[50000]], 2, null, DATE)).toEqual([
      [n(insuranceCompensation({ premium: 50000, termYears: 2, date: DATE }))],
    ]);
    expect(await call("INVENTOREQUITY", [[1000]], null, DATE)).toEqual([[n(inventorEquity({ equity: 1000, date: DATE }))]]);
    expect(await call("SEEDINVESTREWARD", [[2000000]], "CN-HE", DATE)).toEqual([
      [n(seedInvestmentReward({ invested: 2000000, region: "CN-HE", date: DATE }))],
    ]);
    const r = listingAward({ region: "CN-HE", date: DATE }).range!;
    expect(await call("LISTINGAWARD", [["min", "max"]], "CN-HE", DATE)).toEqual([[r.min.toNumber(), r.max.toNumber()]]);
  });

  browserTest("a range spills in the same shape; a bad cell is #VALUE! with the engine's message in that cell only", async () => {
    const amounts = [[800000], ["abc"], [300000], [5000000]];
    const out = (await call("TECHSUBSIDY", amounts, "CN-HL", "buyer", "", DATE)) as unknown[][];
    expect(out).toEqual([[240000], [{ error: "#VALUE!", message: engineMessage(() => techSubsidy({ amount: "abc" })) }], [0], [1000000]]);
  });

  browserTest("one call over 50,000 rows (A2:A50001) spills 50,000 exact results, fast", async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => [i * 40]);
    const { ms, out } = await page.evaluate(
      async ([data, date]) => {
        const w = window as unknown as { associated: Record<string, (...a: unknown[]) => unknown[][]> };
        const t0 = performance.now();
        const result = w.associated.TECHSUBSIDY!(data, "CN-HL", "buyer", "", date);
        return { ms: performance.now() - t0, out: result.map((r) => r[0] as number) };
      },
      [rows, DATE] as const,
    );
    expect(out).toHaveLength(50_000);
    for (let i = 0; i < rows.length; i += 997) expect(out[i]).toBe(techSubsidy({ amount: rows[i]![0], date: DATE }).amount.toNumber());
    expect(ms).toBeLessThan(10_000);
  });

  browserTest("errors: no such rule → #N/A naming what exists; unknown region → #VALUE!; Chinese when the UI is Chinese", async () => {
    const [[noRule]] = (await call("TECHSUBSIDY", [[800000]], "CN-HE", "seller", "", DATE)) as [[{ error: string; message: string }]];
    expect(noRule).toEqual({
      error: "#N/A",
      message: engineMessage(() => techSubsidy({ amount: 800000, region: "CN-HE", role: "seller", date: DATE })),
    });
    const [[region]] = (await call("TECHSUBSIDY", [[800000]], "Shanghai", "", "", DATE)) as [[{ error: string }]];
    expect(region!.error).toBe("#VALUE!");
    await page.evaluate(() => (window as unknown as { TTAddin: { setLanguage(l: string): void } }).TTAddin.setLanguage("zh"));
    try {
      const [[zh]] = (await call("TECHSUBSIDY", [["abc"]], "CN-HL", "buyer", "", DATE)) as [[{ error: string; message: string }]];
      expect(zh!.message).toContain("应为数字金额");
    } finally {
      await page.evaluate(() => (window as unknown as { TTAddin: { setLanguage(l: string): void } }).TTAddin.setLanguage("en"));
    }
  });

  browserTest('EXPLAIN("TECHSUBSIDY", 800000, "CN-HL") spills the engine\'s trace with a header row', async () => {
    const rows = (await call("EXPLAIN", "TECHSUBSIDY", [800000, "CN-HL", null, null, DATE])) as unknown[][];
    const engine = techSubsidy({ amount: 800000, region: "CN-HL", date: DATE });
    expect(rows[0]).toEqual(["Step", "Value", "Clause"]);
    expect(rows.slice(1, 1 + engine.steps.length)).toEqual(engine.steps.map((s) => [s.en, Number(s.value), s.clause ?? ""]));
    expect(rows[rows.length - 1]).toEqual(["Result", 240000, `Rules version ${engine.rulesVersion}`]);
    // the quoted clause is not in functions.js: it is fetched once from policy-quotes.json beside it
    const quote = engine.parameters.find((p) => p.id === "cn-hl.tech-subsidy.buyer.rate")!.reference.quote;
    expect(rows.map((r) => r[0])).toContain(`Clause: “${quote}”`);
    expect(
      rows.some((r) => String(r[0]).startsWith("Basis: 《黑龙江省技术转移体系建设实施方案》（黑政发〔2017〕16号） part 二, item (四)")),
    ).toBe(true);
    expect(readFileSync(join(DIST, "functions.js"), "utf8")).not.toContain(quote);
  });

  browserTest("500 cells asking for the live actual make ONE request; a failing server makes all 500 #N/A with the reason", async () => {
    server.requests.length = 0;
    const run = () =>
      page.evaluate(async () => {
        const w = window as unknown as {
          associated: Record<string, (...a: unknown[]) => Promise<unknown[][]>>;
          TTAddin: { clearLiveCache(): void };
        };
        w.TTAddin.clearLiveCache();
        const out = await Promise.all(Array.from({ length: 500 }, () => w.associated.TARGETGAP!([[2024]], null, null, null)));
        return (out as [[unknown]][]).map(([[c]]) =>
          typeof c === "number" ? c : `${(c as { code: string }).code} ${(c as { message: string }).message}`,
        );
      });
    const ok = await run();
    expect(server.requests).toHaveLength(1);
    expect(new Set(ok)).toEqual(new Set([25]));

    server.mode = "http-500";
    try {
      const failed = await run();
      expect(server.requests).toHaveLength(2);
      expect(failed).toHaveLength(500);
      expect(failed.every((c) => typeof c === "string" && c.startsWith("#N/A") && c.includes("HTTP 500"))).toBe(true);
    } finally {
      server.mode = "ok";
    }
  });
});
