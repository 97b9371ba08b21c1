/**
 * The charts in GET /api/progress.xlsx (packages/workbook/src/node/xlsx-chart.ts):
 *   - the package: chart parts, drawing, relationships and content types, series over the right cells;
 *   - everything exceljs wrote is intact: every other part byte for byte, the worksheet with only the
 *     <drawing> element added, and exceljs reads the cells, formats and colour scale back;
 *   - it RENDERS: headless LibreOffice converts it to PDF, poppler turns the page into SVG, and the target
 *     columns are drawn in their colour with heights proportional to the targets (the chart is drawn from
 *     the data, not merely present), the actual line in its colour, one completion bar per measured metric.
 *     Also writes the page as PNG to test-results/progress-xlsx-chart.png (the committed screenshot is
 *     docs/screenshots/progress-xlsx-chart.png).
 * The LibreOffice part is skipped, saying why, only when soffice/pdftocairo are not installed
 * (apt-get install -y libreoffice-calc-nogui poppler-utils; .ci/run installs them).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { progressSheetModel } from "@tt/workbook";
import { type ProgressReport } from "@tt/contract";
import { buildProgressWorkbook, progressCharts, progressWorkbookBuffer } from "@tt/workbook/node";
import { addCharts } from "@tt/workbook/node";

jest.setTimeout(180_000);

const years = [
  { year: 2021, target: "50", actual: "20" },
  { year: 2022, target: "60", actual: "35" },
  { year: 2023, target: "70", actual: "30" },
  { year: 2024, target: "80", actual: "40" },
];
const report = {
  region: "CN-HL",
  year: 2024,
  metrics: [
    {
      metric: "industrialised",
      description: { zh: "成果产业化", en: "Industrialised" },
      unit: "count",
      kind: "annual",
      status: "measured",
      source: "s",
      actual: "40",
      target: "80",
      gap: "40",
      completion: "0.5",
    },
    {
      metric: "contractTurnover",
      description: { zh: "技术合同成交额", en: "Contract turnover" },
      unit: "CNY",
      kind: "annual",
      status: "measured",
      source: "s",
      actual: "900",
      target: "1000",
      gap: "100",
      completion: "0.9",
    },
    {
      metric: "platforms",
      description: { zh: "转化平台", en: "Platforms" },
      unit: "count",
      kind: "cumulative",
      status: "not-measured",
      source: "s",
      actual: null,
      target: "10",
      gap: null,
      completion: null,
    },
  ],
  completeness: {
    registered: 2,
    submitted: 1,
    missingCount: 1,
    rate: "0.5",
    missing: [{ instituteId: "HLJ-002", name: { zh: "乙所", en: "B" }, city: "哈尔滨", type: "research-institute" }],
  },
  history: { metric: "industrialised", years },
} as unknown as ProgressReport;
const model = progressSheetModel(report, { refreshedAt: "2024-12-31T00:00:00Z", rulesVersion: "9.9.9" });

let withCharts: Buffer;
let plain: Buffer;
beforeAll(async () => {
  withCharts = await progressWorkbookBuffer(model);
  // the same workbook, page setup included, without charts: what exceljs alone writes
  const wb = buildProgressWorkbook(model);
  const ws = wb.getWorksheet(model.sheet)!;
  ws.pageSetup = { ...ws.pageSetup, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 };
  plain = Buffer.from(await wb.xlsx.writeBuffer());
});

describe("the package", () => {
  test("two charts (history: target columns + actual line; completion bars), one drawing, wired to the sheet", async () => {
    const zip = await JSZip.loadAsync(withCharts);
    const names = Object.keys(zip.files);
    expect(names).toEqual(
      expect.arrayContaining([
        "xl/charts/chart1.xml",
        "xl/charts/chart2.xml",
        "xl/drawings/drawing1.xml",
        "xl/drawings/_rels/drawing1.xml.rels",
        "xl/worksheets/_rels/sheet1.xml.rels",
      ]),
    );
    const types = await zip.file("[Content_Types].xml")!.async("string");
    expect(types).toContain(
      'PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"',
    );
    expect(types).toContain('PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"');
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    const rid = /<drawing r:id="([^"]+)"\/>/.exec(sheet)![1];
    expect(await zip.file("xl/worksheets/_rels/sheet1.xml.rels")!.async("string")).toContain(
      `Id="${rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"`,
    );

    const history = model.blocks.find((b) => b.key === "history")!;
    const first = history.topRow + 2;
    const last = first + years.length - 1;
    const chart1 = await zip.file("xl/charts/chart1.xml")!.async("string");
    expect(chart1).toContain("<c:barChart>");
    expect(chart1).toContain("<c:lineChart>");
    expect(chart1).toContain(`<c:f>'全省进度 Progress'!$A$${first}:$A$${last}</c:f>`);
    expect(chart1).toContain(`<c:f>'全省进度 Progress'!$B$${first}:$B$${last}</c:f>`); // target
    expect(chart1).toContain(`<c:f>'全省进度 Progress'!$C$${first}:$C$${last}</c:f>`); // actual
    expect(chart1).toContain('<c:pt idx="3"><c:v>80</c:v></c:pt>');
    const chart2 = await zip.file("xl/charts/chart2.xml")!.async("string");
    expect(chart2).toContain('<c:barDir val="bar"/>');
    expect(chart2).toContain('formatCode="0%"');
  });

  test("no history and no measured metric → no chart, the exceljs bytes unchanged", async () => {
    const bare = progressSheetModel({ ...report, history: undefined, metrics: [] } as unknown as ProgressReport, {
      refreshedAt: "x",
      rulesVersion: "1",
    });
    expect(progressCharts(bare)).toEqual([]);
    const zip = await JSZip.loadAsync(await progressWorkbookBuffer(bare));
    expect(Object.keys(zip.files).some((n) => n.startsWith("xl/charts/"))).toBe(false);
  });

  test("everything exceljs wrote is intact: other parts byte for byte, the worksheet gains only <drawing>", async () => {
    const before = await JSZip.loadAsync(plain);
    const after = await JSZip.loadAsync(await addCharts(plain, progressCharts(model))); // what progressWorkbookBuffer does
    for (const name of Object.keys(before.files).filter((n) => !before.files[n]!.dir)) {
      const a = await before.file(name)!.async("string");
      const b = await after.file(name)!.async("string");
      if (name === "xl/worksheets/sheet1.xml") expect(b.replace(/<drawing r:id="[^"]+"\/>/, "")).toBe(a);
      else if (name === "[Content_Types].xml") expect(b.replace(/<Override PartName="\/xl\/(charts|drawings)\/[^>]+\/>/g, "")).toBe(a);
      else expect([name, b]).toEqual([name, a]);
    }
  });

  test("exceljs reads back the cells, number formats and colour scale", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(withCharts as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet(model.sheet)!;
    for (const b of model.blocks)
      b.rows.forEach((row, r) => row.forEach((v, c) => expect(ws.getCell(b.topRow + 2 + r, b.leftColumn + c).value).toBe(v)));
    const m = model.blocks[0]!;
    expect(ws.getCell(m.topRow + 2, 6).numFmt).toBe("0.0%");
    expect((ws as unknown as { conditionalFormattings: unknown[] }).conditionalFormattings).toHaveLength(1);
  });

  test("a sheet name with an apostrophe is quoted in references; a missing sheet is refused", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("O'Brien").getCell("A1").value = 1;
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const spec = {
      sheet: "O'Brien",
      title: "t",
      categoriesRef: "'O''Brien'!$A$1",
      categories: ["a"],
      series: [{ name: "s", valuesRef: "'O''Brien'!$A$1", values: [1], kind: "column" as const, color: "000000" }],
      anchor: { from: { col: 2, row: 0 }, to: { col: 8, row: 10 } },
    };
    const zip = await JSZip.loadAsync(await addCharts(bytes, [spec]));
    expect(await zip.file("xl/charts/chart1.xml")!.async("string")).toContain("<c:f>'O''Brien'!$A$1</c:f>");
    await expect(addCharts(bytes, [{ ...spec, sheet: "Nope" }])).rejects.toThrow(/no sheet named Nope/);
  });
});

const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const canRender = has("soffice") && has("pdftocairo") && has("pdftoppm");
if (!canRender)
  console.warn("LibreOffice rendering skipped: soffice/pdftocairo not installed (apt-get install -y libreoffice-calc-nogui poppler-utils)");
const withLibreOffice = canRender ? test : test.skip;

/** Fill colours of the filled paths in an SVG (pdftocairo), with each path's bounding box. */
function filledShapes(svg: string): { rgb: number[]; height: number; width: number }[] {
  const out: { rgb: number[]; height: number; width: number }[] = [];
  for (const m of svg.matchAll(/<path style="[^"]*fill:rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\)[^"]*" d="([^"]+)"/g)) {
    const nums = [...m[4]!.matchAll(/-?[\d.]+/g)].map((x) => Number(x[0]));
    const xs = nums.filter((_, i) => i % 2 === 0);
    const ys = nums.filter((_, i) => i % 2 === 1);
    out.push({
      rgb: [m[1], m[2], m[3]].map((x) => Math.round((Number(x) / 100) * 255)),
      width: Math.max(...xs) - Math.min(...xs),
      height: Math.max(...ys) - Math.min(...ys),
    });
  }
  return out;
}
const hex = (h: string) => [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
const near = (a: number[], b: number[]) => a.every((x, i) => Math.abs(x - b[i]!) <= 2);

withLibreOffice("LibreOffice draws both charts from the data (PDF → SVG), and the page is saved as PNG", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tt-chart-"));
  writeFileSync(path.join(dir, "progress.xlsx"), withCharts);
  const lo = spawnSync(
    "soffice",
    [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", "pdf", "--outdir", dir, path.join(dir, "progress.xlsx")],
    { encoding: "utf8", timeout: 150_000 },
  );
  expect(lo.status).toBe(0);
  expect(spawnSync("pdftocairo", ["-svg", path.join(dir, "progress.pdf"), path.join(dir, "progress.svg")]).status).toBe(0);
  const shapes = filledShapes(readFileSync(path.join(dir, "progress.svg"), "utf8"));

  // target columns: one per year (plus the legend key), heights proportional to the targets
  const target = shapes.filter((s) => near(s.rgb, hex("9DC3E6")));
  const bars = target.filter((s) => s.height > 10).sort((a, b) => a.height - b.height);
  expect(bars).toHaveLength(years.length);
  const perUnit = bars.map((b, i) => b.height / Number(years[i]!.target));
  for (const r of perUnit) expect(r).toBeCloseTo(perUnit[0]!, 1);
  // the actual line: markers in its colour, one per year (+ legend)
  expect(shapes.filter((s) => near(s.rgb, hex("ED7D31"))).length).toBeGreaterThanOrEqual(years.length);
  // completion: one horizontal bar per measured metric, lengths in the ratio of the completions (0.5 : 0.9)
  const completion = shapes.filter((s) => near(s.rgb, hex("2E75B6")) && s.width > 10).sort((a, b) => a.width - b.width);
  expect(completion).toHaveLength(2);
  expect(completion[0]!.width / completion[1]!.width).toBeCloseTo(0.5 / 0.9, 1);

  const out = path.resolve(__dirname, "../../test-results");
  mkdirSync(out, { recursive: true });
  copyFileSync(path.join(dir, "progress.pdf"), path.join(out, "progress-xlsx-chart.pdf"));
  expect(
    spawnSync("pdftoppm", ["-png", "-r", "110", "-singlefile", path.join(dir, "progress.pdf"), path.join(out, "progress-xlsx-chart")])
      .status,
  ).toBe(0);
});
