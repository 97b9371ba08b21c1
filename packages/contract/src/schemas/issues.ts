/** Turns zod issues into the project's error shape: every bad field by path, with a stable code and zh/en text. */
import type { z } from "zod";
import type { Bilingual } from "@tt/engine";

export interface FieldIssue {
  /** Dotted path, e.g. "contracts.3.receipts.0.amount". */
  path: string;
  code: string;
  message: Bilingual;
}

function bilingual(issue: z.core.$ZodIssue): { code: string; message: Bilingual } {
  const params = (issue as { params?: { code?: string; zh?: string } }).params;
  if (params?.code) return { code: params.code, message: { zh: params.zh ?? issue.message, en: issue.message } };
  switch (issue.code) {
    case "invalid_type": {
      // zod 4 leaves `input` out of issues unless asked (reportInput); its message still says what arrived.
      const received = /received (\w+)/.exec(issue.message)?.[1];
      const missing = issue.input === undefined && (received === undefined || received === "undefined");
      return {
        code: missing ? "REQUIRED" : "WRONG_TYPE",
        message: missing
          ? { zh: `缺少必填项（应为 ${issue.expected}）`, en: `Required field is missing (expected ${issue.expected})` }
          : {
              zh: `类型错误：应为 ${issue.expected}${received ? `，收到 ${received}` : ""}`,
              en: `Wrong type: expected ${issue.expected}${received ? `, received ${received}` : ""}`,
            },
      };
    }
    case "invalid_value":
      return {
        code: "NOT_IN_LIST",
        message: {
          zh: `不在可选值中，应为：${issue.values.map(String).join("、")}`,
          en: `Not an allowed value; expected one of: ${issue.values.map(String).join(", ")}`,
        },
      };
    case "unrecognized_keys":
      return {
        code: "UNKNOWN_FIELD",
        message: { zh: `未知字段：${issue.keys.join("、")}`, en: `Unknown field(s): ${issue.keys.join(", ")}` },
      };
    case "too_big":
      return { code: "TOO_BIG", message: { zh: `超出上限 ${String(issue.maximum)}`, en: `Above the limit of ${String(issue.maximum)}` } };
    case "too_small":
      return {
        code: "TOO_SMALL",
        message: { zh: `低于下限 ${String(issue.minimum)}`, en: `Below the minimum of ${String(issue.minimum)}` },
      };
    case "invalid_format":
      return { code: "BAD_FORMAT", message: { zh: `格式错误：${issue.message}`, en: issue.message } };
    default:
      return { code: "INVALID", message: { zh: `无效：${issue.message}`, en: issue.message } };
  }
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), ...bilingual(issue) }));
}
