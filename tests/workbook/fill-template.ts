/**
 * Fills a downloaded template the way a person does in Excel: values typed into the rows under each
 * table's header (labels chosen from the drop-downs, real dates), and the contracts table's calculated
 * column carried down to every new row below the template's table — which Excel does by itself for a
 * table, exceljs does not.
 */
import ExcelJS from "exceljs";
import { CONTRACTS, listsFor, tablesFor } from "@tt/workbook";
import { type RegionCode } from "@tt/engine";
import { expectedSubsidyCellFormula } from "@tt/workbook";
import type { PrefillRows } from "@tt/workbook/node";

/** Heilongjiang rows: two achievements, one seller contract with two receipts. */
export const FILLED: PrefillRows = {
  achievements: [
    {
      title: "寒地水稻智能育秧装备",
      sector: "aerospace-electronics-equipment",
      mode: "transfer",
      city: "哈尔滨",
      date: "2024-05-20",
      contractAmount: 1200000,
      receivedAmount: 800000,
    },
    {
      title: "大豆蛋白提取工艺",
      sector: "traditional-industries",
      mode: "licence",
      city: "齐齐哈尔",
      date: "2024-07-01",
      contractAmount: "600000.50",
      receivedAmount: "600000.50",
      investmentAmount: 2000000,
    },
  ],
  contracts: [
    {
      registrationNumber: "2024230100000123",
      type: "transfer",
      buyerName: "黑龙江某农机有限公司",
      buyerRegion: "CN-HL",
      sellerName: "省农机院",
      sellerRegion: "CN-HL",
      role: "seller",
      signedDate: "2024-03-01",
      contractAmount: 1200000,
      sourceJingJin: false,
    },
  ],
  receipts: [
    { registrationNumber: "2024230100000123", date: "2024-04-01", amount: 500000 },
    { registrationNumber: "2024230100000123", date: "2024-09-01", amount: 300000 },
  ],
};

/** FILLED and a buyer contract (development, seller outside the province) with its two receipts. */
export const HL_ROWS: PrefillRows = {
  ...FILLED,
  contracts: [
    ...FILLED.contracts!,
    {
      registrationNumber: "2024230100000456",
      type: "development",
      buyerName: "省农机院",
      buyerRegion: "CN-HL",
      sellerName: "某大学",
      sellerRegion: "CN-JS",
      role: "buyer",
      signedDate: "2023-11-01",
      contractAmount: 5000000,
      sourceJingJin: false,
    },
  ],
  receipts: [
    ...FILLED.receipts!,
    { registrationNumber: "2024230100000456", date: "2023-12-01", amount: 1000000 },
    { registrationNumber: "2024230100000456", date: "2024-02-10", amount: 3500000 },
  ],
};

export async function loadWorkbook(bytes: ArrayBuffer | Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as ArrayBuffer);
  return wb;
}

export async function fillTemplate(bytes: ArrayBuffer | Uint8Array, region: RegionCode, rows: PrefillRows): Promise<Buffer> {
  const wb = await loadWorkbook(bytes);
  const lists = listsFor(region);
  for (const spec of tablesFor(region)) {
    const ws = wb.getWorksheet(spec.sheet)!;
    (rows[spec.key] ?? []).forEach((row, i) => {
      spec.columns.forEach((c, j) => {
        const cell = ws.getCell(i + 2, j + 1);
        if (spec === CONTRACTS && c.key === "expectedSubsidy") {
          // Rows inside the template's table already carry the formula; Excel extends it to rows added below.
          if (!cell.formula) cell.value = { formula: expectedSubsidyCellFormula(region, i + 2).slice(1) } as ExcelJS.CellFormulaValue;
          return;
        }
        const v = row[c.key];
        if (v === undefined || v === null) return;
        if (c.type === "date") cell.value = new Date(`${String(v)}T00:00:00Z`);
        else if (c.list === "yesNo") cell.value = v ? "是" : "否";
        else if (c.list) cell.value = lists[c.list].find((item) => item.value === v)?.label ?? String(v);
        else cell.value = v as ExcelJS.CellValue;
      });
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
