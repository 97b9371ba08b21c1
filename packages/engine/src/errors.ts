/**
 * Every error the policy engine can raise, in one place: a stable code, what kind of failure it is,
 * and the message in Chinese and English. Messages say what was expected, what arrived and what to do.
 *
 * kind "invalid"   → the input is wrong (Excel #VALUE!, HTTP 400);
 * kind "not-found" → the input is well formed but the policy has no such rule or target (Excel #N/A, HTTP 404/422).
 */
export type ErrorKind = "invalid" | "not-found";

export interface Bilingual {
  zh: string;
  en: string;
}

type Template = (d: Record<string, string>) => Bilingual;

interface ErrorSpec {
  kind: ErrorKind;
  message: Template;
}

/** Argument names as each language shows them: the Chinese view never shows the English argument name. */
export const FIELD_NAMES: Readonly<Record<string, Bilingual>> = {
  amount: { zh: "金额", en: "amount" },
  termYears: { zh: "保险期限", en: "termYears" },
  cashReward: { zh: "现金奖励", en: "cashReward" },
  equity: { zh: "股权总额", en: "equity" },
  income: { zh: "收益", en: "income" },
  netIncome: { zh: "转化净收益", en: "netIncome" },
  invested: { zh: "实际投资额", en: "invested" },
  paidTotal: { zh: "实际支付总额", en: "paidTotal" },
  premium: { zh: "保费", en: "premium" },
  requested: { zh: "申请资金", en: "requested" },
  subsidy: { zh: "补助金额", en: "subsidy" },
  funding: { zh: "所获资金", en: "funding" },
  count: { zh: "家数", en: "count" },
  date: { zh: "日期", en: "date" },
  incomeDate: { zh: "取得收入日期", en: "incomeDate" },
  paidDate: { zh: "发放日期", en: "paidDate" },
  actual: { zh: "实际完成数", en: "actual" },
  year: { zh: "年份", en: "year" },
  rank: { zh: "排名", en: "rank" },
  nonProfit: { zh: "是否非营利性机构", en: "nonProfit" },
};

const fieldZh = (f: string | undefined) => (f === undefined ? "" : (FIELD_NAMES[f]?.zh ?? f));
const fieldEn = (f: string | undefined) => (f === undefined ? "" : (FIELD_NAMES[f]?.en ?? f));

const q = (s: string | undefined) => (s === undefined || s === "" ? "（空）" : s);
const qe = (s: string | undefined) => (s === undefined || s === "" ? "(empty)" : s);

export const ERRORS = {
  AMOUNT_NOT_A_NUMBER: {
    kind: "invalid",
    message: (d) => ({
      zh: `${fieldZh(d.field)}应为数字金额（如 800000 或 "800000.50"），收到的是 ${q(d.received)}。`,
      en: `${fieldEn(d.field)} must be a number of CNY (e.g. 800000 or "800000.50"); received ${qe(d.received)}.`,
    }),
  },
  AMOUNT_NOT_FINITE: {
    kind: "invalid",
    message: (d) => ({
      zh: `${fieldZh(d.field)}必须是有限的数字，收到的是 ${q(d.received)}。`,
      en: `${fieldEn(d.field)} must be a finite number; received ${qe(d.received)}.`,
    }),
  },
  AMOUNT_NEGATIVE: {
    kind: "invalid",
    message: (d) => ({
      zh: `${fieldZh(d.field)}不能为负数，收到的是 ${q(d.received)}。请填写实际金额（0 或以上）。`,
      en: `${fieldEn(d.field)} cannot be negative; received ${qe(d.received)}. Enter the actual amount (0 or more).`,
    }),
  },
  UNKNOWN_REGION: {
    kind: "invalid",
    message: (d) => ({
      zh: `地区应为 CN-HL（黑龙江省）或 CN-HE（河北省），收到的是 ${q(d.received)}。`,
      en: `Region must be one of ${d.expected}; received ${qe(d.received)}.`,
    }),
  },
  UNKNOWN_ROLE: {
    kind: "invalid",
    message: (d) => ({
      zh: `交易角色应为 受让方 或 出让方，收到的是 ${q(d.received)}。`,
      en: `Role must be one of ${d.expected}; received ${qe(d.received)}.`,
    }),
  },
  UNKNOWN_SOURCE: {
    kind: "invalid",
    message: (d) => ({
      zh: `成果来源应为空、北京、天津 或 京津，收到的是 ${q(d.received)}。`,
      en: `Source must be empty, BJ, TJ or 京津; received ${qe(d.received)}.`,
    }),
  },
  UNKNOWN_PARTY: {
    kind: "invalid",
    message: (d) => ({
      zh: `分配对象应为 成果完成人、转化贡献人（黑龙江省）或 奖励总额、主要贡献人员（河北省），收到的是 ${q(d.received)}。`,
      en: `Party must be one of ${d.expected}; received ${qe(d.received)}.`,
    }),
  },
  INVALID_DATE: {
    kind: "invalid",
    message: (d) => ({
      zh: `${fieldZh(d.field)}应为日期（YYYY-MM-DD 或 Excel 日期），收到的是 ${q(d.received)}。`,
      en: `${fieldEn(d.field)} must be a date (YYYY-MM-DD or an Excel date); received ${qe(d.received)}.`,
    }),
  },
  INVALID_YEAR: {
    kind: "invalid",
    message: (d) => ({
      zh: `年份应为 2000 至 2100 之间的整数，收到的是 ${q(d.received)}。`,
      en: `Year must be a whole number between 2000 and 2100; received ${qe(d.received)}.`,
    }),
  },
  INVALID_RANK: {
    kind: "invalid",
    message: (d) => ({
      zh: `排名应为 1 或以上的整数，收到的是 ${q(d.received)}。`,
      en: `Rank must be a whole number of 1 or more; received ${qe(d.received)}.`,
    }),
  },
  INVALID_TERM: {
    kind: "invalid",
    message: (d) => ({
      zh: `保险期限应为大于 0 的年数，收到的是 ${q(d.received)}。`,
      en: `Insurance term must be a number of years greater than 0; received ${qe(d.received)}.`,
    }),
  },
  INVALID_COUNT: {
    kind: "invalid",
    message: (d) => ({
      zh: `${fieldZh(d.field)}应为 0 或以上的整数，收到的是 ${q(d.received)}。`,
      en: `${fieldEn(d.field)} must be a whole number of 0 or more; received ${qe(d.received)}.`,
    }),
  },
  DATE_BEFORE_POLICY: {
    kind: "not-found",
    message: (d) => ({
      zh: `${d.date} 时${d.document}尚未施行，最早自 ${d.from} 起适用，此日期没有“${d.description}”的规定。请填写 ${d.from} 或以后的日期。`,
      en: `On ${d.date} ${d.document} did not yet apply (earliest ${d.from}), so there is no rule for "${d.descriptionEn}" on that date. Enter ${d.from} or a later date.`,
    }),
  },
  POLICY_REPEALED: {
    kind: "not-found",
    message: (d) => ({
      zh: `${d.date} 时${d.document}中“${d.description}”的规定已停止施行（自 ${d.from} 起）。`,
      en: `On ${d.date} the rule "${d.descriptionEn}" of ${d.document} is no longer in force (from ${d.from}).`,
    }),
  },
  NO_SUCH_RULE: {
    kind: "not-found",
    message: (d) => ({
      zh: `${d.region}无此规定：“${d.rule}”只有${d.available}有规定。请改填有此规定的地区，或在任务窗格中更改工作簿的默认地区。`,
      en: `${d.regionEn} has no such rule: "${d.ruleEn}" exists only in ${d.availableEn}. Use a region that has it, or change the workbook's default region in the task pane.`,
    }),
  },
  UNKNOWN_PARAMETER: {
    kind: "not-found",
    message: (d) => ({
      zh: `没有编号为 ${d.received} 的政策参数。`,
      en: `There is no policy parameter with id ${d.received}.`,
    }),
  },
  UNKNOWN_METRIC: {
    kind: "not-found",
    message: (d) => ({
      zh: `${d.regionName}没有指标 "${q(d.received)}"。现有指标代码：${d.available}。`,
      en: `${d.region} has no metric ${qe(d.received)}. Metrics that exist: ${d.available}.`,
    }),
  },
  NO_TARGET: {
    kind: "not-found",
    message: (d) => ({
      zh: `${d.regionName}指标${d.metricName}在 ${d.year} 年没有目标。有目标的年份：${d.years}。`,
      en: `${d.region} metric ${d.metricNameEn} has no target for ${d.year}. Years that have one: ${d.years}.`,
    }),
  },
  TARGET_NOT_NUMERIC: {
    kind: "not-found",
    message: (d) => ({
      zh: `${d.regionName}指标${d.metricName}在 ${d.year} 年的目标没有数值：${d.statementZh ?? d.statement}`,
      en: `${d.region} metric ${d.metricNameEn} has no numeric target for ${d.year}: ${d.statement}`,
    }),
  },
  NOT_CUMULATIVE: {
    kind: "not-found",
    message: (d) => ({
      zh: `指标${d.metricName}不是累计目标，无法计算剩余年份每年所需。`,
      en: `Metric ${d.metric} is not a cumulative target, so no per-year requirement can be computed.`,
    }),
  },
} satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** A typed failure from the policy engine: stable code, kind, bilingual message, structured details. */
export class PolicyError extends Error {
  readonly kind: ErrorKind;
  readonly text: Bilingual;
  constructor(
    readonly code: ErrorCode,
    readonly details: Record<string, string> = {},
  ) {
    const spec = ERRORS[code] as ErrorSpec;
    const text = spec.message(details);
    super(`${code}: ${text.en}`);
    this.name = "PolicyError";
    this.kind = spec.kind;
    this.text = text;
  }

  toJSON(): { code: ErrorCode; message: Bilingual; details: Record<string, string> } {
    return { code: this.code, message: this.text, details: this.details };
  }
}

export const isPolicyError = (e: unknown): e is PolicyError => e instanceof PolicyError;
