/**
 * A refused cross-origin call explains itself in the pane. The BUILT task pane is served by the add-in
 * server of `npm start` (scripts/serve-addin.ts) on a random, non-default port — https://localhost:<port>
 * (plain http if no certificate can be made) — and pointed at a real local API (another port) whose CORS
 * list does not include that origin. Chromium enforces CORS for real;
 * the pane then says, in Chinese (its default) and English, that the API at X does not allow this origin
 * and to set ALLOWED_ORIGINS. With the origin allowed, the same click succeeds (the control).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { launchChromium } from "../support/browser";
import { startApi, startEmbeddedCosmos, type ApiHandle, type EmbeddedCosmos } from "../../scripts/local-host";
import { signDevToken } from "../../functions/local/dev-key";
import { startAddinServer, type AddinServer } from "../../scripts/serve-addin";
import { DIST, ensureBuilt } from "../addin/support/build";

const STANDIN = readFileSync(join(__dirname, "support", "excel-standin.js"), "utf8");
let PANE_ORIGIN: string;
let addin: AddinServer;

let cosmos: EmbeddedCosmos;
let refusing: ApiHandle;
let allowing: ApiHandle;
let browser: Browser;
let context: BrowserContext;
let token: string;

beforeAll(async () => {
  ensureBuilt();
  const keyDir = mkdtempSync(join(tmpdir(), "tt-cors-key-"));
  cosmos = await startEmbeddedCosmos(0);
  addin = await startAddinServer({ port: 0, root: DIST, log: () => undefined, warn: () => undefined });
  PANE_ORIGIN = addin.url;
  refusing = await startApi({ port: 0, cosmos, devKeyDir: keyDir, log: () => undefined, allowedOrigins: ["https://localhost:3000"] });
  allowing = await startApi({ port: 0, cosmos, devKeyDir: keyDir, log: () => undefined, allowedOrigins: [PANE_ORIGIN] });
  token = await signDevToken({ role: "province", region: "CN-HL", subject: "cn-hl-staff" }, keyDir);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 380, height: 900 }, locale: "zh-CN", ignoreHTTPSErrors: true });
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "appsforoffice.microsoft.com")
      return route.fulfill({ status: 200, contentType: "application/javascript", body: STANDIN });
    // the real add-in server and the real APIs: nothing is faked, the browser applies CORS
    if (url.origin === PANE_ORIGIN || url.hostname === "127.0.0.1") return route.continue();
    return route.abort();
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await addin?.close();
  await refusing?.close();
  await allowing?.close();
  await cosmos?.close();
});

async function refreshAgainst(api: ApiHandle): Promise<string> {
  const page = await context.newPage();
  try {
    const base = new URL(api.url).origin;
    await page.goto(`${PANE_ORIGIN}/taskpane.html?api=${encodeURIComponent(base)}&year=2024`);
    await page.waitForSelector("#gallery-list .fn");
    await page.fill("#dev-token", token);
    await page.click("#use-token");
    await page.waitForFunction(() => /当前用户/.test(document.getElementById("message")!.textContent ?? ""), undefined, {
      timeout: 30_000,
    });
    await page.evaluate(() => (document.getElementById("message")!.textContent = ""));
    await page.click("#refresh-progress");
    await page.waitForFunction(() => (document.getElementById("message")!.textContent ?? "").length > 0, undefined, { timeout: 60_000 });
    return await page.locator("#message").innerText();
  } finally {
    await page.close();
  }
}

test("the API refuses the pane's origin → the pane names the API, the origin and ALLOWED_ORIGINS (not 'Failed to fetch')", async () => {
  const base = new URL(refusing.url).origin;
  const text = await refreshAgainst(refusing);
  expect(text).toContain(`位于 ${base} 的接口不允许来自本加载项来源（${PANE_ORIGIN}）的调用`);
  expect(text).toContain("ALLOWED_ORIGINS");
}, 240_000);

test("control: the API that allows the origin answers the same click", async () => {
  const text = await refreshAgainst(allowing);
  expect(text).not.toContain("ALLOWED_ORIGINS");
  expect(text).toMatch(/已刷新/);
}, 240_000);
