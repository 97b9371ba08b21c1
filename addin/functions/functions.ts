/**
 * The TT.* Excel custom functions. The JSDoc here IS the metadata: custom-functions-metadata-plugin
 * generates functions.json from it at build time, and scripts/localize-functions.ts generates
 * functions-zh-cn.json from the same comments (`@zh` = Chinese description, `@zhparam name text` =
 * Chinese parameter description). Never edit either JSON by hand.
 *
 * Each function is a thin adapter over the policy engine (shared/src): the first argument may be a
 * range and the result spills in the same shape; optional arguments arrive as null when omitted and
 * the engine applies the defaults; failures become #VALUE! (bad input) or #N/A (no such rule/target,
 * no live data) with the engine's message in Excel's UI language. The argument order is a contract.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Excel cells are untyped; the engine parses them */
import { RULES, amountOf, parseBound } from "./rules";
import { overRange, overRangeAsync, type Matrix } from "./matrix";
import { techSubsidyColumn } from "./tech-subsidy-column";
import { target } from "@tt/engine";
import { liveActual, targetGapOver } from "./live";
import { stillNeededOver } from "./still-needed";
import { explain } from "./explain";
import { toExcelError } from "./excel-errors";
import { currentLanguage } from "./runtime-state";
import { installPublicApi } from "./public-api";

installPublicApi();

/**
 * Technology-transaction subsidy (CN-HL 001 二(四): 30% of the amount received from 500,000, at most 1,000,000; CN-HE 004 item 9).
 * @zh 技术交易补助（黑龙江 001 二(四)：到账金额 50 万元以上的 30%，最高 100 万元；河北 004 第 9 条）。
 * @customfunction
 * @param amount Actual amount received (CNY); a cell or a range.
 * @param [region] CN-HL (default) or CN-HE; 黑龙江 / 河北 also accepted.
 * @param [role] buyer (default) or seller; 受让方 / 出让方 also accepted.
 * @param [source] Hebei only: BJ, TJ or 京津 when the achievement comes from Beijing or Tianjin; empty otherwise.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam amount 技术交易实际到账金额（元），可为单元格或区域。
 * @zhparam region 地区：CN-HL（默认，黑龙江）或 CN-HE（河北）。
 * @zhparam role 交易角色：buyer/受让方（默认）或 seller/出让方。
 * @zhparam source 仅河北：成果来源于京津时填 BJ、TJ 或 京津，否则留空。
 * @zhparam date 适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The subsidy (CNY), one per input cell.
 */
export function TECHSUBSIDY(amount: any[][], region?: string, role?: string, source?: string, date?: any): any[][] {
  return overRange(amount, techSubsidyColumn(region, role, source, date));
}

/**
 * Target for a year (e.g. Heilongjiang achievements industrialised per year).
 * @zh 指定年份的目标值（如黑龙江每年科技成果产业化数）。
 * @customfunction
 * @param year Year (e.g. 2024); a cell or a range.
 * @param [metric] Target metric, default industrialised.
 * @param [region] CN-HL (default) or CN-HE.
 * @zhparam year 年份（如 2024），可为单元格或区域。
 * @zhparam metric 指标，默认 industrialised（成果产业化数）。
 * @zhparam region 地区：CN-HL（默认）或 CN-HE。
 * @returns The target value.
 */
export function TARGET(year: any[][], metric?: string, region?: string): any[][] {
  return overRange(year, (y) => target({ year: y, metric, region }).value.toNumber());
}

/**
 * Gap to target: target − actual (negative means ahead). Without an actual, the live provincial actual is fetched from the cloud API.
 * @zh 与目标的差距：目标 − 实际（负数表示超额完成）。不填实际值时从云端取全省实时完成数。
 * @customfunction
 * @param year Year (e.g. 2024); a cell or a range.
 * @param [actual] Actual achieved; a value or a range of the same shape. Omit to use the live actual.
 * @param [metric] Target metric, default industrialised.
 * @param [region] CN-HL (default) or CN-HE.
 * @zhparam year 年份（如 2024），可为单元格或区域。
 * @zhparam actual 实际完成数；可为一个值或与年份同样大小的区域。省略则取云端实时数。
 * @zhparam metric 指标，默认 industrialised（成果产业化数）。
 * @zhparam region 地区：CN-HL（默认）或 CN-HE。
 * @returns target − actual.
 */
export function TARGETGAP(year: any[][], actual?: any[][], metric?: string, region?: string): Promise<any[][]> {
  return targetGapOver(year, actual, metric, region);
}

/**
 * Live provincial actual for a year and metric, from the cloud API (batched; cached for a minute).
 * @zh 指定年份与指标的全省实际完成数（云端实时数据，批量请求，缓存一分钟）。
 * @customfunction
 * @param year Year (e.g. 2024); a cell or a range.
 * @param [metric] Metric, default industrialised.
 * @param [region] CN-HL (default) or CN-HE.
 * @zhparam year 年份（如 2024），可为单元格或区域。
 * @zhparam metric 指标，默认 industrialised（成果产业化数）。
 * @zhparam region 地区：CN-HL（默认）或 CN-HE。
 * @returns The live actual.
 */
export function PROGRESS(year: any[][], metric?: string, region?: string): Promise<any[][]> {
  return overRangeAsync(year, async (y) => Number(await liveActual(y, metric, region)));
}

/**
 * Still needed in each remaining year to reach a cumulative target, given the cumulative actual through `year`. Follows the document's own year-by-year schedule where it gives one, otherwise spreads the rest evenly; the default series answers. Spills one row per year cell: the need of year+1, year+2, … up to the due year.
 * @zh 累计目标剩余各年还需完成数：给定截至该年（含）的累计实际数，按同一文件的逐年安排（有安排时）或平均分摊到剩余各年；按默认目标口径。每个年份单元格返回一行：次年起至截止年各年所需。
 * @customfunction
 * @param year Year the actual runs through (e.g. 2023); a cell or a column of cells.
 * @param actual Cumulative actual through that year; a value or a range of the same shape.
 * @param [metric] Cumulative metric, default the total of the default per-year metric.
 * @param [region] CN-HL (default) or CN-HE.
 * @zhparam year 累计实际数截至的年份（如 2023），可为单元格或一列单元格。
 * @zhparam actual 截至该年的累计实际完成数；可为一个值或与年份同样大小的区域。
 * @zhparam metric 累计指标，默认为默认年度指标对应的累计总数。
 * @zhparam region 地区：CN-HL（默认）或 CN-HE。
 * @returns The need of each remaining year, left to right (one cell with the whole rest when the target is due that year).
 */
export function STILLNEEDED(year: any[][], actual: any[][], metric?: string, region?: string): any[][] {
  return stillNeededOver(year, actual, metric, region);
}

/**
 * Reward to a top-ten technology-transfer institution (CN-HL 000 三(三): 3% of payments, at most 1,000,000).
 * @zh 技术转移机构奖励（黑龙江 000 三(三)：排名前十，按实际支付总额 3%，最高 100 万元）。
 * @customfunction
 * @param paidTotal Actual payments of the registered contracts it brought about last year (CNY); a cell or a range.
 * @param rank Rank by last year's in-province turnover (1 = highest).
 * @param [region] CN-HL (default; the only region with this rule).
 * @param [date] Date whose rules apply; default today.
 * @zhparam paidTotal 上年促成的登记技术合同实际支付总额（元），可为单元格或区域。
 * @zhparam rank 上年省内技术合同成交额排名（1 为最高）。
 * @zhparam region 地区，默认 CN-HL（仅黑龙江有此规定）。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The reward (CNY).
 */
export function TRANSFERREWARD(paidTotal: any[][], rank: number, region?: string, date?: any): any[][] {
  return overRange(paidTotal, (p) => RULES.TRANSFERREWARD(p, rank, region, date).amount.toNumber());
}

/**
 * Minimum share of income from a duty achievement (CN-HL 000 三(四): completers ≥ 70%, contributors ≥ 10% of net income; CN-HE 004 item 8: pool ≥ 70%, main contributors ≥ 50% of the pool).
 * @zh 职务科技成果转化收益的最低分配额（黑龙江：成果完成人不低于净收益 70%，转化贡献人不低于 10%；河北：奖励总额不低于 70%，主要贡献人员不低于奖励总额 50%）。
 * @customfunction
 * @param netIncome Net transformation income (CN-HL) or cash income (CN-HE), CNY; a cell or a range.
 * @param [party] completers (default) or contributors for CN-HL; pool or main-contributors for CN-HE.
 * @param [region] CN-HL (default) or CN-HE.
 * @param [date] Date whose rules apply; default today.
 * @zhparam netIncome 转化净收益（黑龙江）或现金收益（河北），元，可为单元格或区域。
 * @zhparam party 分配对象：黑龙江 completers/成果完成人（默认）、contributors/转化贡献人；河北 pool/奖励总额、main-contributors/主要贡献人员。
 * @zhparam region 地区：CN-HL（默认）或 CN-HE。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The least amount the rule requires (CNY).
 */
export function INCOMESHARE(netIncome: any[][], party?: string, region?: string, date?: any): any[][] {
  return overRange(netIncome, (n) => RULES.INCOMESHARE(n, party, region, date).amount.toNumber());
}

/**
 * First-of-kind product insurance compensation (CN-HL 001 二(一): 80% of the premium paid, term at most 3 years).
 * @zh 首台(套)产品质量责任保险补偿（黑龙江 001 二(一)：实际支付保费的 80%，保险期限不超过 3 年）。
 * @customfunction
 * @param premium Premium actually paid (CNY); a cell or a range.
 * @param [termYears] Policy term in years, default 1.
 * @param [region] CN-HL (default; the only region with this rule).
 * @param [date] Date whose rules apply; default today.
 * @zhparam premium 实际支付保费（元），可为单元格或区域。
 * @zhparam termYears 保险期限（年），默认 1。
 * @zhparam region 地区，默认 CN-HL（仅黑龙江有此规定）。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The one-off compensation (CNY).
 */
export function INSURANCECOMP(premium: any[][], termYears?: number, region?: string, date?: any): any[][] {
  return overRange(premium, (p) => RULES.INSURANCECOMP(p, termYears, region, date).amount.toNumber());
}

/**
 * Part of a transaction subsidy the enterprise may use to reward its transformation specialist (CN-HL 001 二(四): 10%).
 * @zh 企业可从技术交易补助中用于奖励成果转移转化专员的额度（黑龙江 001 二(四)：10%）。
 * @customfunction
 * @param subsidy Transaction subsidy received (CNY); a cell or a range.
 * @param [date] Date whose rules apply; default today.
 * @zhparam subsidy 企业获得的技术交易补助（元），可为单元格或区域。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The amount (CNY).
 */
export function SPECIALISTSHARE(subsidy: any[][], date?: any): any[][] {
  return overRange(subsidy, (s) => RULES.SPECIALISTSHARE(s, date).amount.toNumber());
}

/**
 * Encouraged minimum reward for the technology commissioner out of a transaction subsidy (CN-HL 000 三(二): at least 10%).
 * @zh 鼓励从技术交易补助中奖励科技特派员的最低额（黑龙江 000 三(二)：不低于 10%）。
 * @customfunction
 * @param subsidy Transaction subsidy received (CNY); a cell or a range.
 * @param [date] Date whose rules apply; default today.
 * @zhparam subsidy 企业获得的技术交易补助（元），可为单元格或区域。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The amount (CNY).
 */
export function COMMISSIONERSHARE(subsidy: any[][], date?: any): any[][] {
  return overRange(subsidy, (s) => RULES.COMMISSIONERSHARE(s, date).amount.toNumber());
}

/**
 * Least equity the inventor or team may hold in jointly applied-for IP (CN-HL 001 四(二): at least 70%).
 * @zh 共同申请知识产权中发明人或团队可享有的最低股权（黑龙江 001 四(二)：不低于 70%）。
 * @customfunction
 * @param equity Total equity (shares or value); a cell or a range.
 * @param [date] Date whose rules apply; default today.
 * @zhparam equity 股权总额（股数或价值），可为单元格或区域。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The least equity.
 */
export function INVENTOREQUITY(equity: any[][], date?: any): any[][] {
  return overRange(equity, (e) => RULES.INVENTOREQUITY(e, date).amount.toNumber());
}

/**
 * Award for newly recognised national high-tech enterprises (CN-HE 004 item 14: 100,000 each).
 * @zh 新认定国家高新技术企业补助（河北 004 第 14 条：每家 10 万元）。
 * @customfunction
 * @param [count] Number of newly recognised enterprises, default 1; a cell or a range.
 * @param [date] Date whose rules apply; default today.
 * @zhparam count 新认定企业家数，默认 1，可为单元格或区域。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The award (CNY).
 */
export function HIGHTECHAWARD(count?: any[][], date?: any): any[][] {
  return overRange(count ?? null, (n) => RULES.HIGHTECHAWARD(n, date).amount.toNumber());
}

/**
 * Reward to an equity manager investing in seed / start-up tech SMEs (CN-HE 004 item 19: 1% of the amount invested).
 * @zh 股权管理机构投资种子期、初创期科技型中小企业的奖励（河北 004 第 19 条：实际投资额的 1%）。
 * @customfunction
 * @param invested Amount actually invested (CNY); a cell or a range.
 * @param [date] Date whose rules apply; default today.
 * @zhparam invested 实际投资额（元），可为单元格或区域。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The reward (CNY).
 */
export function SEEDINVESTREWARD(invested: any[][], date?: any): any[][] {
  return overRange(invested, (i) => RULES.SEEDINVESTREWARD(i, date).amount.toNumber());
}

/**
 * Provincial funding for an innovation consortium's lead enterprise (CN-HE 004 item 2: the amount requested, at most 5,000,000).
 * @zh 创新联合体牵头企业省级科技计划项目财政资金支持（河北 004 第 2 条：按申请额，最高 500 万元）。
 * @customfunction
 * @param requested Funding requested (CNY); a cell or a range.
 * @param [date] Date whose rules apply; default today.
 * @zhparam requested 申请的财政资金（元），可为单元格或区域。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The funding (CNY).
 */
export function CONSORTIUMSUPPORT(requested: any[][], date?: any): any[][] {
  return overRange(requested, (r) => RULES.CONSORTIUMSUPPORT(r, date).amount.toNumber());
}

/**
 * Listing award (CN-HE 004 item 19: 300,000 to 2,000,000, decided by assessment). Returns the maximum, or the minimum with "min".
 * @zh 企业挂牌上市奖励（河北 004 第 19 条：30 万至 200 万元，由评审确定）。默认返回最高额，填 "min" 返回最低额。
 * @customfunction
 * @param [bound] max (default) or min; 最高 / 最低 also accepted. {"min","max"} spills both.
 * @param [date] Date whose rules apply; default today.
 * @zhparam bound max/最高（默认）或 min/最低；填 {"min","max"} 同时返回两端。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The chosen end of the range (CNY).
 */
export function LISTINGAWARD(bound?: any[][], date?: any): any[][] {
  return overRange(bound ?? null, (b) => amountOf(RULES.LISTINGAWARD(b, date), parseBound(b)));
}

/**
 * Grant for a new national enterprise key laboratory or technology innovation centre (CN-HE 004 item 12: 3,000,000 to 5,000,000). Returns the maximum, or the minimum with "min".
 * @zh 新建国家级企业重点实验室、技术创新中心专项经费（河北 004 第 12 条：300 万至 500 万元）。默认返回最高额，填 "min" 返回最低额。
 * @customfunction
 * @param [bound] max (default) or min; 最高 / 最低 also accepted. {"min","max"} spills both.
 * @param [date] Date whose rules apply; default today.
 * @zhparam bound max/最高（默认）或 min/最低；填 {"min","max"} 同时返回两端。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The chosen end of the range (CNY).
 */
export function LABGRANT(bound?: any[][], date?: any): any[][] {
  return overRange(bound ?? null, (b) => amountOf(RULES.LABGRANT(b, date), parseBound(b)));
}

/**
 * Development grant for a technology-transfer demonstration institution rated excellent (CN-HL 001 二(三): 1,000,000 to 2,000,000). Returns the maximum, or the minimum with "min".
 * @zh 绩效考评优秀的技术转移示范机构发展资金补助（黑龙江 001 二(三)：100 万至 200 万元）。默认返回最高额，填 "min" 返回最低额。
 * @customfunction
 * @param [bound] max (default) or min; 最高 / 最低 also accepted. {"min","max"} spills both.
 * @param [date] Date whose rules apply; default today.
 * @zhparam bound max/最高（默认）或 min/最低；填 {"min","max"} 同时返回两端。
 * @zhparam date 适用规则的日期，默认今天。
 * @returns The chosen end of the range (CNY).
 */
export function DEMOGRANT(bound?: any[][], date?: any): any[][] {
  return overRange(bound ?? null, (b) => amountOf(RULES.DEMOGRANT(b, date), parseBound(b)));
}

/**
 * Part of a researcher's cash reward counted toward the month's taxable wages (CN-HE 004 item 8: 50% within 3 years of the income, for non-profit institutes and universities).
 * @zh 科技人员现金奖励计入当月工资薪金所得的金额（河北 004 第 8 条：非营利性研究开发机构和高校取得收入 3 年内发放的，减按 50% 计入）。
 * @customfunction
 * @param cashReward Cash reward paid (CNY); a cell or a range.
 * @param incomeDate Date the institute received the transformation income.
 * @param paidDate Date the reward is paid.
 * @param nonProfit TRUE for a non-profit R&D institute or university established by law.
 * @zhparam cashReward 现金奖励（元），可为单元格或区域。
 * @zhparam incomeDate 取得职务科技成果转化收入的日期。
 * @zhparam paidDate 发放现金奖励的日期。
 * @zhparam nonProfit 是否为依法批准设立的非营利性研究开发机构或高校（TRUE/FALSE）。
 * @returns The amount counted as taxable wages (CNY).
 */
export function TAXABLEREWARD(cashReward: any[][], incomeDate: any, paidDate: any, nonProfit: boolean): any[][] {
  return overRange(cashReward, (r) => RULES.TAXABLEREWARD(r, incomeDate, paidDate, nonProfit).amount.toNumber());
}

/**
 * Explains a TT result: spills step, value and clause rows (header first), e.g. EXPLAIN("TECHSUBSIDY", 800000, "CN-HL").
 * @zh 解释 TT 函数的计算过程：返回“步骤、数值、条款”表（含表头），如 EXPLAIN("TECHSUBSIDY", 800000, "CN-HL")。
 * @customfunction
 * @param functionName Name of the TT function, e.g. TECHSUBSIDY.
 * @param [args] The same arguments as that function, in the same order (single values).
 * @zhparam functionName TT 函数名，如 TECHSUBSIDY。
 * @zhparam args 与该函数相同顺序的参数（单个值）。
 * @returns The trace as a table.
 */
export async function EXPLAIN(functionName: string, args?: any[]): Promise<any[][]> {
  const language = currentLanguage();
  return explain(functionName, flattenArguments(args), language).catch((e): Matrix => [[toExcelError(e, language)]]);
}

/** Repeating arguments arrive as one array (Excel) or nested arrays (1×1 matrices from tests): one flat list. */
function flattenArguments(args: unknown): unknown[] {
  if (args === null || args === undefined) return [];
  if (!Array.isArray(args)) return [args];
  return args.map((a) => (Array.isArray(a) ? (Array.isArray(a[0]) ? a[0][0] : a[0]) : a));
}
