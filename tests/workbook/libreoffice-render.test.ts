/**
 * The workbooks as a person without Excel sees and prints them: the empty template, the filled template
 * and the results workbook (GET /api/submissions/{id}/workbook), each converted to PDF by LibreOffice
 * (headless `soffice --convert-to pdf`, Debian libreoffice-calc-nogui) and read back with poppler's
 * pdfinfo / pdftotext: A4 landscape, one page per sheet (the header fits the width), no `#NAME?` anywhere,
 * the placeholder where TT.TECHSUBSIDY is unknown, the server's 核定补助 in the results. First pages are
 * rendered to PNG (pdftoppm) under docs/screenshots/ for people to look at.
 *
 * Needs soffice, pdfinfo, pdftotext, pdftoppm (.ci/run installs them); it fails, not skips, without them.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { templateGet } from "../../functions/template-get";
import { submissionsPost } from "../../functions/submissions-post";
import { submissionWorkbookGet } from "../../functions/submission-workbook-get";
import { readSubmissionWorkbook } from "@tt/workbook/node";
import { SUBSIDY_PLACEHOLDER, flagKey } from "@tt/workbook";
import { SECTORS, regionSectors } from "@tt/engine";
import type { PrefillRows } from "@tt/workbook/node";
import { call, fixture, type Fixture } from "../functions/helpers";
import { HL_ROWS, fillTemplate } from "./fill-template";

const ROOT = join(__dirname, "..", "..");
const SCREENSHOTS = join(ROOT, "docs", "screenshots");
const DIR = mkdtempSync(join(tmpdir(), "tt-lo-render-"));

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(async () => {
  await f.close();
});

const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: "utf8", timeout: 240_000, stdio: ["ignore", "pipe", "pipe"] });

interface Rendered {
  pages: number;
  size: string;
  text: string;
}

function render(names: string[]): Record<string, Rendered> {
  // A private profile: several soffice processes on one machine would otherwise lock each other out.
  run("soffice", [
    `-env:UserInstallation=file://${join(DIR, "profile")}`,
    "--headless",
    "--convert-to",
    "pdf",
    "--outdir",
    DIR,
    ...names.map((n) => join(DIR, `${n}.xlsx`)),
  ]);
  const out: Record<string, Rendered> = {};
  for (const n of names) {
    const pdf = join(DIR, `${n}.pdf`);
    const info = run("pdfinfo", [pdf]);
    out[n] = {
      pages: Number(/Pages:\s+(\d+)/.exec(info)![1]),
      size: /Page size:\s+(.+)/.exec(info)![1]!,
      text: run("pdftotext", ["-layout", pdf, "-"]),
    };
    run("pdftoppm", ["-png", "-r", "70", pdf, join(SCREENSHOTS, `render-${n}`)]);
  }
  return out;
}

test("empty, filled and results workbooks print on A4 landscape, one page per sheet, without #NAME?", async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const admin = await f.token({ role: "admin" });
  const empty = await call(templateGet, f.services, { token: admin, query: { instituteId: "HLJ-001", year: "2024" } });
  expect(empty.status).toBe(200);
  const filled = await fillTemplate(empty.body as Buffer, "CN-HL", HL_ROWS);
  const read = await readSubmissionWorkbook(filled);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const institute = await f.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" });
  const stored = await call(submissionsPost, f.services, { method: "POST", token: institute, body: read.submission });
  expect(stored.status).toBe(201);
  const results = await call(submissionWorkbookGet, f.services, { token: institute, params: { id: stored.body.id } });
  expect(results.status).toBe(200);
  expect(results.headers["content-type"]).toMatch(/spreadsheetml/);

  writeFileSync(join(DIR, "template-empty.xlsx"), empty.body as Buffer);
  writeFileSync(join(DIR, "template-filled.xlsx"), filled);
  writeFileSync(join(DIR, "results.xlsx"), results.body as Buffer);
  const r = render(["template-empty", "template-filled", "results"]);

  for (const n of Object.keys(r)) {
    expect(r[n]!.text).not.toContain("#NAME?");
    expect(r[n]!.text).not.toMatch(/Err:\d+/);
    // A4 landscape: 842 × 595 pt.
    expect(r[n]!.size).toMatch(/^841\.\d+ x 595\.\d+ pts \(A4\)/);
  }
  // Information sheet, achievements, contracts, receipts: one page each (the lists sheet is hidden).
  expect(r["template-empty"]!.pages).toBe(4);
  expect(r["template-filled"]!.pages).toBe(4);
  // … and the results sheet.
  expect(r.results!.pages).toBe(5);

  expect(r["template-empty"]!.text).toContain("黑龙江示例材料研究所");
  expect(r["template-empty"]!.text).toContain("填写说明");
  expect(r["template-empty"]!.text).toContain(SUBSIDY_PLACEHOLDER);
  expect(r["template-filled"]!.text).toContain(SUBSIDY_PLACEHOLDER);
  // The whole header is on the page (the last column's header was cut off in portrait Letter).
  expect(r["template-filled"]!.text).toMatch(/核定补助 Subsidy/);
  // The server's figures: 240,000.00 (seller, 2024 receipts 800,000) and the buyer's 1,000,000 cap.
  const amounts = (stored.body.subsidies as { amount: string }[]).map((s) =>
    Number(s.amount).toLocaleString("en-US", { minimumFractionDigits: 2 }),
  );
  expect(amounts).toEqual(["240,000.00", "1,000,000.00"]);
  for (const a of amounts) expect(r.results!.text).toContain(a);
  expect(r.results!.text).toContain("核定结果");
  expect(r.results!.text).toContain(stored.body.id);
}, 300_000);

test("Hebei's filled template and results print with Hebei's fields and its 重大科技成果 column, never Heilongjiang's sectors", async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const institute = await f.token({ role: "institute", instituteId: "HEB-001", region: "CN-HE" });
  const empty = await call(templateGet, f.services, { token: institute, query: { instituteId: "HEB-001", year: "2024" } });
  expect(empty.status).toBe(200);
  const [first, second] = regionSectors("CN-HE");
  const rows: PrefillRows = {
    achievements: [
      { ...HL_ROWS.achievements![0]!, sector: first!.id, city: "唐山", [flagKey("major-achievement")]: true },
      { ...HL_ROWS.achievements![1]!, sector: second!.id, city: "石家庄" },
    ],
    contracts: [
      {
        ...HL_ROWS.contracts![0]!,
        registrationNumber: "2024130100000321",
        buyerRegion: "CN-HE",
        sellerRegion: "CN-BJ",
        role: "buyer",
        sourceJingJin: true,
      },
    ],
    receipts: [],
  };
  const filled = await fillTemplate(empty.body as Buffer, "CN-HE", rows);
  const read = await readSubmissionWorkbook(filled);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  expect(read.submission.achievements.map((a) => a.flags ?? [])).toEqual([["major-achievement"], []]);
  const stored = await call(submissionsPost, f.services, { method: "POST", token: institute, body: read.submission });
  expect(stored.status).toBe(201);
  const results = await call(submissionWorkbookGet, f.services, { token: institute, params: { id: stored.body.id } });
  expect(results.status).toBe(200);
  writeFileSync(join(DIR, "hebei-template-filled.xlsx"), filled);
  writeFileSync(join(DIR, "hebei-results.xlsx"), results.body as Buffer);
  const r = render(["hebei-template-filled", "hebei-results"]);
  for (const n of Object.keys(r)) {
    expect(r[n]!.text).not.toContain("#NAME?");
    expect(r[n]!.size).toMatch(/^841\.\d+ x 595\.\d+ pts \(A4\)/);
    expect(r[n]!.text).toContain(first!.zh);
    expect(r[n]!.text).toContain(second!.zh);
    expect(r[n]!.text).toContain("是否重大科技成果");
    for (const s of SECTORS) expect(r[n]!.text).not.toContain(s.zh);
  }
  // One page per sheet: the two question columns still fit the width of the achievements page.
  expect(r["hebei-template-filled"]!.pages).toBe(4);
}, 300_000);
