/**
 * The downloaded, filled template evaluated by a spreadsheet engine (HyperFormula) with TT.TECHSUBSIDY
 * registered as a function plugin whose implementation is the add-in's own adapter (the code Excel
 * runs): the 预计补助 Expected subsidy column equals the engine's `contractSubsidy` for every contract,
 * for Heilongjiang (receipts of the report year, on the last one's date) and Hebei (contract amount,
 * signing date, 京津 source); a contract with no rule shows an error, as the engine refuses it.
 */
import type ExcelJS from "exceljs";
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula } from "hyperformula";
import type { FunctionPluginTypecheck } from "hyperformula/typings/interpreter/plugin/FunctionPlugin";
import type { InterpreterState } from "hyperformula/typings/interpreter/InterpreterState";
import type { ProcedureAst } from "hyperformula/typings/parser";
import { CONTRACTS, letterOf } from "@tt/workbook";
import { contractSubsidy, type RegionCode } from "@tt/engine";
import { readSubmissionWorkbook, type PrefillRows } from "@tt/workbook/node";
import { TECHSUBSIDY } from "../../addin/functions/functions";
import { isExcelError } from "../../addin/functions/excel-errors";
import { templateGet } from "../../functions/template-get";
import { call, fixture, type Fixture } from "../functions/helpers";
import { HL_ROWS, fillTemplate, loadWorkbook } from "./fill-template";
import { SUBSIDY_PLACEHOLDER } from "@tt/workbook";

/** TT.TECHSUBSIDY for HyperFormula: arguments as Excel passes them, answered by the add-in's adapter. */
class TechTransferPlugin extends FunctionPlugin implements FunctionPluginTypecheck<TechTransferPlugin> {
  static override implementedFunctions = {
    "TT.TECHSUBSIDY": {
      method: "techSubsidy",
      parameters: [
        { argumentType: FunctionArgumentType.SCALAR },
        { argumentType: FunctionArgumentType.SCALAR, optionalArg: true },
        { argumentType: FunctionArgumentType.SCALAR, optionalArg: true },
        { argumentType: FunctionArgumentType.SCALAR, optionalArg: true },
        { argumentType: FunctionArgumentType.SCALAR, optionalArg: true },
      ],
    },
  };

  techSubsidy(ast: ProcedureAst, state: InterpreterState) {
    return this.runFunction(
      ast.args,
      state,
      this.metadata("TT.TECHSUBSIDY"),
      (amount: unknown, region?: unknown, role?: unknown, source?: unknown, date?: unknown) => {
        // Excel hands an omitted optional argument over as null; a single cell as a 1×1 matrix.
        const cell = TECHSUBSIDY(
          [[amount]],
          (region ?? null) as string,
          (role ?? null) as string,
          (source ?? null) as string,
          date ?? null,
        )[0]![0];
        if (isExcelError(cell)) return new CellError(cell.code === "#VALUE!" ? ErrorType.VALUE : ErrorType.NA, cell.message);
        return cell as number;
      },
    );
  }
}

/** Excel's ERROR.TYPE (HyperFormula lacks it): the template's 预计补助 formula uses it to tell #NAME? apart. */
const ERROR_CODES: Partial<Record<ErrorType, number>> = {
  [ErrorType.DIV_BY_ZERO]: 2,
  [ErrorType.VALUE]: 3,
  [ErrorType.REF]: 4,
  [ErrorType.NAME]: 5,
  [ErrorType.NUM]: 6,
  [ErrorType.NA]: 7,
};
class ExcelErrorTypePlugin extends FunctionPlugin implements FunctionPluginTypecheck<ExcelErrorTypePlugin> {
  static override implementedFunctions = {
    "ERROR.TYPE": { method: "errorType", parameters: [{ argumentType: FunctionArgumentType.SCALAR }] },
  };
  errorType(ast: ProcedureAst, state: InterpreterState) {
    return this.runFunction(ast.args, state, this.metadata("ERROR.TYPE"), (v: unknown) =>
      v instanceof CellError && ERROR_CODES[v.type] !== undefined ? ERROR_CODES[v.type]! : new CellError(ErrorType.NA),
    );
  }
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** Cell contents as HyperFormula takes them: formulas with "=", dates as Excel serial numbers. */
function hfSheets(wb: ExcelJS.Workbook): Record<string, unknown[][]> {
  const sheets: Record<string, unknown[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: unknown[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row: unknown[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const v = ws.getCell(r, c).value;
        if (v instanceof Date) row.push((v.getTime() - EXCEL_EPOCH_MS) / 86_400_000);
        else if (v && typeof v === "object" && "formula" in v) row.push(`=${v.formula}`);
        else if (v && typeof v === "object" && "richText" in v) row.push(v.richText.map((t) => t.text).join(""));
        else row.push(v ?? null);
      }
      rows.push(row);
    }
    sheets[ws.name] = rows;
  }
  return sheets;
}

const HE_ROWS: PrefillRows = {
  achievements: [
    {
      title: "钢铁烟气脱硝催化剂",
      sector: "high-performance-materials",
      mode: "transfer",
      city: "唐山",
      date: "2024-06-18",
      contractAmount: 900000,
      receivedAmount: 900000,
    },
  ],
  contracts: [
    {
      registrationNumber: "2024130100000011",
      type: "transfer",
      buyerName: "唐山某钢铁有限公司",
      buyerRegion: "CN-HE",
      sellerName: "北京某研究院",
      sellerRegion: "CN-BJ",
      role: "buyer",
      signedDate: "2024-04-10",
      contractAmount: 2600000,
      sourceJingJin: true,
    },
    {
      registrationNumber: "2024130100000012",
      type: "development",
      buyerName: "石家庄某药业公司",
      buyerRegion: "CN-HE",
      sellerName: "河北某大学",
      sellerRegion: "CN-HE",
      role: "buyer",
      signedDate: "2024-08-01",
      contractAmount: 750000.5,
      sourceJingJin: false,
    },
    {
      registrationNumber: "2024130100000013",
      type: "consulting",
      buyerName: "天津某公司",
      buyerRegion: "CN-TJ",
      sellerName: "河北省某院",
      sellerRegion: "CN-HE",
      role: "seller",
      signedDate: "2024-09-09",
      contractAmount: 400000,
      sourceJingJin: false,
    },
  ],
  receipts: [{ registrationNumber: "2024130100000011", date: "2024-05-01", amount: 1000000 }],
};

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
  HyperFormula.registerFunctionPlugin(ExcelErrorTypePlugin, { enGB: { "ERROR.TYPE": "ERROR.TYPE" } });
  HyperFormula.registerFunctionPlugin(TechTransferPlugin, { enGB: { "TT.TECHSUBSIDY": "TT.TECHSUBSIDY" } });
});
afterAll(async () => {
  HyperFormula.unregisterFunctionPlugin(TechTransferPlugin);
  HyperFormula.unregisterFunctionPlugin(ExcelErrorTypePlugin);
  await f.close();
});

async function evaluate(instituteId: string, region: RegionCode, rows: PrefillRows) {
  const admin = await f.token({ role: "admin" });
  const download = await call(templateGet, f.services, { token: admin, query: { instituteId, year: "2024" } });
  expect(download.status).toBe(200);
  const filled = await fillTemplate(download.body as Buffer, region, rows);
  const read = await readSubmissionWorkbook(filled);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const hf = HyperFormula.buildFromSheets(hfSheets(await loadWorkbook(filled)) as never, { licenseKey: "gpl-v3" });
  const sheet = hf.getSheetId(CONTRACTS.sheet)!;
  const column = letterOf(CONTRACTS, "expectedSubsidy").charCodeAt(0) - 65;
  const computed = read.submission.contracts.map((_, i) => hf.getCellValue({ sheet, row: i + 1, col: column }));
  const engine = read.submission.contracts.map((c) => contractSubsidy({ region, year: 2024 }, c));
  hf.destroy();
  return { computed, engine };
}

test("Heilongjiang: the expected-subsidy column equals the engine's contractSubsidy for each contract", async () => {
  const { computed, engine } = await evaluate("HLJ-001", "CN-HL", HL_ROWS);
  expect(engine.map((e) => e.status)).toEqual(["computed", "computed"]);
  expect(computed).toEqual(engine.map((e) => (e.status === "computed" ? Number(e.amount) : null)));
  // Only the receipts dated in 2024 count: 800,000 → 240,000 and 3,500,000 (not 4,500,000) → 1,000,000 cap or 30%.
  expect(computed[0]).toBe(240000);
  expect(engine[1]!.basis.amount).toBe("3500000.00");
});

test("Hebei: contract amount on the signing date, with and without a 京津 source; a seller has no rule (error, like the engine)", async () => {
  const { computed, engine } = await evaluate("HEB-001", "CN-HE", HE_ROWS);
  expect(engine.map((e) => e.status)).toEqual(["computed", "computed", "no-rule"]);
  expect(computed.slice(0, 2)).toEqual(engine.slice(0, 2).map((e) => (e.status === "computed" ? Number(e.amount) : null)));
  expect(computed[0]).not.toBe(computed[1]);
  expect(computed[2]).toBeInstanceOf(Object);
  expect((computed[2] as { type: string }).type).toBe(ErrorType.NA);
});

test("without the add-in (TT.TECHSUBSIDY unknown) the expected-subsidy column shows the placeholder, never #NAME?", async () => {
  HyperFormula.unregisterFunctionPlugin(TechTransferPlugin);
  try {
    const { computed } = await evaluate("HLJ-001", "CN-HL", HL_ROWS);
    expect(computed).toEqual([SUBSIDY_PLACEHOLDER, SUBSIDY_PLACEHOLDER]);
  } finally {
    HyperFormula.registerFunctionPlugin(TechTransferPlugin, { enGB: { "TT.TECHSUBSIDY": "TT.TECHSUBSIDY" } });
  }
});
