/**
 * The institute template as an .xlsx file (exceljs): what it contains, and that reading it back gives
 * the submission the rows describe, with every problem placed on its cell.
 */
import ExcelJS from "exceljs";
import { ACHIEVEMENTS, CONTRACTS, META_SHEET, RECEIPTS, TEMPLATE_VERSION, listName, rowsNeedingAttention } from "@tt/workbook";
import { buildTemplateWorkbook, readSubmissionWorkbook, templateBuffer, type PrefillRows } from "@tt/workbook/node";
import { FILLED } from "../workbook/fill-template";

const META = { instituteId: "HLJ-001", region: "CN-HL" as const, year: 2024, submissionId: "3b1d7c1e-5a2f-4c55-9a51-0d1f2e3c4b5a" };

async function reload(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe("the downloadable template", () => {
  test("has the three tables with bilingual headers, list validations, defined names and the version stamp", async () => {
    const wb = await reload(await templateBuffer(META));
    const contracts = wb.getWorksheet(CONTRACTS.sheet)!;
    expect(contracts.getCell("A1").value).toBe("登记号 Registration no.");
    expect(contracts.getCell("K2").value).toMatchObject({ formula: expect.stringMatching(/^IFERROR\(TT\.TECHSUBSIDY\(SUMIFS\(/) });
    const tables = wb.worksheets.flatMap((ws) => Object.keys((ws as unknown as { tables: Record<string, unknown> }).tables ?? {}));
    expect(tables).toEqual(expect.arrayContaining([ACHIEVEMENTS.table, CONTRACTS.table, RECEIPTS.table]));
    const sectorRule = (
      wb.getWorksheet(ACHIEVEMENTS.sheet)!.getCell("B2") as unknown as { dataValidation: { type: string; formulae: string[] } }
    ).dataValidation;
    expect(sectorRule).toMatchObject({ type: "list", formulae: [listName("sectors")] });
    const names = (wb.definedNames as unknown as { model: { name: string }[] }).model.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(["TT_TemplateVersion", "TT_SubmissionId", listName("regions")]));
    expect(wb.getWorksheet(META_SHEET)!.getCell("B6").value).toBe(TEMPLATE_VERSION);
    expect(wb.getWorksheet(META_SHEET)!.getCell("B7").value).toBe(META.submissionId);
  });

  test("a Hebei template computes the expected subsidy on the contract amount", async () => {
    const wb = await reload(await templateBuffer({ ...META, region: "CN-HE" }));
    expect(String((wb.getWorksheet(CONTRACTS.sheet)!.getCell("K2").value as { formula: string }).formula)).toMatch(
      /^IFERROR\(TT\.TECHSUBSIDY\(\$I2,"CN-HE"/,
    );
  });

  test("each download gets its own submission id", async () => {
    const a = buildTemplateWorkbook({ instituteId: "HLJ-001", region: "CN-HL", year: 2024 });
    const b = buildTemplateWorkbook({ instituteId: "HLJ-001", region: "CN-HL", year: 2024 });
    expect(a.getWorksheet(META_SHEET)!.getCell("B7").value).not.toBe(b.getWorksheet(META_SHEET)!.getCell("B7").value);
  });
});

describe("reading a filled template back", () => {
  test("gives the submission the rows describe, amounts exact, receipts joined by registration number", async () => {
    const r = await readSubmissionWorkbook(await templateBuffer(META, FILLED));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.submission).toMatchObject({
      submissionId: META.submissionId,
      instituteId: "HLJ-001",
      region: "CN-HL",
      year: 2024,
      templateVersion: TEMPLATE_VERSION,
    });
    expect(r.submission.achievements[1]).toMatchObject({
      sector: "traditional-industries",
      mode: "licence",
      contractAmount: "600000.5",
      investmentAmount: "2000000",
      year: 2024,
    });
    expect(r.submission.contracts[0]).toMatchObject({
      role: "seller",
      sourceJingJin: false,
      receipts: [
        { date: "2024-04-01", amount: "500000" },
        { date: "2024-09-01", amount: "300000" },
      ],
    });
  });

  test("an older template version is refused with a clear message on the version cell, never misread", async () => {
    const r = await readSubmissionWorkbook(await templateBuffer({ ...META, templateVersion: "0.9.0" }, FILLED));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([expect.objectContaining({ sheet: META_SHEET, cell: "B6", code: "TEMPLATE_VERSION_UNSUPPORTED" })]);
    expect(r.issues[0]!.message.zh).toContain("0.9.0");
    expect(r.issues[0]!.message.en).toContain(`Download template ${TEMPLATE_VERSION}`);
  });

  test("bad cells are reported on their own cells, and counted as rows needing attention", async () => {
    const bad: PrefillRows = {
      ...FILLED,
      achievements: [
        { ...FILLED.achievements![0]!, receivedAmount: -5 },
        { ...FILLED.achievements![1]!, sector: "占星术" },
      ],
      receipts: [...FILLED.receipts!, { registrationNumber: "2099000000000000", date: "2024-10-01", amount: 1 }],
    };
    const r = await readSubmissionWorkbook(await templateBuffer(META, bad));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const at = r.issues.map((i) => `${i.sheet}!${i.cell}:${i.code}`);
    expect(at).toEqual(
      expect.arrayContaining([
        `${ACHIEVEMENTS.sheet}!G2:AMOUNT_NEGATIVE`,
        `${ACHIEVEMENTS.sheet}!B3:NOT_IN_LIST`,
        `${RECEIPTS.sheet}!A4:RECEIPT_WITHOUT_CONTRACT`,
      ]),
    );
    expect(rowsNeedingAttention(r.issues)).toBe(3);
  });

  test("a receipt problem lands on the receipt's own row", async () => {
    const bad: PrefillRows = { ...FILLED, receipts: [FILLED.receipts![0]!, { ...FILLED.receipts![1]!, date: "2024-01-15" }] };
    const r = await readSubmissionWorkbook(await templateBuffer(META, bad));
    if (r.ok) throw new Error("expected issues");
    expect(r.issues).toEqual([expect.objectContaining({ sheet: RECEIPTS.sheet, cell: "B3", code: "RECEIPT_BEFORE_SIGNING" })]);
  });

  test("columns are found by header, so a moved column is still read correctly; a deleted one is named", async () => {
    const wb = await reload(await templateBuffer(META, FILLED));
    const ws = wb.getWorksheet(ACHIEVEMENTS.sheet)!;
    const swap = (r: number) => {
      const [city, title] = [ws.getCell(`D${r}`).value, ws.getCell(`A${r}`).value];
      ws.getCell(`A${r}`).value = city;
      ws.getCell(`D${r}`).value = title;
    };
    [1, 2, 3].forEach(swap);
    const moved = await readSubmissionWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    if (!moved.ok) throw new Error(JSON.stringify(moved.issues));
    expect(moved.submission.achievements[0]).toMatchObject({ title: "寒地水稻智能育秧装备", city: "哈尔滨" });
    ws.getCell("A1").value = "备注 Notes";
    const missing = await readSubmissionWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    if (missing.ok) throw new Error("expected issues");
    expect(missing.issues[0]).toMatchObject({ code: "TEMPLATE_COLUMN_MISSING", sheet: ACHIEVEMENTS.sheet });
    expect(missing.issues[0]!.message.en).toContain("落地城市 City");
  });

  test("a file that is not a workbook is refused", async () => {
    const r = await readSubmissionWorkbook(Buffer.from("not a zip"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.code).toBe("NOT_A_WORKBOOK");
  });
});
