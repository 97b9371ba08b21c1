/**
 * The BUILT web page (dist/addin/web.html, served by the API itself at /api/web) in headless Chromium,
 * against the real local API and embedded store, used as a person would:
 *   institute (HLJ-001): chooses year and period, downloads the template (its name shown), fills it with
 *     exceljs with one bad cell, uploads it (progress bar), sees the cell listed in Chinese, fixes it,
 *     uploads again, downloads the results workbook and reads 核定补助 back; the same workbook uploaded
 *     again is recognised as the same submission.
 *   another institute (HLJ-002) claims the same contract from the other side (uploaded directly).
 *   province (CN-HL): the review queue lists both with names, counts and the one-side conflict flagged;
 *     nothing pre-selected; returning needs a reason; returns HLJ-002, approves HLJ-001; progress report
 *     with its chart shows the figures of GET /api/progress.
 * Nothing but the API's own origin is reachable: any other request is aborted and recorded.
 * Screenshots of the page in Chinese go to docs/screenshots/.
 */
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { ACHIEVEMENTS, CONTRACTS, META_SHEET } from "@tt/workbook";
import { contractSubsidy } from "@tt/engine";
import { INFO_ROWS } from "@tt/workbook";
import type { PrefillRows } from "@tt/workbook/node";
import { ROOT, ensureBuilt } from "../addin/support/build";
import { fillTemplate } from "../workbook/fill-template";
import { REGISTRATION, YEAR } from "./support/fixtures";

const SCREENSHOTS = join(ROOT, "docs", "screenshots");
const TMP = mkdtempSync(join(tmpdir(), "tt-web-e2e-"));

let api: LocalApi;
let browser: Browser;
let page: Page;
const tokens: Record<"institute" | "other" | "province", string> = { institute: "", other: "", province: "" };
const pageErrors: string[] = [];
const blocked: string[] = [];

const achievement = (title: string, received: number) => ({
  title,
  sector: "digital-economy",
  mode: "transfer",
  city: "哈尔滨",
  date: `${YEAR}-03-01`,
  contractAmount: 1_000_000,
  receivedAmount: received,
});
const contract = (role: "buyer" | "seller") => ({
  registrationNumber: REGISTRATION,
  type: "development",
  buyerName: "哈尔滨示例装备有限公司",
  buyerRegion: "CN-HL",
  sellerName: "北京示例大学",
  sellerRegion: "CN-BJ",
  role,
  signedDate: `${YEAR}-01-10`,
  contractAmount: 800_000,
  sourceJingJin: false,
});
const receipts = [{ registrationNumber: REGISTRATION, date: `${YEAR}-02-01`, amount: 800_000 }];
/** The mistake: more received than the contract amount, 2nd achievement row → 成果产业化 G3. */
const BAD: PrefillRows = {
  achievements: [achievement("智能传感器产业化", 800_000), achievement("寒地作物新品种", 1_200_000)],
  contracts: [contract("buyer")],
  receipts,
};
const GOOD: PrefillRows = { ...BAD, achievements: [achievement("智能传感器产业化", 800_000), achievement("寒地作物新品种", 900_000)] };

beforeAll(async () => {
  ensureBuilt();
  api = await startLocalApi();
  tokens.institute = await api.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL", subject: "hlj-001-officer" });
  tokens.other = await api.token({ role: "institute", instituteId: "HLJ-002", region: "CN-HL", subject: "hlj-002-officer" });
  tokens.province = await api.token({ role: "province", region: "CN-HL", subject: "cn-hl-staff" });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", acceptDownloads: true });
  const origin = new URL(api.url).origin;
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin) return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${origin}/api/web?year=${YEAR}`);
  await page.waitForSelector("#use-token");
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function waitMessage(expected: RegExp): Promise<string> {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById("message")!.textContent ?? ""), expected.source, {
    timeout: 30_000,
  });
  return page.locator("#message").innerText();
}
async function clickFor(selector: string, expected: RegExp): Promise<string> {
  await page.evaluate(() => (document.getElementById("message")!.textContent = ""));
  await page.click(selector);
  return waitMessage(expected);
}
async function signIn(token: string, who: RegExp) {
  await page.fill("#dev-token", token);
  await clickFor("#use-token", /当前用户/);
  await page.waitForFunction(() => !document.querySelector("main button:disabled"));
  expect(await page.locator("#who").innerText()).toMatch(who);
}
async function download(selector: string, name: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const path = join(TMP, name);
  await d.saveAs(path);
  expect(d.suggestedFilename()).toMatch(/^TT-HLJ-001-.*\.xlsx$/);
  return readFileSync(path);
}
async function upload(bytes: Buffer, name: string): Promise<void> {
  await page.setInputFiles("#file", { name, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: bytes });
  await page.evaluate(() => (document.getElementById("message")!.textContent = ""));
  await page.click("#upload");
}
async function apiGet(path: string, token: string) {
  const r = await fetch(`${api.url}/${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: await r.json() };
}
async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

let submissionId = "";

test("institute: download the template, upload with a bad cell, see it in Chinese, fix, upload, read 核定补助 back from the results workbook", async () => {
  expect(await page.locator("h1").innerText()).toBe("科技成果转化报送");
  await signIn(tokens.institute, /hlj-001-officer · 科研机构 · HLJ-001 · CN-HL/);
  expect(await page.isVisible("#institute")).toBe(true);
  expect(await page.isVisible("#province")).toBe(false);
  await page.waitForFunction(() => /黑龙江示例材料研究所/.test(document.getElementById("institute-line")!.textContent ?? ""));

  // Year and period first, then the template.
  await page.fill("#year", String(YEAR));
  await page.selectOption("#period", "Y");
  const template = await download("#download-template", "template.xlsx");
  const info = (await loadWorkbook(template)).getWorksheet(META_SHEET)!;
  expect(info.getCell("B4").value).toBe(YEAR);
  expect(info.getCell("B5").value).toBe("Y");
  expect(info.getCell(`B${INFO_ROWS.instituteName.row}`).value).toBe("黑龙江示例材料研究所");
  submissionId = String(info.getCell("B7").value);
  expect(submissionId).toMatch(/^[0-9a-f-]{36}$/);

  // One bad cell: listed by sheet and cell, in Chinese; nothing stored.
  await upload(await fillTemplate(template, "CN-HL", BAD), "filled-bad.xlsx");
  expect(await waitMessage(/未保存任何内容/)).toMatch(/^发现 1 处问题，未保存任何内容/);
  const issueRows = await page.locator("#issues tbody tr").allInnerTexts();
  expect(issueRows).toHaveLength(1);
  expect(issueRows[0]).toMatch(new RegExp(`^${ACHIEVEMENTS.sheet.split(" ")[0]}\\s+G3\\s+.*到账金额`));
  expect(issueRows[0]).not.toMatch(/[A-Za-z]{4,}/); // no English words in the Chinese view
  expect((await apiGet("submissions?instituteId=HLJ-001", tokens.institute)).body.count).toBe(0);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, "web-upload-errors-zh.png"), fullPage: true });

  // Fixed: stored, progress bar ran to the end, results offered.
  await upload(await fillTemplate(template, "CN-HL", GOOD), "filled.xlsx");
  expect(await waitMessage(/已报送|出错|问题/)).toMatch(new RegExp(`已报送（编号 ${submissionId}），核定补助合计 240,000.00 元`));
  expect(await page.locator("#progress").evaluate((p) => (p as HTMLProgressElement).value)).toBe(100);
  expect(await page.isVisible("#issues")).toBe(false);
  expect(await page.isVisible("#download-results")).toBe(true);
  await page.waitForFunction(() => /待审核/.test(document.getElementById("mine")!.textContent ?? ""));

  // The results workbook: 核定补助 filled by the server (the engine's figure), id, ETag and version stamped.
  const results = await download("#download-results", "results.xlsx");
  const wb = await loadWorkbook(results);
  const stored = (await apiGet(`submissions/${submissionId}`, tokens.institute)).body;
  const expected = contractSubsidy({ region: "CN-HL", year: YEAR }, stored.submission.contracts[0]);
  expect(expected.status).toBe("computed");
  const l2 = wb.getWorksheet(CONTRACTS.sheet)!.getCell("L2").value;
  expect(l2).toBe(240000);
  expect(l2).toBe(Number((expected as { amount: string }).amount));
  const meta = wb.getWorksheet(META_SHEET)!;
  expect(meta.getCell("B7").value).toBe(submissionId);
  expect(String(meta.getCell("B9").value)).toMatch(/^".+"$/);
  expect(meta.getCell("B8").value).toBe(stored.contentHash);
  expect(meta.getCell(`B${INFO_ROWS.storedVersion.row}`).value).toBe(1);
  expect(wb.getWorksheet("核定结果 Results")!.getCell("A4").value).toBe(REGISTRATION);

  // "Our submissions" lists it with its status; its workbook downloads from there too (to correct it).
  expect(await page.locator("#mine tbody tr").first().innerText()).toMatch(
    new RegExp(`${YEAR}\\s+全年\\s+${submissionId}\\s+待审核\\s+240,000.00`),
  );
  const again = await loadWorkbook(await download("#mine tbody tr button", "stored.xlsx"));
  expect(again.getWorksheet(META_SHEET)!.getCell("B7").value).toBe(submissionId);
  expect(again.getWorksheet(CONTRACTS.sheet)!.getCell("L2").value).toBe(240000);

  // The results workbook uploaded again is the same submission (nothing stored twice).
  await upload(results, "results.xlsx");
  expect(await waitMessage(/已报送过|已报送（|出错/)).toMatch(new RegExp(`该文件已报送过（编号 ${submissionId}）`));
  expect((await apiGet("submissions?instituteId=HLJ-001", tokens.institute)).body.count).toBe(1);
  await page.screenshot({ path: join(SCREENSHOTS, "web-institute-zh.png"), fullPage: true });
}, 180_000);

test("province: the review queue shows names, counts, totals and the one-side conflict; return needs a reason; return one, approve the other; progress with its chart", async () => {
  // HLJ-002 claims the same contract from the other side (001 二(四): one side per deal).
  const other = await fetch(`${api.url}/templates/institute.xlsx?instituteId=HLJ-002&year=${YEAR}`, {
    headers: { authorization: `Bearer ${tokens.other}` },
  });
  const otherFile = await fillTemplate(Buffer.from(await other.arrayBuffer()), "CN-HL", { ...GOOD, contracts: [contract("seller")] });
  const posted = await fetch(`${api.url}/submissions/xlsx`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${tokens.other}`,
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
    body: new Uint8Array(otherFile),
  });
  expect(posted.status).toBe(201);
  const otherId = (await posted.json()).id as string;

  await clickFor("#sign-out", /未登录/);
  await signIn(tokens.province, /cn-hl-staff · 省级管理人员 · CN-HL/);
  expect(await page.isVisible("#province")).toBe(true);
  expect(await page.isVisible("#institute")).toBe(false);
  expect(await page.locator("#region").inputValue()).toBe("CN-HL");
  expect(await page.locator("#region").isDisabled()).toBe(true);

  await page.fill("#review-year", String(YEAR));
  await page.click("#load-queue");
  await page.waitForSelector("#review-queue-table tbody tr");
  const rows = await page.locator("#review-queue-table tbody tr").allInnerTexts();
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatch(/黑龙江示例材料研究所（HLJ-001）\s+2025 全年\s+待审核\s+2\s+1\s+800,000.00\s+240,000.00\s+⚠ 1 项/);
  expect(rows[1]).toMatch(/黑龙江示例农业机械研究所（HLJ-002）.*待审核.*⚠ 1 项/);
  // Nothing pre-selected.
  expect(await page.locator("#detail").innerText()).toMatch(/请在上方列表中点“查看”/);
  expect(await page.isVisible("#review-actions")).toBe(false);

  // Approving HLJ-001 while HLJ-002 claims the other side is refused; the reviewer sees why.
  await page.click(`#review-queue-table button[data-id="${submissionId}"]`);
  await page.waitForSelector("#detail-contracts");
  expect(await page.locator("#detail-contracts tbody tr").first().innerText()).toMatch(
    new RegExp(`${REGISTRATION}\\s+受让方\\s+800,000.00\\s+${YEAR}-02-01\\s+240,000.00.*黑政发〔2017〕16号`),
  );
  expect(await page.locator("#detail").innerText()).toMatch(/一方支持冲突/);
  expect(await clickFor("#approve", /不能审核通过|已审核通过/)).toMatch(/不能审核通过/);

  // Return HLJ-002: a reason is required.
  await page.click(`#review-queue-table button[data-id="${otherId}"]`);
  await page.waitForFunction((id) => (document.getElementById("detail")!.textContent ?? "").includes(id), otherId);
  expect(await clickFor("#return", /退回须填写原因|已退回/)).toBe("退回须填写原因。");
  await page.fill("#reason", "本单位为出让方，该合同已由受让方申报，请删除该合同后重新报送。");
  expect(await clickFor("#return", /已退回|出错|不能/)).toBe(`已退回：${otherId}。`);
  expect(await page.locator("#detail").innerText()).toMatch(/请在上方列表中点“查看”/); // nothing selected after an action

  // Now HLJ-001 can be approved.
  await page.click(`#review-queue-table button[data-id="${submissionId}"]`);
  await page.waitForSelector("#detail-contracts");
  expect(await clickFor("#approve", /已审核通过|不能|出错/)).toBe(`已审核通过：${submissionId}。`);
  expect((await apiGet(`submissions/${submissionId}`, tokens.province)).body.status).toBe("approved");
  const returned = (await apiGet(`submissions/${otherId}`, tokens.province)).body;
  expect(returned.status).toBe("returned");
  expect(returned.review.reason).toMatch(/本单位为出让方/);
  await page.waitForFunction(() => /已通过[\s\S]*已退回|已退回[\s\S]*已通过/.test(document.getElementById("queue")!.textContent ?? ""));
  await page.click(`#review-queue-table button[data-id="${otherId}"]`);
  await page.waitForFunction(() => /退回原因：/.test(document.getElementById("detail")!.textContent ?? ""));
  await page.screenshot({ path: join(SCREENSHOTS, "web-review-zh.png"), fullPage: true });

  // Progress: the same figures as GET /api/progress, and the chart.
  const report = (await apiGet(`progress?region=CN-HL&year=${YEAR}`, tokens.province)).body;
  await page.click("#load-progress");
  await page.waitForSelector("#progress-chart");
  const industrialised = report.metrics.find((m: { metric: string }) => m.metric === "industrialised");
  const tableText = await page.locator("#progress-report table").innerText();
  expect(tableText).toContain(industrialised.description.zh);
  expect(tableText).toMatch(new RegExp(`${industrialised.description.zh}[^\\n]*\\t${industrialised.actual}\\t${industrialised.target}`));
  const bars = await page.locator("#progress-chart rect[fill='#1f6f43']").count();
  expect(bars).toBeGreaterThan(1); // one per year with an actual, plus the legend
  const labels = await page.locator("#progress-chart text").allTextContents();
  const thisYear = report.history.years.find((y: { year: number }) => y.year === YEAR);
  expect(labels).toContain(String(YEAR));
  expect(labels).toContain(thisYear.actual); // the bar of this year is labelled with the API's actual
  await page.locator("#progress-report").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, "web-progress-zh.png"), fullPage: true });

  // English switch.
  await page.click("#lang");
  expect(await page.locator("h1").innerText()).toBe("Technology-transfer submissions");
  await page.click("#lang");
  expect(await page.locator("h1").innerText()).toBe("科技成果转化报送");

  expect(pageErrors).toEqual([]);
  expect(blocked).toEqual([]);
}, 180_000);
