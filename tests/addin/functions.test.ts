/**
 * The TT.* adapters in Node, imported from source: named cases through the Excel names give the engine's
 * exact results, ranges spill, errors land in the right cell as the right Excel error with the engine's
 * message. (tests/addin/built-bundle.test.ts repeats the essentials on the built bundle in Chromium.)
 */
import * as TT from "../../addin/functions/functions";
import { setLanguage } from "../../addin/functions/runtime-state";
import { StandInExcelError, toExcelError } from "../../addin/functions/excel-errors";
import {
  techSubsidy,
  transferInstitutionReward,
  incomeShare,
  insuranceCompensation,
  specialistShare,
  commissionerShare,
  inventorEquity,
  highTechEnterpriseAward,
  seedInvestmentReward,
  consortiumSupport,
  listingAward,
  enterpriseLabGrant,
  demonstrationGrant,
  taxableRewardAmount,
  type PolicyError,
} from "@tt/engine";

const DATE = "2024-06-01";
const err = (v: unknown) => v as StandInExcelError;

beforeEach(() => setLanguage("en"));
afterAll(() => setLanguage(null));

describe("TT.TECHSUBSIDY", () => {
  test("a Heilongjiang buyer receiving 800,000 gets 240,000 (=TT.TECHSUBSIDY(800000), optional arguments omitted as null)", () => {
    expect(TT.TECHSUBSIDY([[800000]], null as never, null as never, null as never, null)).toEqual([[240000]]);
  });

  test("a range spills a result of the same shape, each cell computed on its own", () => {
    const amounts = [
      [100000, 500000],
      [800000, 5000000],
      [499999.99, 3333333.33],
    ];
    const out = TT.TECHSUBSIDY(amounts, "CN-HL", "buyer", "", DATE);
    expect(out).toEqual(amounts.map((row) => row.map((a) => techSubsidy({ amount: a, date: DATE }).amount.toNumber())));
    expect(out).toEqual([
      [0, 150000],
      [240000, 1000000],
      [0, 1000000],
    ]);
  });

  test("Chinese names for region and role, Beijing/Tianjin source and an Excel date serial", () => {
    expect(TT.TECHSUBSIDY([[800000]], "黑龙江", "出让方", "", 45444)).toEqual([[240000]]);
    const hebei = techSubsidy({ amount: 1500000, region: "CN-HE", date: DATE }).amount.toNumber();
    expect(TT.TECHSUBSIDY([[1500000]], "河北", "受让方", "", DATE)).toEqual([[hebei]]);
    const jingjin = techSubsidy({ amount: 1500000, region: "CN-HE", source: "京津", date: DATE }).amount.toNumber();
    expect(TT.TECHSUBSIDY([[1500000]], "CN-HE", "buyer", "京津", DATE)).toEqual([[jingjin]]);
    expect(jingjin).not.toEqual(hebei);
  });

  test("a bad cell inside a range is #VALUE! with the engine's message in that cell only", () => {
    const out = TT.TECHSUBSIDY([[800000], ["abc"], [-5], [900000]], "CN-HL", "buyer", "", DATE);
    expect(out[0]).toEqual([240000]);
    expect(out[3]).toEqual([270000]);
    const expected = (amount: unknown) => {
      try {
        techSubsidy({ amount, date: DATE });
      } catch (e) {
        return (e as PolicyError).text.en;
      }
      throw new Error("expected a PolicyError");
    };
    expect(err(out[1]![0])).toMatchObject({ code: "#VALUE!", message: expected("abc") });
    expect(err(out[2]![0])).toMatchObject({ code: "#VALUE!", message: expected(-5) });
  });

  test("messages follow the language: Chinese when Excel's UI is Chinese", () => {
    setLanguage(null);
    (globalThis as { Office?: unknown }).Office = { context: { displayLanguage: "zh-CN" } };
    try {
      const [[cell]] = TT.TECHSUBSIDY([["abc"]], "CN-HL", "buyer", "", DATE) as [[unknown]];
      expect(err(cell).code).toBe("#VALUE!");
      expect(err(cell).message).toContain("应为数字金额");
      (globalThis as { Office?: unknown }).Office = { context: { displayLanguage: "en-US" } };
      expect(err(TT.TECHSUBSIDY([["abc"]], "CN-HL", "buyer", "", DATE)[0]![0]).message).toContain("must be a number");
    } finally {
      delete (globalThis as { Office?: unknown }).Office;
    }
  });

  test("a rule that does not exist (Hebei seller) is #N/A naming the rules that exist", () => {
    const [[cell]] = TT.TECHSUBSIDY([[800000]], "CN-HE", "seller", "", DATE) as [[unknown]];
    expect(err(cell).code).toBe("#N/A");
    expect(err(cell).message).toContain("Hebei has no such rule");
    expect(err(cell).message).toContain("exists only in Heilongjiang");
  });

  test("an unknown region is #VALUE! (bad input), never a silent 0", () => {
    const [[cell]] = TT.TECHSUBSIDY([[800000]], "Shanghai", "buyer", "", DATE) as [[unknown]];
    expect(err(cell)).toMatchObject({ code: "#VALUE!" });
    expect(err(cell).message).toContain("CN-HL");
  });

  test("blank cells inside a range give blank results; a single blank argument is #VALUE!", () => {
    expect(TT.TECHSUBSIDY([[800000], [null], [""]], "CN-HL", "buyer", "", DATE)).toEqual([[240000], [""], [""]]);
    expect(err(TT.TECHSUBSIDY([[null]], "CN-HL", "buyer", "", DATE)[0]![0]).code).toBe("#VALUE!");
  });

  test("an Excel error inside the input range passes through to the same cell", () => {
    const na = new StandInExcelError("#N/A", "upstream");
    expect(TT.TECHSUBSIDY([[na], [800000]], "CN-HL", "buyer", "", DATE)).toEqual([[na], [240000]]);
  });

  test("uses CustomFunctions.Error when the Excel runtime is present", () => {
    class FakeError {
      constructor(
        public code: string,
        public message?: string,
      ) {}
    }
    (globalThis as { CustomFunctions?: unknown }).CustomFunctions = {
      Error: FakeError,
      ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
    };
    try {
      const [[cell]] = TT.TECHSUBSIDY([["x"]], "CN-HL", "buyer", "", DATE) as [[unknown]];
      expect(cell).toBeInstanceOf(FakeError);
      expect(cell).toMatchObject({ code: "#VALUE!" });
    } finally {
      delete (globalThis as { CustomFunctions?: unknown }).CustomFunctions;
    }
  });

  test("a defect is #N/A with a plain message, never JavaScript exception text", () => {
    jest.spyOn(console, "error").mockImplementation(() => undefined);
    const e = toExcelError(new TypeError("Cannot read properties of undefined (reading 'x')"), "en");
    expect(e.code).toBe("#N/A");
    expect(e.message).not.toMatch(/undefined|TypeError|reading/);
    jest.restoreAllMocks();
  });
});

describe("TT.TARGET / TT.TARGETGAP", () => {
  test("=TT.TARGET(2024) → 80 industrialised achievements (Heilongjiang)", () => {
    expect(TT.TARGET([[2024]], null as never, null as never)).toEqual([[80]]);
  });

  test("=TT.TARGETGAP(2024, 55) → 25", async () => {
    await expect(TT.TARGETGAP([[2024]], [[55]], null as never, null as never)).resolves.toEqual([[25]]);
  });

  test("years and actuals as ranges of the same shape pair cell by cell; a wrong shape is #VALUE!", async () => {
    await expect(TT.TARGETGAP([[2024], [2024]], [[55], [90]], "industrialised", "CN-HL")).resolves.toEqual([[25], [-10]]);
    const [[cell]] = (await TT.TARGETGAP([[2024], [2024]], [[1, 2, 3]], "industrialised", "CN-HL")) as [[unknown]];
    expect(err(cell)).toMatchObject({ code: "#VALUE!" });
  });

  test("a year without a target is #N/A naming the years that have one", () => {
    const [[cell]] = TT.TARGET([[2099]], null as never, null as never) as [[unknown]];
    expect(err(cell).code).toBe("#N/A");
    expect(err(cell).message).toMatch(/Years that have one: .*2024/);
  });

  test("an unknown metric is #N/A naming the metrics that exist", () => {
    const [[cell]] = TT.TARGET([[2024]], "unicorns", "CN-HL") as [[unknown]];
    expect(err(cell).code).toBe("#N/A");
    expect(err(cell).message).toContain("industrialised");
  });
});

describe("the other rules: one Excel function each, same results as the engine", () => {
  const n = (r: { amount: { toNumber(): number } }) => r.amount.toNumber();
  test.each([
    [
      "TRANSFERREWARD",
      () => TT.TRANSFERREWARD([[40000000]], 3, "CN-HL", DATE),
      n(transferInstitutionReward({ paidTotal: 40000000, rank: 3, date: DATE })),
    ],
    ["TRANSFERREWARD rank 11", () => TT.TRANSFERREWARD([[40000000]], 11, "CN-HL", DATE), 0],
    ["INCOMESHARE", () => TT.INCOMESHARE([[1000000]], null as never, null as never, DATE), n(incomeShare({ income: 1000000, date: DATE }))],
    [
      "INCOMESHARE CN-HE main contributors",
      () => TT.INCOMESHARE([[1000000]], "主要贡献人员", "CN-HE", DATE),
      n(incomeShare({ income: 1000000, party: "main-contributors", region: "CN-HE", date: DATE })),
    ],
    [
      "INSURANCECOMP",
      () => TT.INSURANCECOMP([[50000]], null as never, null as never, DATE),
      n(insuranceCompensation({ premium: 50000, date: DATE })),
    ],
    ["SPECIALISTSHARE", () => TT.SPECIALISTSHARE([[240000]], "CN-HL", DATE), n(specialistShare({ subsidy: 240000, date: DATE }))],
    [
      "COMMISSIONERSHARE (region omitted: Heilongjiang)",
      () => TT.COMMISSIONERSHARE([[240000]], null as never, DATE),
      n(commissionerShare({ subsidy: 240000, date: DATE })),
    ],
    ["INVENTOREQUITY", () => TT.INVENTOREQUITY([[1000]], "黑龙江", DATE), n(inventorEquity({ equity: 1000, date: DATE }))],
    [
      "HIGHTECHAWARD (count omitted)",
      () => TT.HIGHTECHAWARD(null as never, "CN-HE", DATE),
      n(highTechEnterpriseAward({ region: "CN-HE", date: DATE })),
    ],
    ["HIGHTECHAWARD 3", () => TT.HIGHTECHAWARD([[3]], "河北", DATE), n(highTechEnterpriseAward({ count: 3, region: "CN-HE", date: DATE }))],
    [
      "SEEDINVESTREWARD",
      () => TT.SEEDINVESTREWARD([[2000000]], "CN-HE", DATE),
      n(seedInvestmentReward({ invested: 2000000, region: "CN-HE", date: DATE })),
    ],
    [
      "CONSORTIUMSUPPORT",
      () => TT.CONSORTIUMSUPPORT([[9000000]], "CN-HE", DATE),
      n(consortiumSupport({ requested: 9000000, region: "CN-HE", date: DATE })),
    ],
    ["LISTINGAWARD (max)", () => TT.LISTINGAWARD(null as never, "CN-HE", DATE), n(listingAward({ region: "CN-HE", date: DATE }))],
    ["LABGRANT (max)", () => TT.LABGRANT(null as never, "CN-HE", DATE), n(enterpriseLabGrant({ region: "CN-HE", date: DATE }))],
    ["DEMOGRANT (max)", () => TT.DEMOGRANT(null as never, "CN-HL", DATE), n(demonstrationGrant({ date: DATE }))],
    ["BROKERSHARE", () => TT.BROKERSHARE([[600000]], "CN-HL", DATE), 300000],
    [
      "TAXABLEREWARD",
      () => TT.TAXABLEREWARD([[100000]], "2024-01-10", "2024-06-01", true),
      n(taxableRewardAmount({ cashReward: 100000, incomeDate: "2024-01-10", paidDate: "2024-06-01", nonProfit: true })),
    ],
  ])("%s", (_name, call, expected) => {
    expect(call()).toEqual([[expected]]);
  });

  test('ranged awards: max by default, min on request, both with {"min","max"}', () => {
    const r = listingAward({ region: "CN-HE", date: DATE }).range!;
    expect(TT.LISTINGAWARD([["min", "max"]], "CN-HE", DATE)).toEqual([[r.min.toNumber(), r.max.toNumber()]]);
    expect(TT.LISTINGAWARD([["最低"]], "CN-HE", DATE)).toEqual([[r.min.toNumber()]]);
    expect(err(TT.LISTINGAWARD([["middle"]], "CN-HE", DATE)[0]![0]).code).toBe("#VALUE!");
  });

  test("a rule that exists only in Heilongjiang asked for Hebei is #N/A", () => {
    const [[cell]] = TT.INSURANCECOMP([[50000]], 1, "CN-HE", DATE) as [[unknown]];
    expect(err(cell).code).toBe("#N/A");
    expect(err(cell).message).toContain("Heilongjiang");
  });

  test("TAXABLEREWARD needs TRUE/FALSE for nonProfit", () => {
    expect(err(TT.TAXABLEREWARD([[100000]], "2024-01-10", "2024-06-01", "maybe" as never)[0]![0]).code).toBe("#VALUE!");
  });
});

describe("TT.EXPLAIN", () => {
  test('EXPLAIN("TECHSUBSIDY", 800000, "CN-HL") spills a header and one row per step, ending with the result', async () => {
    const rows = await TT.EXPLAIN("TECHSUBSIDY", [800000, "CN-HL", null, null, DATE]);
    const engine = techSubsidy({ amount: 800000, region: "CN-HL", date: DATE });
    expect(rows[0]).toEqual(["Step", "Value", "Clause"]);
    expect(rows.slice(1, 1 + engine.steps.length)).toEqual(engine.steps.map((s) => [s.en, Number(s.value), s.clause ?? ""]));
    expect(rows[rows.length - 1]![1]).toBe(240000);
    expect(rows.every((r) => r.length === 3)).toBe(true);
    expect(rows.some((r) => r[2] === "黑政发〔2017〕16号第二部分第（四）项")).toBe(true);
  });

  test("in Chinese when the language is Chinese; arguments may arrive as 1×1 matrices; TT. prefix accepted", async () => {
    setLanguage("zh");
    const rows = await TT.EXPLAIN("tt.techsubsidy", [[[800000]], [["CN-HL"]]]);
    expect(rows[0]).toEqual(["步骤", "数值", "条款"]);
    expect(rows[rows.length - 1]![0]).toBe("结果");
  });

  test("targets, gaps and ranged awards explain too", async () => {
    const target = await TT.EXPLAIN("TARGET", [2024]);
    expect(target[target.length - 1]![1]).toBe(80);
    const gap = await TT.EXPLAIN("TARGETGAP", [2024, 55]);
    expect(gap[gap.length - 1]![1]).toBe(25);
    const listing = await TT.EXPLAIN("LISTINGAWARD", ["min", "CN-HE", DATE]);
    expect(listing[listing.length - 1]![1]).toBe(listingAward({ region: "CN-HE", date: DATE }).range!.min.toNumber());
  });

  test("an unknown function is one #N/A cell naming the functions that exist; bad input is #VALUE!", async () => {
    const [[cell]] = (await TT.EXPLAIN("NOSUCH", [])) as [[unknown]];
    expect(err(cell).code).toBe("#N/A");
    expect(err(cell).message).toContain("TECHSUBSIDY");
    const [[bad]] = (await TT.EXPLAIN("TECHSUBSIDY", ["abc"])) as [[unknown]];
    expect(err(bad).code).toBe("#VALUE!");
  });
});
