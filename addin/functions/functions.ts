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
 *
 * Descriptions say what a function computes and name the clause; they never restate a rate, threshold or
 * cap (those are dated data in shared/policy and go stale in a tooltip). TT.EXPLAIN shows the figures in
 * force on the date asked. An omitted region is the workbook's default region (task pane), else 黑龙江省;
 * a region whose documents have no such rule answers #N/A "…无此规定", never another province's figure.
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
import { regionArg } from "./rules";
import { installPublicApi } from "./public-api";

installPublicApi();

/**
 * Technology-transaction subsidy (Heilongjiang 黑政发〔2017〕16号 part 二(四); Hebei 004 item 9), on the amount and date given.
 * @zh 技术交易补助（黑龙江省：黑政发〔2017〕16号第二部分第（四）项；河北省：《河北省重大科技成果转化行动实施方案》第9条）。
 * @customfunction
 * @param amount Actual amount received (Heilongjiang) or actual contract amount (Hebei), CNY; a cell or a range.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [role] buyer (default) or seller; 受让方 / 出让方 also accepted.
 * @param [source] Hebei only: BJ, TJ or 京津 when the achievement comes from Beijing or Tianjin; empty otherwise.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam amount 金额：技术交易实际到账金额（黑龙江省）或技术合同实际交易额（河北省），元，可为单元格或区域。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam role 交易角色：受让方（默认）或 出让方。
 * @zhparam source 成果来源：仅河北省适用，成果来源于京津时填 京津，否则留空。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The subsidy (CNY), one per input cell.
 */
export function TECHSUBSIDY(amount: any[][], region?: string, role?: string, source?: string, date?: any): any[][] {
  return overRange(amount, techSubsidyColumn(regionArg(region), role, source, date));
}

/**
 * Target for a year (e.g. Heilongjiang achievements industrialised per year).
 * @zh 指定年份的目标值（如黑龙江省每年科技成果产业化项数）。
 * @customfunction
 * @param year Year (e.g. 2024); a cell or a range.
 * @param [metric] Target metric, default industrialised.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @zhparam year 年份：如 2024，可为单元格或区域。
 * @zhparam metric 指标：指标代码，默认 industrialised（成果产业化项数）。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @returns The target value.
 */
export function TARGET(year: any[][], metric?: string, region?: string): any[][] {
  return overRange(year, (y) => target({ year: y, metric, region: regionArg(region) }).value.toNumber());
}

/**
 * Gap to target: target − actual (negative means ahead). Without an actual, the live provincial actual is fetched from the cloud API.
 * @zh 与目标的差距：目标 − 实际（负数表示超额完成）。不填实际值时从云端取全省实时完成数。
 * @customfunction
 * @param year Year (e.g. 2024); a cell or a range.
 * @param [actual] Actual achieved; a value or a range of the same shape. Omit to use the live actual.
 * @param [metric] Target metric, default industrialised.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @zhparam year 年份：如 2024，可为单元格或区域。
 * @zhparam actual 实际完成数：可为一个值或与年份同样大小的区域；省略则取云端实时数。
 * @zhparam metric 指标：指标代码，默认 industrialised（成果产业化项数）。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @returns target − actual.
 */
export function TARGETGAP(year: any[][], actual?: any[][], metric?: string, region?: string): Promise<any[][]> {
  return targetGapOver(year, actual, metric, regionArg(region));
}

/**
 * Live provincial actual for a year and metric, from the cloud API (batched; cached briefly).
 * @zh 指定年份与指标的全省实际完成数（云端实时数据，批量请求，短时缓存）。
 * @customfunction
 * @param year Year (e.g. 2024); a cell or a range.
 * @param [metric] Metric, default industrialised.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @zhparam year 年份：如 2024，可为单元格或区域。
 * @zhparam metric 指标：指标代码，默认 industrialised（成果产业化项数）。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @returns The live actual.
 */
export function PROGRESS(year: any[][], metric?: string, region?: string): Promise<any[][]> {
  return overRangeAsync(year, async (y) => Number(await liveActual(y, metric, regionArg(region))));
}

/**
 * Still needed in each remaining year to reach a cumulative target, given the cumulative actual through `year`. Follows the document's own year-by-year schedule where it gives one, otherwise spreads the rest evenly; the default series answers. Spills one row per year cell: the need of year+1, year+2, … up to the due year.
 * @zh 累计目标剩余各年还需完成数：给定截至该年（含）的累计实际数，按同一文件的逐年安排（有安排时）或平均分摊到剩余各年；按默认目标口径。每个年份单元格返回一行：次年起至截止年各年所需。
 * @customfunction
 * @param year Year the actual runs through (e.g. 2023); a cell or a column of cells.
 * @param actual Cumulative actual through that year; a value or a range of the same shape.
 * @param [metric] Cumulative metric, default the total of the default per-year metric.
 * @param [region] CN-HL or CN-HE; the workbook's default region when omitted.
 * @zhparam year 年份：累计实际数截至的年份（如 2023），可为单元格或一列单元格。
 * @zhparam actual 累计实际数：截至该年的累计实际完成数；可为一个值或与年份同样大小的区域。
 * @zhparam metric 指标：累计指标代码，默认为默认年度指标对应的累计总数。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @returns The need of each remaining year, left to right (one cell with the whole rest when the target is due that year).
 */
export function STILLNEEDED(year: any[][], actual: any[][], metric?: string, region?: string): any[][] {
  return stillNeededOver(year, actual, metric, regionArg(region));
}

/**
 * Reward to a top-ranked technology-transfer institution of a research institute: a share of the payments of the registered contracts it brought about, capped (Heilongjiang 000 part 三(三)).
 * @zh 技术转移机构奖励：对排名靠前的机构按登记技术合同实际支付总额的比例给予奖励，设上限（黑龙江省：《黑龙江省科研院所科技成果产业化专项行动方案（2022—2026年）》第三部分第（三）项）。
 * @customfunction
 * @param paidTotal Actual payments of the registered contracts it brought about last year (CNY); a cell or a range.
 * @param rank Rank by last year's in-province turnover (1 = highest).
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam paidTotal 实际支付总额：上年促成的登记技术合同实际支付总额（元），可为单元格或区域。
 * @zhparam rank 排名：上年省内技术合同成交额排名（1 为最高）。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The reward (CNY).
 */
export function TRANSFERREWARD(paidTotal: any[][], rank: number, region?: string, date?: any): any[][] {
  return overRange(paidTotal, (p) => RULES.TRANSFERREWARD(p, rank, region, date).amount.toNumber());
}

/**
 * Least share of the income from a duty achievement (Heilongjiang 000 part 三(四): completers, contributors; Hebei 004 item 8: reward pool, main contributors).
 * @zh 职务科技成果转化收益的最低分配额（黑龙江省：《黑龙江省科研院所科技成果产业化专项行动方案（2022—2026年）》第三部分第（四）项，成果完成人、转化贡献人；河北省：《河北省重大科技成果转化行动实施方案》第8条，奖励总额、主要贡献人员）。
 * @customfunction
 * @param netIncome Net transformation income (Heilongjiang) or cash income (Hebei), CNY; a cell or a range.
 * @param [party] completers (default) or contributors in Heilongjiang; pool or main-contributors in Hebei.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam netIncome 收益：转化净收益（黑龙江省）或现金收益（河北省），元，可为单元格或区域。
 * @zhparam party 分配对象：黑龙江省 成果完成人（默认）或 转化贡献人；河北省 奖励总额 或 主要贡献人员。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The least amount the rule requires (CNY).
 */
export function INCOMESHARE(netIncome: any[][], party?: string, region?: string, date?: any): any[][] {
  return overRange(netIncome, (n) => RULES.INCOMESHARE(n, party, region, date).amount.toNumber());
}

/**
 * First-of-a-kind product quality-liability insurance compensation: a share of the premium paid, for a term within the limit (Heilongjiang 黑政发〔2017〕16号 part 二(一)).
 * @zh 首台（套）产品质量责任保险补偿：按实际支付保费的比例一次性补偿，保险期限须在规定年限内（黑龙江省：黑政发〔2017〕16号第二部分第（一）项）。
 * @customfunction
 * @param premium Premium actually paid (CNY); a cell or a range.
 * @param [termYears] Policy term in years, default 1.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam premium 保费：实际支付保费（元），可为单元格或区域。
 * @zhparam termYears 保险期限：年数，默认 1。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The one-off compensation (CNY).
 */
export function INSURANCECOMP(premium: any[][], termYears?: number, region?: string, date?: any): any[][] {
  return overRange(premium, (p) => RULES.INSURANCECOMP(p, termYears, region, date).amount.toNumber());
}

/**
 * Part of a transaction subsidy the enterprise may use to reward its transformation specialist (Heilongjiang 黑政发〔2017〕16号 part 二(四)).
 * @zh 企业可从技术交易补助中用于奖励成果转移转化专员的额度（黑龙江省：黑政发〔2017〕16号第二部分第（四）项）。
 * @customfunction
 * @param subsidy Transaction subsidy received (CNY); a cell or a range.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam subsidy 补助金额：企业获得的技术交易补助（元），可为单元格或区域。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The amount (CNY).
 */
export function SPECIALISTSHARE(subsidy: any[][], region?: string, date?: any): any[][] {
  return overRange(subsidy, (x) => RULES.SPECIALISTSHARE(x, region, date).amount.toNumber());
}

/**
 * Encouraged least reward for the technology commissioner out of a transaction subsidy (Heilongjiang 000 part 三(二)).
 * @zh 鼓励从技术交易补助中奖励科技特派员的最低额（黑龙江省：《黑龙江省科研院所科技成果产业化专项行动方案（2022—2026年）》第三部分第（二）项）。
 * @customfunction
 * @param subsidy Transaction subsidy received (CNY); a cell or a range.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam subsidy 补助金额：企业获得的技术交易补助（元），可为单元格或区域。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The amount (CNY).
 */
export function COMMISSIONERSHARE(subsidy: any[][], region?: string, date?: any): any[][] {
  return overRange(subsidy, (x) => RULES.COMMISSIONERSHARE(x, region, date).amount.toNumber());
}

/**
 * Least equity the inventor or team may hold in jointly applied-for IP (Heilongjiang 黑政发〔2017〕16号 part 四(二)).
 * @zh 共同申请知识产权中发明人或团队可享有的最低股权（黑龙江省：黑政发〔2017〕16号第四部分第（二）项）。
 * @customfunction
 * @param equity Total equity (shares or value); a cell or a range.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam equity 股权总额：股数或价值，可为单元格或区域。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The least equity.
 */
export function INVENTOREQUITY(equity: any[][], region?: string, date?: any): any[][] {
  return overRange(equity, (x) => RULES.INVENTOREQUITY(x, region, date).amount.toNumber());
}

/**
 * Award for newly recognised national high-tech enterprises (Hebei 004 item 14), per enterprise.
 * @zh 新认定国家高新技术企业补助，按家数计算（河北省：《河北省重大科技成果转化行动实施方案》第14条）。
 * @customfunction
 * @param [count] Number of newly recognised enterprises, default 1; a cell or a range.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam count 家数：新认定企业家数，默认 1，可为单元格或区域。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The award (CNY).
 */
export function HIGHTECHAWARD(count?: any[][], region?: string, date?: any): any[][] {
  return overRange(count ?? null, (x) => RULES.HIGHTECHAWARD(x, region, date).amount.toNumber());
}

/**
 * Reward to an equity manager investing in seed / start-up tech SMEs (Hebei 004 item 19), on the amount invested.
 * @zh 股权管理机构投资种子期、初创期科技型中小企业的奖励，按实际投资额计算（河北省：《河北省重大科技成果转化行动实施方案》第19条）。
 * @customfunction
 * @param invested Amount actually invested (CNY); a cell or a range.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam invested 实际投资额：元，可为单元格或区域。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The reward (CNY).
 */
export function SEEDINVESTREWARD(invested: any[][], region?: string, date?: any): any[][] {
  return overRange(invested, (x) => RULES.SEEDINVESTREWARD(x, region, date).amount.toNumber());
}

/**
 * Provincial funding for an innovation consortium's lead enterprise: the amount requested, capped (Hebei 004 item 2).
 * @zh 创新联合体牵头企业省级科技计划项目财政资金支持，按申请额计算，设上限（河北省：《河北省重大科技成果转化行动实施方案》第2条）。
 * @customfunction
 * @param requested Funding requested (CNY); a cell or a range.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam requested 申请资金：申请的财政资金（元），可为单元格或区域。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The funding (CNY).
 */
export function CONSORTIUMSUPPORT(requested: any[][], region?: string, date?: any): any[][] {
  return overRange(requested, (x) => RULES.CONSORTIUMSUPPORT(x, region, date).amount.toNumber());
}

/**
 * Listing award (Hebei 004 item 19): a range decided by assessment. Returns the maximum, or the minimum with "min".
 * @zh 企业挂牌上市奖励，在规定范围内由评审确定（河北省：《河北省重大科技成果转化行动实施方案》第19条）。默认返回最高额，填 最低 返回最低额。
 * @customfunction
 * @param [bound] max (default) or min; 最高 / 最低 also accepted. {"min","max"} spills both.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam bound 取值：最高（默认）或 最低；填 {"最低","最高"} 同时返回两端。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The chosen end of the range (CNY).
 */
export function LISTINGAWARD(bound?: any[][], region?: string, date?: any): any[][] {
  return overRange(bound ?? null, (b) => amountOf(RULES.LISTINGAWARD(b, region, date), parseBound(b)));
}

/**
 * Grant for a new national enterprise key laboratory or technology innovation centre (Hebei 004 item 12): a range. Returns the maximum, or the minimum with "min".
 * @zh 新建国家级企业重点实验室、技术创新中心专项经费，在规定范围内确定（河北省：《河北省重大科技成果转化行动实施方案》第12条）。默认返回最高额，填 最低 返回最低额。
 * @customfunction
 * @param [bound] max (default) or min; 最高 / 最低 also accepted. {"min","max"} spills both.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam bound 取值：最高（默认）或 最低；填 {"最低","最高"} 同时返回两端。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The chosen end of the range (CNY).
 */
export function LABGRANT(bound?: any[][], region?: string, date?: any): any[][] {
  return overRange(bound ?? null, (b) => amountOf(RULES.LABGRANT(b, region, date), parseBound(b)));
}

/**
 * Development grant for a technology-transfer demonstration institution rated excellent (Heilongjiang 黑政发〔2017〕16号 part 二(三)): a range. Returns the maximum, or the minimum with "min".
 * @zh 绩效考评优秀的技术转移示范机构发展资金补助，在规定范围内确定（黑龙江省：黑政发〔2017〕16号第二部分第（三）项）。默认返回最高额，填 最低 返回最低额。
 * @customfunction
 * @param [bound] max (default) or min; 最高 / 最低 also accepted. {"min","max"} spills both.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam bound 取值：最高（默认）或 最低；填 {"最低","最高"} 同时返回两端。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The chosen end of the range (CNY).
 */
export function DEMOGRANT(bound?: any[][], region?: string, date?: any): any[][] {
  return overRange(bound ?? null, (b) => amountOf(RULES.DEMOGRANT(b, region, date), parseBound(b)));
}

/**
 * Part of a researcher's cash reward counted toward the month's taxable wages, for non-profit institutes and universities within the window after the income (Hebei 004 item 8).
 * @zh 科技人员现金奖励计入当月工资薪金所得的金额：非营利性研究开发机构和高校在取得收入后规定年限内发放的减按比例计入（河北省：《河北省重大科技成果转化行动实施方案》第8条）。
 * @customfunction
 * @param cashReward Cash reward paid (CNY); a cell or a range.
 * @param incomeDate Date the institute received the transformation income.
 * @param paidDate Date the reward is paid.
 * @param nonProfit TRUE for a non-profit R&D institute or university established by law.
 * @zhparam cashReward 现金奖励：元，可为单元格或区域。
 * @zhparam incomeDate 取得收入日期：取得职务科技成果转化收入的日期。
 * @zhparam paidDate 发放日期：发放现金奖励的日期。
 * @zhparam nonProfit 是否非营利性机构：是否为依法批准设立的非营利性研究开发机构或高校（TRUE/FALSE）。
 * @returns The amount counted as taxable wages (CNY).
 */
export function TAXABLEREWARD(cashReward: any[][], incomeDate: any, paidDate: any, nonProfit: boolean): any[][] {
  return overRange(cashReward, (r) => RULES.TAXABLEREWARD(r, incomeDate, paidDate, nonProfit).amount.toNumber());
}

/**
 * Least part of the funding a technology-transfer institution gives to the brokers who contributed; applies to every funded institution (Heilongjiang 000 part 三(三)).
 * @zh 获得资金支持的技术转移机构应奖励技术经纪人的最低额，适用于所有获得资金支持的技术转移机构（黑龙江省：《黑龙江省科研院所科技成果产业化专项行动方案（2022—2026年）》第三部分第（三）项）。
 * @customfunction
 * @param funding Funding received by the transfer institution (CNY); a cell or a range.
 * @param [region] CN-HL (Heilongjiang) or CN-HE (Hebei); omitted: the workbook's default region.
 * @param [date] Date whose rules apply (a date cell or YYYY-MM-DD); default today.
 * @zhparam funding 所获资金：技术转移机构获得的资金支持（元），可为单元格或区域。
 * @zhparam region 地区：CN-HL（黑龙江省）或 CN-HE（河北省）；省略时用工作簿默认地区。
 * @zhparam date 日期：适用规则的日期（日期单元格或 YYYY-MM-DD），默认今天。
 * @returns The least amount for the brokers (CNY).
 */
export function BROKERSHARE(funding: any[][], region?: string, date?: any): any[][] {
  return overRange(funding, (x) => RULES.BROKERSHARE(x, region, date).amount.toNumber());
}

/**
 * Explains a TT result for an auditor: steps, readings, region, the document (title, number, article, effective date) and the quoted clause, e.g. EXPLAIN("TECHSUBSIDY", A2, "CN-HL").
 * @zh 解释 TT 函数的计算过程，可交审计：步骤、解读、地区、依据文件（标题、文号、条款、施行日期）与原文，如 EXPLAIN("TECHSUBSIDY", A2, "CN-HL")。
 * @customfunction
 * @param functionName Name of the TT function, e.g. TECHSUBSIDY.
 * @param [args] The same arguments as that function, in the same order (single values).
 * @zhparam functionName 函数名：TT 函数名，如 TECHSUBSIDY。
 * @zhparam args 参数：与该函数相同顺序的参数（单个值）。
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
