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

const q = (s: string | undefined) => (s === undefined || s === "" ? "（空）/(empty)" : s);

export const ERRORS = {
  AMOUNT_NOT_A_NUMBER: {
    kind: "invalid",
    message: (d) => ({
      zh: `${d.field}应为数字金额（如 800000 或 "800000.50"），收到的是 ${q(d.received)}。`,
      en: `${d.field} must be a number of CNY (e.g. 800000 or "800000.50"); received ${q(d.received)}.`,
    }),
  },
  AMOUNT_NOT_FINITE: {
    kind: "invalid",
    message: (d) => ({
      zh: `${d.field}必须是有限的数字，收到的是 ${q(d.received)}。`,
      en: `${d.field} must be a finite number; received ${q(d.received)}.`,
    }),
  },
  AMOUNT_NEGATIVE: {
    kind: "invalid",
    message: (d) => ({
      zh: `${d.field}不能为负数，收到的是 ${q(d.received)}。请填写实际金额（0 或以上）。`,
      en: `${d.field} cannot be negative; received ${q(d.received)}. Enter the actual amount (0 or more).`,
    }),
  },
  UNKNOWN_REGION: {
    kind: "invalid",
    message: (d) => ({
      zh: `地区应为 ${d.expected}，收到的是 ${q(d.received)}。`,
      en: `Region must be one of ${d.expected}; received ${q(d.received)}.`,
    }),
  },
  UNKNOWN_ROLE: {
    kind: "invalid",
    message: (d) => ({
      zh: `交易角色应为 ${d.expected}，收到的是 ${q(d.received)}。`,
      en: `Role must be one of ${d.expected}; received ${q(d.received)}.`,
    }),
  },
  UNKNOWN_SOURCE: {
    kind: "invalid",
    message: (d) => ({
      zh: `成果来源应为空、BJ、TJ 或 京津，收到的是 ${q(d.received)}。`,
      en: `Source must be empty, BJ, TJ or 京津; received ${q(d.received)}.`,
    }),
  },
  UNKNOWN_PARTY: {
    kind: "invalid",
    message: (d) => ({
      zh: `分配对象应为 ${d.expected}，收到的是 ${q(d.received)}。`,
      en: `Party must be one of ${d.expected}; received ${q(d.received)}.`,
    }),
  },
  INVALID_DATE: {
    kind: "invalid",
    message: (d) => ({
      zh: `${d.field}应为日期（YYYY-MM-DD 或 Excel 日期），收到的是 ${q(d.received)}。`,
      en: `${d.field} must be a date (YYYY-MM-DD or an Excel date); received ${q(d.received)}.`,
    }),
  },
  INVALID_YEAR: {
    kind: "invalid",
    message: (d) => ({
      zh: `年份应为 2000 至 2100 之间的整数，收到的是 ${q(d.received)}。`,
      en: `Year must be a whole number between 2000 and 2100; received ${q(d.received)}.`,
    }),
  },
  INVALID_RANK: {
    kind: "invalid",
    message: (d) => ({
      zh: `排名应为 1 或以上的整数，收到的是 ${q(d.received)}。`,
      en: `Rank must be a whole number of 1 or more; received ${q(d.received)}.`,
    }),
  },
  INVALID_TERM: {
    kind: "invalid",
    message: (d) => ({
      zh: `保险期限应为大于 0 的年数，收到的是 ${q(d.received)}。`,
      en: `Insurance term must be a number of years greater than 0; received ${q(d.received)}.`,
    }),
  },
  INVALID_COUNT: {
    kind: "invalid",
    message: (d) => ({
      zh: `${d.field}应为 0 或以上的整数，收到的是 ${q(d.received)}。`,
      en: `${d.field} must be a whole number of 0 or more; received ${q(d.received)}.`,
    }),
  },
  DATE_BEFORE_POLICY: {
    kind: "invalid",
    message: (d) => ({
      zh: `${d.date} 时该政策尚未施行：${d.parameter} 自 ${d.from} 起生效（${d.source}）。`,
      en: `On ${d.date} the policy did not yet exist: ${d.parameter} applies from ${d.from} (${d.source}).`,
    }),
  },
  POLICY_REPEALED: {
    kind: "not-found",
    message: (d) => ({
      zh: `${d.date} 时 ${d.parameter} 已停止施行（自 ${d.from} 起）。`,
      en: `On ${d.date} ${d.parameter} is no longer in force (repealed from ${d.from}).`,
    }),
  },
  NO_SUCH_RULE: {
    kind: "not-found",
    message: (d) => ({
      zh: `政策文件中没有 ${d.what} 的规定。现有规定：${d.available}。`,
      en: `The policy documents have no rule for ${d.what}. Rules that exist: ${d.available}.`,
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
      zh: `${d.region} 没有指标 ${q(d.received)}。现有指标：${d.available}。`,
      en: `${d.region} has no metric ${q(d.received)}. Metrics that exist: ${d.available}.`,
    }),
  },
  NO_TARGET: {
    kind: "not-found",
    message: (d) => ({
      zh: `${d.region} 指标 ${d.metric} 在 ${d.year} 年没有目标。有目标的年份：${d.years}。`,
      en: `${d.region} metric ${d.metric} has no target for ${d.year}. Years that have one: ${d.years}.`,
    }),
  },
  TARGET_NOT_NUMERIC: {
    kind: "not-found",
    message: (d) => ({
      zh: `${d.region} 指标 ${d.metric} 在 ${d.year} 年的目标没有数值：${d.statement}`,
      en: `${d.region} metric ${d.metric} has no numeric target for ${d.year}: ${d.statement}`,
    }),
  },
  NOT_CUMULATIVE: {
    kind: "invalid",
    message: (d) => ({
      zh: `指标 ${d.metric} 不是累计目标，无法计算剩余年份每年所需。`,
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
