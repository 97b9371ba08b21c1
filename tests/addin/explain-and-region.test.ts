/**
 * Issue 11 in the add-in: TT.EXPLAIN as an auditor reads it (document title and 文号, article in Chinese,
 * effective date, the quoted clause loaded lazily and once, "解读：…" rows, the region and how it was
 * chosen), and the workbook's default region used when the region argument is omitted — a region without
 * the rule is #N/A "…无此规定", never another province's figure.
 */
import * as TT from "../../addin/functions/functions";
import { setDefaultRegion, setLanguage, DEFAULT_REGION_SETTING } from "../../addin/functions/runtime-state";
import { setQuoteLoader } from "../../addin/functions/quotes";
import { basisRows } from "../../addin/functions/explain";
import type { StandInExcelError } from "../../addin/functions/excel-errors";
import { PARAMETERS } from "@tt/engine";

const DATE = "2024-06-01";
const err = (v: unknown) => v as StandInExcelError;
let loads = 0;
/** What policy-quotes.json holds: the quotes by parameter id (the bundle has none; Node tests strip them here). */
const QUOTES = Object.fromEntries(PARAMETERS.map((p) => [p.id, p.reference.quote]));

beforeEach(() => {
  setLanguage("zh");
  void setDefaultRegion(null);
  loads = 0;
  setQuoteLoader(async () => {
    loads++;
    return QUOTES;
  });
});
afterAll(() => {
  setLanguage(null);
  setQuoteLoader(undefined);
});

const col = (rows: unknown[][], i: number) => rows.map((r) => String(r[i]));

describe("TT.EXPLAIN for an auditor", () => {
  test("Heilongjiang subsidy: title, 文号, article, effective date, quoted clause, reading, region; in Chinese", async () => {
    const rows = await TT.EXPLAIN("TECHSUBSIDY", [800000, "CN-HL", null, null, DATE]);
    const words = col(rows, 0);
    expect(words).toContain(
      "依据：《黑龙江省技术转移体系建设实施方案》（黑政发〔2017〕16号）第二部分第（四）项 促进技术合同交易，自2017年10月24日起适用",
    );
    expect(words.some((w) => w.startsWith("原文：“") && w.includes("30%"))).toBe(true);
    expect(words.some((w) => w.startsWith("解读：单方支持"))).toBe(true);
    expect(words).toContain("地区：黑龙江省（按参数填写）");
    expect(col(rows, 2)).toContain("黑政发〔2017〕16号第二部分第（四）项");
    expect(rows.at(-1)![1]).toBe(240000);
    const all = rows.flat().map(String).join("\n");
    expect(all.match(/\b00[0-4]\b|\.txt|cn-h[le]\.|item \d/g)).toBeNull();
  });

  test("Hebei tiers: Chinese step words (no 以上/above), the marginal reading and 最高 as its own 解读 rows", async () => {
    const rows = await TT.EXPLAIN("TECHSUBSIDY", [1500000, "CN-HE", null, null, DATE]);
    const words = col(rows, 0);
    expect(words).toContain("超过 1000000.00 元的部分 500000.00 元 × 最高比例 5%");
    expect(words.join("")).not.toContain("above");
    expect(words.filter((w) => w.startsWith("解读：")).length).toBeGreaterThanOrEqual(2);
    expect(words.some((w) => w.startsWith("依据：《河北省重大科技成果转化行动实施方案》第9条"))).toBe(true);
  });

  test("the quotes are fetched once and kept; when they cannot be loaded the citation still stands and says so", async () => {
    // as in the bundle, where the loader strips reference.quote and the table is fetched beside functions.js
    const bare = PARAMETERS.filter((p) => p.id.startsWith("cn-hl.tech-subsidy.buyer")).map((p) => ({
      id: p.id,
      reference: { ...p.reference, quote: "" },
    }));
    const first = await basisRows(bare, "zh");
    await basisRows(bare, "zh");
    expect(loads).toBe(1);
    expect(first.map((r) => String(r[0]))).toContain(`原文：“${QUOTES["cn-hl.tech-subsidy.buyer.rate"]}”`);
    setQuoteLoader(async () => {
      throw new Error("offline");
    });
    const offline = (await basisRows(bare, "zh")).map((r) => String(r[0]));
    expect(offline.some((w) => w.startsWith("依据：《黑龙江省技术转移体系建设实施方案》（黑政发〔2017〕16号）第二部分第（四）项"))).toBe(
      true,
    );
    expect(offline).toContain("原文：原文暂时无法加载，请联网后重算");
  });

  test("a date before the document is #N/A naming the document by its title", async () => {
    const [[cell]] = (await TT.EXPLAIN("TECHSUBSIDY", [800000, "CN-HE", null, null, "2021-05-27"])) as [[unknown]];
    expect(err(cell).code).toBe("#N/A");
    expect(err(cell).message).toContain("《河北省重大科技成果转化行动实施方案》尚未施行");
    expect(TT.TECHSUBSIDY([[800000]], "CN-HE", null as never, null as never, "2021-05-28")).toEqual([[80000]]);
  });
});

describe("a region on every regional function, and the workbook's default region", () => {
  const NINE: [string, () => unknown[][]][] = [
    ["SPECIALISTSHARE", () => TT.SPECIALISTSHARE([[240000]], null as never, DATE)],
    ["COMMISSIONERSHARE", () => TT.COMMISSIONERSHARE([[240000]], null as never, DATE)],
    ["INVENTOREQUITY", () => TT.INVENTOREQUITY([[1000]], null as never, DATE)],
    ["HIGHTECHAWARD", () => TT.HIGHTECHAWARD(null as never, null as never, DATE)],
    ["SEEDINVESTREWARD", () => TT.SEEDINVESTREWARD([[2000000]], null as never, DATE)],
    ["CONSORTIUMSUPPORT", () => TT.CONSORTIUMSUPPORT([[1000000]], null as never, DATE)],
    ["LISTINGAWARD", () => TT.LISTINGAWARD(null as never, null as never, DATE)],
    ["LABGRANT", () => TT.LABGRANT(null as never, null as never, DATE)],
    ["DEMOGRANT", () => TT.DEMOGRANT(null as never, null as never, DATE)],
  ];
  const HEBEI_ONLY = ["HIGHTECHAWARD", "SEEDINVESTREWARD", "CONSORTIUMSUPPORT", "LISTINGAWARD", "LABGRANT"];

  test.each(NINE)("%s with the workbook default Heilongjiang: a figure only where Heilongjiang has the rule", async (name, call) => {
    await setDefaultRegion("CN-HL");
    const [[cell]] = call() as [[unknown]];
    if (HEBEI_ONLY.includes(name)) {
      expect(err(cell).code).toBe("#N/A");
      expect(err(cell).message).toMatch(/^黑龙江省无此规定：/);
    } else expect(typeof cell).toBe("number");
  });

  test.each(NINE)("%s with the workbook default Hebei: a figure only where Hebei has the rule", async (name, call) => {
    await setDefaultRegion("CN-HE");
    const [[cell]] = call() as [[unknown]];
    if (HEBEI_ONLY.includes(name)) expect(typeof cell).toBe("number");
    else {
      expect(err(cell).code).toBe("#N/A");
      expect(err(cell).message).toMatch(/^河北省无此规定：/);
    }
  });

  test("the default is kept in the Office document settings and shown in EXPLAIN", async () => {
    const saved: Record<string, unknown> = {};
    (globalThis as { Office?: unknown }).Office = {
      context: {
        document: {
          settings: { get: (k: string) => saved[k], set: (k: string, v: unknown) => (saved[k] = v), saveAsync: (cb: () => void) => cb() },
        },
      },
    };
    try {
      await setDefaultRegion("CN-HE");
      expect(saved[DEFAULT_REGION_SETTING]).toBe("CN-HE");
      const rows = await TT.EXPLAIN("HIGHTECHAWARD", [2, null, DATE]);
      expect(col(rows, 0)).toContain("地区：河北省（参数未填，按工作簿默认地区（任务窗格中设置））");
      expect(rows.at(-1)![1]).toBe(200000);
      // an explicit region wins over the default
      expect(err(TT.HIGHTECHAWARD([[1]], "CN-HL", DATE)[0]![0]).code).toBe("#N/A");
    } finally {
      delete (globalThis as { Office?: unknown }).Office;
    }
  });

  test("no default and no region: Heilongjiang, said so in EXPLAIN", async () => {
    const rows = await TT.EXPLAIN("SPECIALISTSHARE", [240000, null, DATE]);
    expect(col(rows, 0)).toContain("地区：黑龙江省（参数未填且工作簿未设默认地区，按黑龙江省）");
  });
});
