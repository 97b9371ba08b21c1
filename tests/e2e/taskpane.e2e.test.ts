/**
 * The BUILT task pane (dist/addin/taskpane.html + functions.js + taskpane.js) in headless Chromium, with
 * the office.js CDN request answered by a recording Office.js stand-in (support/excel-standin.js), against
 * the real local API and embedded store started in-process. The page is served at the API's own origin
 * (routes intercepted), so no CORS is involved and nothing leaves the machine: any other request fails.
 *
 * An institute inserts the template, types rows (one bad), Check marks the bad cell, it is fixed, Submit
 * stores one document, Submit again stores nothing; provincial staff then Refresh progress and the sheet
 * shows the new actual; screenshots of the pane in Chinese go to docs/screenshots/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { ACHIEVEMENTS, CONTRACTS, META_SHEET, RECEIPTS } from "@tt/workbook";
import { PROGRESS_SHEET } from "@tt/workbook";
import { DIST, ROOT, ensureBuilt } from "../addin/support/build";
import { BAD_ACHIEVEMENTS, BAD_CELL, RECEIPT_ROWS, YEAR, contractRow } from "./support/fixtures";

const SCREENSHOTS = join(ROOT, "docs", "screenshots");
const STANDIN = readFileSync(join(__dirname, "support", "excel-standin.js"), "utf8");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "application/javascript",
  ".json": "application/json",
  ".png": "image/png",
  ".map": "application/json",
};

let api: LocalApi;
let browser: Browser;
let page: Page;
let instituteToken: string;
let provinceToken: string;
const pageErrors: string[] = [];
const blocked: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  api = await startLocalApi();
  instituteToken = await api.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL", subject: "hlj-001-officer" });
  provinceToken = await api.token({ role: "province", region: "CN-HL", subject: "cn-hl-staff" });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 380, height: 1000 }, locale: "zh-CN" });
  const origin = new URL(api.url).origin;
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "appsforoffice.microsoft.com")
      return route.fulfill({ status: 200, contentType: "application/javascript", body: STANDIN });
    if (url.origin === origin && url.pathname.startsWith("/taskpane/")) {
      const file = normalize(join(DIST, url.pathname.slice("/taskpane/".length)));
      if (!file.startsWith(DIST)) return route.fulfill({ status: 404 });
      try {
        return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? "application/octet-stream", body: readFileSync(file) });
      } catch {
        return route.fulfill({ status: 404 });
      }
    }
    if (url.origin === origin && url.pathname.startsWith("/api/")) return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${origin}/taskpane/taskpane.html?api=${encodeURIComponent(origin)}&year=${YEAR}`);
  await page.waitForSelector("#gallery-list .fn");
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const message = () => page.locator("#message").innerText();
async function click(id: string, expected: RegExp): Promise<string> {
  await page.evaluate(() => (document.getElementById("message")!.textContent = ""));
  await page.click(`#${id}`);
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById("message")!.textContent ?? ""), expected.source, {
    timeout: 30_000,
  });
  return message();
}
async function signIn(token: string, who: RegExp) {
  await page.fill("#dev-token", token);
  await click("use-token", /当前用户/);
  expect(await page.locator("#who").innerText()).toMatch(who);
}
const excel = <T>(fn: string, ...args: unknown[]) =>
  page.evaluate(({ fn, args }) => (window as any).__excel[fn](...args), { fn, args }) as Promise<T>;
async function apiGet(path: string, token: string) {
  const r = await fetch(`${api.url}/${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: await r.json() };
}

test("institute: insert template, check marks the bad cell, submit once, submit again changes nothing; province: refresh progress shows the new actual", async () => {
  // Chinese by default, and the gallery comes from the generated metadata.
  expect(await page.locator("h1").innerText()).toBe("技术转移报送与进度");
  expect(await page.locator("#gallery-list .fn").first().innerText()).toMatch(
    /TT\.TECHSUBSIDY[\s\S]*技术交易补助[\s\S]*依据: 黑龙江省：黑政发〔2017〕16号第二部分第（四）项/,
  );
  expect(await page.locator("#naa-state").innerText()).toMatch(/未配置微软帐户登录/);

  await signIn(instituteToken, /hlj-001-officer.*科研机构.*HLJ-001 · CN-HL/);
  expect(await page.isVisible("#institute")).toBe(true);
  expect(await page.isVisible("#province")).toBe(false);

  expect(await click("insert-template", /已插入/)).toMatch(/成果产业化 Achievements/);
  expect(await click("insert-template", /已存在，未重复插入/)).not.toMatch(/已插入/);
  expect(await excel<string>("value", META_SHEET, "B6")).toBe("2.0.0");
  // The year trap: the year box and the sheet's year are one; changing the box rewrites the sheet.
  expect(await excel("value", META_SHEET, "B4")).toBe(YEAR);
  await page.evaluate(() => (document.getElementById("message")!.textContent = ""));
  await page.fill("#year", String(YEAR + 1));
  await page.dispatchEvent("#year", "change");
  await page.waitForFunction(() => /报送年度已改为/.test(document.getElementById("message")!.textContent ?? ""));
  expect(await excel("value", META_SHEET, "B4")).toBe(YEAR + 1);
  await page.fill("#year", String(YEAR));
  await page.dispatchEvent("#year", "change");
  await page.waitForFunction((y) => (document.getElementById("message")!.textContent ?? "").includes(`报送年度已改为 ${y}`), YEAR);
  expect(await excel("value", META_SHEET, "B4")).toBe(YEAR);
  const submissionId = await excel<string>("value", META_SHEET, "B7");
  expect(submissionId).toMatch(/^[0-9a-f-]{36}$/);

  // The officer types the rows; Excel would compute the 预计补助 column (the stand-in does not calculate).
  await excel("fillTable", ACHIEVEMENTS.table, BAD_ACHIEVEMENTS);
  await excel("fillTable", CONTRACTS.table, [contractRow(240000)]);
  await excel("fillTable", RECEIPTS.table, RECEIPT_ROWS);

  expect(await click("check", /行需要处理/)).toMatch(/^1 行需要处理/);
  expect(await excel("cell", ACHIEVEMENTS.sheet, BAD_CELL)).toMatchObject({ fill: "#FFC7CE" });
  expect(await page.evaluate(() => (window as any).__excel.comments)).toEqual([
    { sheet: ACHIEVEMENTS.sheet, cell: BAD_CELL, content: expect.stringMatching(/到账金额/) },
  ]);
  expect(await page.locator("#issues").innerText()).toContain(`${ACHIEVEMENTS.sheet}!${BAD_CELL}`);

  await excel("setValues", ACHIEVEMENTS.sheet, BAD_CELL, [[900000]]);
  expect(await click("check", /检查通过/)).toMatch(/成果 2 项，技术合同 1 项/);
  expect(await excel("cell", ACHIEVEMENTS.sheet, BAD_CELL)).toMatchObject({ fill: null });

  expect(await click("submit", /已报送|出错|拒收/)).toMatch(new RegExp(`已报送（编号 ${submissionId}）`));
  expect(await excel("value", CONTRACTS.sheet, "L2")).toBe(240000);
  const etag = await excel<string>("value", META_SHEET, "B9");
  expect(etag).toMatch(/^".+"$/);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, "taskpane-institute-zh.png"), fullPage: false });

  expect(await click("submit", /没有变化|已报送|出错/)).toMatch(/没有变化，未重复发送/);
  // Once submitted, the year cannot silently change: the pane refuses and says why.
  await page.evaluate(() => (document.getElementById("message")!.textContent = ""));
  await page.fill("#year", String(YEAR + 1));
  await page.dispatchEvent("#year", "change");
  await page.waitForFunction(() => /不能改为/.test(document.getElementById("message")!.textContent ?? ""));
  expect(await page.inputValue("#year")).toBe(String(YEAR));
  expect(await excel("value", META_SHEET, "B4")).toBe(YEAR);
  const listed = await apiGet("submissions?instituteId=HLJ-001", instituteToken);
  expect(listed.status).toBe(200);
  expect(listed.body.count).toBe(1);
  expect(listed.body.submissions[0]).toMatchObject({ id: submissionId, status: "submitted" });
  // The hash kept in the workbook is the server's: "nothing changed" means the same on both sides.
  expect(await excel("value", META_SHEET, "B8")).toBe(listed.body.submissions[0].contentHash);

  // Provincial staff.
  await click("sign-out", /当前用户|/);
  await signIn(provinceToken, /cn-hl-staff.*省级管理人员.*CN-HL/);
  expect(await page.isVisible("#province")).toBe(true);
  const expected = (await apiGet(`progress?region=CN-HL&year=${YEAR}`, provinceToken)).body.metrics.find(
    (m: { metric: string }) => m.metric === "industrialised",
  );
  expect(Number(expected.actual)).toBeGreaterThanOrEqual(2);

  expect(await click("refresh-progress", /已刷新|出错/)).toMatch(/已刷新“全省进度 Progress”/);
  const writes = await excel<{ kind: string; value: unknown }[]>("writesTo", PROGRESS_SHEET);
  // the metric id is the last column, the Chinese name first
  const metricRows = writes
    .filter((w) => w.kind === "values")
    .flatMap((w) => w.value as unknown[][])
    .filter((r) => r[12] === "industrialised");
  expect(metricRows).toEqual([expect.arrayContaining([Number(expected.actual)])]);
  expect(metricRows[0]![3]).toBe(Number(expected.actual));

  await click("refresh-progress", /已刷新|出错/);
  await page.screenshot({ path: join(SCREENSHOTS, "taskpane-progress-zh.png"), fullPage: false });
  expect(
    await page.evaluate((name) => (window as any).__excel.sheets.filter((s: { name: string }) => s.name === name).length, PROGRESS_SHEET),
  ).toBe(1);

  expect(await click("load-submissions", /共 \d+ 份报送/)).toMatch(/共 1 份报送/);
  // The queue names the institute and its figures; nothing is pre-selected.
  expect(await page.locator("#review-queue-list li").first().innerText()).toMatch(
    /黑龙江示例材料研究所（HLJ-001）\s+2025 全年 · 待审核 · 成果数 2 · 合同数 1\s+申报依据金额（元） 800,000.00 · 核定补助（元） 240,000.00/,
  );
  expect(await page.inputValue("#submission-id")).toBe("");
  expect(await click("approve", /请先在列表中点“查看”|已审核通过/)).toMatch(/请先在列表中点“查看”/);
  await page.click(`#review-queue-list button[data-id="${submissionId}"]`);
  await page.waitForSelector("#detail-contracts");
  expect(await page.locator("#detail-contracts li").first().innerText()).toMatch(
    /受让方\s+依据金额（元） 800,000.00（2025-02-01）\s+核定补助（元） 240,000.00 · 符合条件\s+依据条款 黑政发〔2017〕16号第二部分第（四）项/,
  );
  expect(await page.inputValue("#submission-id")).toBe(submissionId);
  await page.locator("#province").screenshot({ path: join(SCREENSHOTS, "taskpane-review-zh.png") });
  expect(await click("approve", /审核通过|出错|。/)).toMatch(/已审核通过/);
  expect(await page.inputValue("#submission-id")).toBe("");
  expect((await apiGet(`submissions/${submissionId}`, provinceToken)).body.status).toBe("approved");

  expect(pageErrors).toEqual([]);
  expect(blocked).toEqual([]);
}, 120_000);
