/**
 * Issue 11 item 3: Chinese throughout the Chinese view. Every Chinese message and metadata string — the
 * engine's error messages (raised by real bad inputs), the add-in's messages, the task pane's words, the
 * zh-CN function metadata (@zh / @zhparam, argument names included), trace steps and readings, document
 * and parameter descriptions — is scanned for Latin words. Allowed: function names, codes the user types
 * or reads (CN-HL, TRUE, metric codes, YYYY-MM-DD…) and units; nothing else.
 */
import { join } from "node:path";
import {
  DOCUMENTS,
  PARAMETERS,
  PolicyError,
  TARGETS,
  brokerShare,
  commissionerShare,
  consortiumSupport,
  demonstrationGrant,
  enterpriseLabGrant,
  highTechEnterpriseAward,
  incomeShare,
  insuranceCompensation,
  inventorEquity,
  listingAward,
  seedInvestmentReward,
  specialistShare,
  target,
  taxableRewardAmount,
  techSubsidy,
  transferInstitutionReward,
} from "@tt/engine";
import { ADDIN_MESSAGES } from "../../addin/functions/excel-errors";
import { tr } from "../../addin/taskpane/i18n";
import { readChineseDocs } from "../../scripts/localize-functions";
import { RULES } from "../../addin/functions/rules";

const FUNCTION_NAMES = [...Object.keys(RULES), "TARGET", "TARGETGAP", "PROGRESS", "EXPLAIN", "TT"];
const CODES = [
  "CN-HL",
  "CN-HE",
  "TRUE",
  "FALSE",
  "YYYY-MM-DD",
  "Excel",
  "Ctrl",
  "Alt",
  "F9",
  "npm run token",
  "A2",
  "Infinity", // what arrived, when a cell holds it
  ...new Set(TARGETS.map((t) => t.metric)),
];
const UNITS = ["CNY", "KB"];

/** Latin words left after removing the allowed names, codes and units. */
export function latinWords(text: string): string[] {
  let rest = text.replace(/"[^"]*"/g, " "); // what the user typed, echoed back in quotes, is theirs
  for (const allowed of [...CODES, ...FUNCTION_NAMES, ...UNITS].sort((a, b) => b.length - a.length)) rest = rest.split(allowed).join(" ");
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

const zhOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e.text.zh;
    throw e;
  }
  throw new Error("expected a PolicyError");
};

const D = "2024-06-01";

test("the scanner itself finds an English word and lets codes through", () => {
  expect(latinWords("amount应为数字金额")).toEqual(["amount"]);
  expect(latinWords("地区应为 CN-HL 或 CN-HE；TT.TECHSUBSIDY；指标 industrialised")).toEqual([]);
});

test("engine error messages in Chinese name no English argument, role, rule or metric id", () => {
  const messages = [
    zhOf(() => techSubsidy({ amount: "abc", date: D })),
    zhOf(() => techSubsidy({ amount: -1, date: D })),
    zhOf(() => techSubsidy({ amount: Number.POSITIVE_INFINITY, date: D })),
    zhOf(() => techSubsidy({ amount: 1, region: "Shanghai", date: D })),
    zhOf(() => techSubsidy({ amount: 1, role: "broker", date: D })),
    zhOf(() => techSubsidy({ amount: 1, region: "CN-HE", role: "seller", date: D })),
    zhOf(() => techSubsidy({ amount: 1, region: "CN-HE", source: "SH", date: D })),
    zhOf(() => techSubsidy({ amount: 1, date: "2023-02-30" })),
    zhOf(() => techSubsidy({ amount: 1, date: "2017-10-23" })),
    zhOf(() => incomeShare({ income: 1, party: "nobody", date: D })),
    zhOf(() => incomeShare({ income: 1, party: "pool", region: "CN-HL", date: D })),
    zhOf(() => transferInstitutionReward({ paidTotal: 1, rank: 0, date: D })),
    zhOf(() => insuranceCompensation({ premium: 1, termYears: -1, date: D })),
    zhOf(() => highTechEnterpriseAward({ count: -1, region: "CN-HE", date: D })),
    zhOf(() => highTechEnterpriseAward({ region: "CN-HL", date: D })),
    zhOf(() => specialistShare({ subsidy: "x", date: D })),
    zhOf(() => seedInvestmentReward({ invested: "x", region: "CN-HE", date: D })),
    zhOf(() => target({ year: 2024, metric: "unicorns" })),
    zhOf(() => target({ year: 2019, metric: "industrialised" })),
    zhOf(() => taxableRewardAmount({ cashReward: "x", incomeDate: D, paidDate: D, nonProfit: true })),
  ];
  for (const m of messages) expect([m, latinWords(m)]).toEqual([m, []]);
});

test("trace steps and readings of every rule are Chinese in the Chinese view", () => {
  const results = [
    techSubsidy({ amount: 800000, date: D }),
    techSubsidy({ amount: 1500000, region: "CN-HE", date: D }),
    techSubsidy({ amount: 800000, region: "CN-HE", source: "京津", date: D }),
    techSubsidy({ amount: 100, role: "seller", date: D }),
    transferInstitutionReward({ paidTotal: 50000000, rank: 2, date: D }),
    transferInstitutionReward({ paidTotal: 50000000, rank: 12, date: D }),
    incomeShare({ income: 1000000, date: D }),
    incomeShare({ income: 1000000, party: "main-contributors", region: "CN-HE", date: D }),
    insuranceCompensation({ premium: 1000, termYears: 4, date: D }),
    specialistShare({ subsidy: 240000, date: D }),
    commissionerShare({ subsidy: 240000, date: D }),
    inventorEquity({ equity: 1000, date: D }),
    highTechEnterpriseAward({ count: 2, region: "CN-HE", date: D }),
    seedInvestmentReward({ invested: 1000000, region: "CN-HE", date: D }),
    consortiumSupport({ requested: 9000000, region: "CN-HE", date: D }),
    listingAward({ region: "CN-HE", date: D }),
    enterpriseLabGrant({ region: "CN-HE", date: D }),
    demonstrationGrant({ date: D }),
    brokerShare({ funding: 100, date: D }),
    taxableRewardAmount({ cashReward: 1000, incomeDate: "2022-01-01", paidDate: D, nonProfit: true }),
  ];
  for (const r of results) {
    for (const s of [...r.steps, ...r.readings])
      expect([s.zh, latinWords(s.zh), s.clause ?? "", latinWords(s.clause ?? "")]).toEqual([s.zh, [], s.clause ?? "", []]);
    if (r.reason) expect(latinWords(r.reason.zh)).toEqual([]);
  }
});

test("policy data shown to users: descriptions, readings, titles and document evidence are Chinese", () => {
  const texts = [
    ...PARAMETERS.flatMap((p) => [p.description.zh, p.reading?.zh ?? ""]),
    ...TARGETS.flatMap((t) => [t.description.zh, t.scope?.zh ?? "", t.reading?.zh ?? ""]),
    ...DOCUMENTS.flatMap((d) => [d.title, d.number ?? "", d.reading.zh]),
  ].filter(Boolean);
  const leaks = texts.map((t) => [t, latinWords(t)] as const).filter(([, w]) => w.length > 0);
  expect(leaks).toEqual([]);
});

test("the add-in's own messages and the task pane's words are Chinese", () => {
  const samples: Record<string, unknown> = {
    received: '"abc"',
    available: "TECHSUBSIDY、TARGET",
    field: "actual",
    expected: "3×1",
    url: "https://example.invalid/api",
    reason: "超时",
    region: "CN-HL",
    year: "2024",
    metric: "industrialised",
    metricZh: "成果产业化项数",
    zh: "服务器说明",
    en: "server says",
  };
  for (const [code, message] of Object.entries(ADDIN_MESSAGES)) {
    const zh = (message as (d: unknown) => { zh: string })(samples).zh.replace("https://example.invalid/api", "");
    expect([code, latinWords(zh)]).toEqual([code, []]);
  }
  const walk = (v: unknown, path: string): [string, string[]][] =>
    typeof v === "string"
      ? [[path, latinWords(v)]]
      : v && typeof v === "object"
        ? Object.entries(v).flatMap(([k, x]) => walk(x, `${path}.${k}`))
        : [];
  // the language switch names the other language in that language ("English"), as every bilingual UI does
  expect(walk({ ...tr("zh"), languageSwitch: "" }, "tr").filter(([, w]) => w.length > 0)).toEqual([]);
});

test("the zh-CN function metadata (descriptions, argument names and descriptions) is Chinese", () => {
  const docs = readChineseDocs(join(__dirname, "../../addin/functions/functions.ts"));
  const leaks: string[] = [];
  for (const [id, d] of docs) {
    for (const text of [d.description, ...Object.values(d.params)]) {
      const words = latinWords(text.replace(/[{}"“”,，]/g, " "));
      if (words.length) leaks.push(`${id}: ${words.join(" ")} in ${text}`);
    }
  }
  expect(leaks).toEqual([]);
});
