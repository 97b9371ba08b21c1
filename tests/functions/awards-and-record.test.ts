/**
 * Issue 11 items 4 and 5: the award roster (GET /api/awards, /api/awards.xlsx) against a hand computation
 * over a seeded store, and the printable review record (GET /api/submissions/{id}/record.xlsx) read back
 * with exceljs. Real handlers on the embedded Cosmos DB.
 *
 * The seeded store (Heilongjiang, 001 二(四): 30% of the amount received in the year, from 500,000):
 *   A  HLJ-001 哈尔滨 seller, 800,000 received in 2024      → 240,000.00  approved
 *   B  HLJ-002 大庆   buyer, 2,000,000 received in 2024     → 600,000.00  submitted
 *   C  HLJ-003 齐齐哈尔 seller, 400,000 received (below)     → 0, not payable, not listed
 *   D  HLJ-004 佳木斯 seller, 900,000 received, returned      → not listed
 *   E  HLJ-005 牡丹江 seller, 800,000 received, year 2023     → not in 2024
 */
import ExcelJS from "exceljs";
import { mkdirSync, writeFileSync } from "node:fs";

/** TT_WRITE_XLSX=dir keeps the workbooks for a LibreOffice render (docs/screenshots). */
const keep = (name: string, bytes: unknown) => {
  const dir = process.env.TT_WRITE_XLSX;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${name}`, bytes as Buffer);
};
import { submissionsPost } from "../../functions/submissions-post";
import { submissionApprove } from "../../functions/submission-approve";
import { submissionReturn } from "../../functions/submission-return";
import { submissionPut } from "../../functions/submission-put";
import { awardsGet } from "../../functions/awards-get";
import { awardsXlsxGet } from "../../functions/awards-xlsx-get";
import { submissionRecordGet } from "../../functions/submission-record-get";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
let province: string;
const ids: Record<string, string> = {};
const regs: Record<string, string> = {};

async function submit(key: string, instituteId: string, year: number, role: "buyer" | "seller", received: string) {
  const s = aSubmission({ instituteId, year });
  s.contracts[0]!.role = role;
  s.contracts[0]!.contractAmount = "3000000.00";
  s.contracts[0]!.receipts = [{ date: `${year}-04-01`, amount: received }];
  const token = await f.token({ role: "institute", instituteId, region: "CN-HL" });
  const r = await call(submissionsPost, f.services, { method: "POST", token, body: s });
  expect(r.status).toBe(201);
  ids[key] = s.submissionId;
  regs[key] = s.contracts[0]!.registrationNumber;
  return s;
}

beforeAll(async () => {
  f = await fixture();
  province = await f.token({ role: "province", region: "CN-HL" });
  await submit("A", "HLJ-001", 2024, "seller", "800000.00");
  await submit("B", "HLJ-002", 2024, "buyer", "2000000.00");
  await submit("C", "HLJ-003", 2024, "seller", "400000.00");
  await submit("D", "HLJ-004", 2024, "seller", "900000.00");
  await submit("E", "HLJ-005", 2023, "seller", "800000.00");
  // A is returned once, corrected (PUT) and approved: its audit trail has four entries.
  const returned = await call(submissionReturn, f.services, {
    method: "POST",
    token: province,
    params: { id: ids.A! },
    body: { reason: "请补充到账凭证" },
  });
  expect(returned.status).toBe(200);
  const current = returned.body;
  const corrected = {
    ...current.submission,
    contracts: [{ ...current.submission.contracts[0], receipts: [{ date: "2024-04-01", amount: "800000.00" }], signedDate: "2024-03-10" }],
  };
  const put = await call(submissionPut, f.services, {
    method: "PUT",
    token: await f.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" }),
    params: { id: ids.A! },
    headers: { "if-match": returned.headers.etag! },
    body: corrected,
  });
  expect(put.status).toBe(200);
  expect((await call(submissionApprove, f.services, { method: "POST", token: province, params: { id: ids.A! }, body: {} })).status).toBe(
    200,
  );
  expect(
    (await call(submissionReturn, f.services, { method: "POST", token: province, params: { id: ids.D! }, body: { reason: "合同未登记" } }))
      .status,
  ).toBe(200);
});
afterAll(() => f.close());

describe("award roster", () => {
  test("one row per payable contract; totals by city and institute type equal the hand computation", async () => {
    const r = await call(awardsGet, f.services, { token: province, query: { region: "CN-HL", year: "2024" } });
    expect(r.status).toBe(200);
    const rows = r.body.rows as {
      registrationNumber: string;
      subsidy: string;
      city: string;
      status: string;
      approvedBy: string | null;
      approvedAt: string | null;
    }[];
    expect(rows.map((x) => [x.registrationNumber, x.subsidy, x.city, x.status])).toEqual(
      [
        [regs.A, "240000.00", "哈尔滨", "approved"],
        [regs.B, "600000.00", "大庆", "submitted"],
      ].sort((a, b) => a[2]!.localeCompare(b[2]!, "zh-CN")),
    );
    const a = r.body.rows.find((x: { registrationNumber: string }) => x.registrationNumber === regs.A);
    expect(a).toMatchObject({
      instituteId: "HLJ-001",
      instituteName: { zh: "黑龙江示例材料研究所" },
      role: "seller",
      basisAmount: "800000.00",
      approvedBy: expect.any(String),
    });
    expect(a.approvedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(a.basisReading.zh).toContain("技术交易实际到账金额");
    expect(a.citations[0].zh).toContain("《黑龙江省技术转移体系建设实施方案》（黑政发〔2017〕16号）第二部分第（四）项");
    expect(a.citations[0].zh).toContain("自2017年10月24日起适用");
    expect(r.body.totals.byCity).toEqual(
      [
        { key: "哈尔滨", label: { zh: "哈尔滨", en: "哈尔滨" }, contracts: 1, subsidy: "240000.00" },
        { key: "大庆", label: { zh: "大庆", en: "大庆" }, contracts: 1, subsidy: "600000.00" },
      ].sort((x, y) => x.key.localeCompare(y.key, "zh-CN")),
    );
    expect(r.body.totals.byInstituteType).toEqual([
      { key: "research-institute", label: { zh: "科研院所", en: "Research institute" }, contracts: 2, subsidy: "840000.00" },
    ]);
    expect(r.body.totals.all).toEqual({ contracts: 2, subsidy: "840000.00" });
  });

  test("status=approved keeps approved submissions only", async () => {
    const r = await call(awardsGet, f.services, { token: province, query: { region: "CN-HL", year: "2024", status: "approved" } });
    expect(r.body.rows.map((x: { registrationNumber: string }) => x.registrationNumber)).toEqual([regs.A]);
    expect(r.body.totals.all).toEqual({ contracts: 1, subsidy: "240000.00" });
  });

  test("bad queries are 400 listing each problem; an institute or another province may not read it", async () => {
    const bad = await call(awardsGet, f.services, { token: province, query: { region: "CN-XX", year: "20x4", status: "paid" } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toEqual(["region", "year", "status"]);
    const institute = await f.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" });
    expect((await call(awardsGet, f.services, { token: institute, query: { region: "CN-HL", year: "2024" } })).status).toBe(403);
    const hebei = await f.token({ role: "province", region: "CN-HE" });
    expect((await call(awardsXlsxGet, f.services, { token: hebei, query: { region: "CN-HL", year: "2024" } })).status).toBe(403);
  });

  test("the workbook has the same rows, Chinese headings, money as numbers, and prints on A4 landscape", async () => {
    const r = await call(awardsXlsxGet, f.services, { token: province, query: { region: "CN-HL", year: "2024" } });
    expect(r.status).toBe(200);
    keep("awards.xlsx", r.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as ArrayBuffer);
    const ws = wb.getWorksheet("奖补名单")!;
    expect(String(ws.getCell("A1").value)).toBe("黑龙江省2024年技术交易补助（奖励）名单（含待审核，未含已退回）");
    const headings = (ws.getRow(4).values as unknown[]).slice(1);
    expect(headings).toEqual(
      expect.arrayContaining([
        "单位名称",
        "技术合同登记号",
        "受让方",
        "出让方",
        "计算基数（元）",
        "补助金额（元）",
        "规定与依据",
        "审核人",
        "审核时间",
      ]),
    );
    const subsidyCol = headings.indexOf("补助金额（元）") + 1;
    const regCol = headings.indexOf("技术合同登记号") + 1;
    const body = [5, 6].map((i) => [ws.getRow(i).getCell(regCol).value, ws.getRow(i).getCell(subsidyCol).value]);
    expect(body).toEqual(
      expect.arrayContaining([
        [regs.A, 240000],
        [regs.B, 600000],
      ]),
    );
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToWidth: 1 });
    const totals = wb.getWorksheet("汇总")!;
    const cells = totals.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : []));
    expect(cells).toEqual(expect.arrayContaining(["按市（地）汇总", "按单位类型汇总", "科研院所", 840000]));
  });
});

describe("review record", () => {
  test("institute, period, contracts with subsidy and citation, one-side check and the audit trail in words, in Chinese, A4", async () => {
    const r = await call(submissionRecordGet, f.services, { token: province, params: { id: ids.A! } });
    expect(r.status).toBe(200);
    keep("record.xlsx", r.body);
    expect(r.headers["content-disposition"]).toContain(".xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as ArrayBuffer);
    const ws = wb.getWorksheet("审核记录")!;
    const text = ws
      .getSheetValues()
      .flatMap((row) => (Array.isArray(row) ? row : []))
      .filter((v) => v !== null && v !== undefined)
      .map(String);
    const all = text.join("\n");
    expect(String(ws.getCell("A1").value)).toBe("黑龙江省技术交易补助审核记录");
    expect(text).toEqual(
      expect.arrayContaining(["单位名称", "黑龙江示例材料研究所", "HLJ-001", "哈尔滨", "科研院所", "2024 年，全年", regs.A!, "240000"]),
    );
    expect(text).toContain("240000"); // subsidy total as stored
    expect(all).toContain("《黑龙江省技术转移体系建设实施方案》（黑政发〔2017〕16号）第二部分第（四）项");
    expect(all).toContain("解读：单方支持");
    expect(all).toContain("未发现同一年度另一方或重复申领");
    // the audit trail: submitted, returned with its reason, corrected (what changed), approved
    expect(text).toEqual(expect.arrayContaining(["提交", "退回修改", "修改后重新提交", "审核通过", "请补充到账凭证"]));
    expect(all).toMatch(/修改：第1份合同的签订日期/);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1 });
    // Chinese throughout: no Latin words except ids, codes and the rules version
    const latin = all
      .replace(/HLJ-\d{3}|CN-H[LE]|test-[\w-]+|\d+\.\d+\.\d+\+[0-9a-f]{12}|sub-[\w-]+|[\w-]*(province|institute|admin|dev)[\w-]*/g, "")
      .match(/[A-Za-z]{2,}/g);
    expect(latin).toBeNull();
  });

  test("an institute may print its own record, not another's", async () => {
    const own = await f.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" });
    expect((await call(submissionRecordGet, f.services, { token: own, params: { id: ids.A! } })).status).toBe(200);
    const other = await f.token({ role: "institute", instituteId: "HLJ-002", region: "CN-HL" });
    expect((await call(submissionRecordGet, f.services, { token: other, params: { id: ids.A! } })).status).toBe(404); // another institute's submission answers exactly what a missing one does (issue 9)
  });
});
