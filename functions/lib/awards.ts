/**
 * The award roster a finance department pays from (GET /api/awards, /api/awards.xlsx): every contract of
 * the region's submissions for the year whose stored, server-computed subsidy is payable (computed,
 * eligible, above zero), with the basis and how it was measured, the rule and its citation in words, and
 * who approved it when. Returned submissions are never listed; `status=approved` keeps approved ones only.
 * Amounts are the stored ones (what was reviewed); citations and readings come from the engine for the
 * stored basis. Totals are exact sums of the rows.
 */
import type { HttpRequest } from "@azure/functions";
import { region as regionSchema, year as yearSchema } from "@tt/contract";
import { type RegionCode } from "@tt/engine";
import { contractSubsidy } from "@tt/engine";
import { rosterTotals, type AwardRoster, type AwardRow } from "@tt/contract";
import type { Institute, SubmissionDoc } from "./documents";
import { apiError } from "./http";
import type { Services } from "./services";

export interface AwardQuery {
  region: RegionCode;
  year: number;
  status: "approved" | "all";
}

const issue = (path: string, zh: string, en: string) => ({ path, code: "INVALID_QUERY", message: { zh, en } });

/** `?region=&year=[&status=approved]`; every bad parameter is listed (400 INVALID_QUERY). */
export function parseAwardQuery(req: HttpRequest): AwardQuery {
  const region = regionSchema.safeParse(req.query.get("region"));
  const year = yearSchema.safeParse(Number(req.query.get("year")));
  const statusText = req.query.get("status");
  const statusOk = statusText === null || statusText === "" || statusText === "approved" || statusText === "all";
  const issues = [
    ...(region.success ? [] : [issue("region", "地区（region）应为 CN-HL 或 CN-HE", "region must be CN-HL or CN-HE")]),
    ...(year.success ? [] : [issue("year", "年份（year）应为 2000–2100 的整数", "year must be a whole number 2000–2100")]),
    ...(statusOk
      ? []
      : [
          issue(
            "status",
            `状态（status）只能为 approved（仅已审核通过）或 all，收到 ${String(statusText).slice(0, 40)}`,
            `status must be approved or all; received ${String(statusText).slice(0, 40)}`,
          ),
        ]),
  ];
  if (!region.success || !year.success || !statusOk) {
    throw apiError("INVALID_QUERY", { count: issues.length }, { issues });
  }
  return { region: region.data as RegionCode, year: year.data, status: statusText === "approved" ? "approved" : "all" };
}

const RULE_WORDS: Record<string, { zh: string; en: string }> = {
  buyer: { zh: "技术交易补助（受让方）", en: "Technology-transaction subsidy (buyer)" },
  seller: { zh: "技术交易奖励（出让方）", en: "Technology-transaction reward (seller)" },
};

/** Rows of one submission: its payable contracts. */
export function awardRows(doc: SubmissionDoc, institute: Institute | undefined): AwardRow[] {
  const approved = doc.status === "approved" && doc.review?.action === "approve" ? doc.review : undefined;
  return doc.submission.contracts.flatMap((c) => {
    const stored = doc.subsidies.find((o) => o.registrationNumber === c.registrationNumber);
    if (!stored || stored.status !== "computed" || !stored.eligible || Number(stored.amount) <= 0) return [];
    const words = contractSubsidy(doc.submission, c); // citations and readings for the stored basis
    const cited = words.status === "computed" ? words : undefined;
    return [
      {
        instituteId: doc.instituteId,
        instituteName: institute?.name ?? { zh: doc.instituteId, en: doc.instituteId },
        city: institute?.city ?? "未登记",
        instituteType: institute?.type ?? "unregistered",
        submissionId: doc.id,
        period: doc.period,
        registrationNumber: c.registrationNumber,
        role: c.role,
        buyer: c.buyer.name,
        seller: c.seller.name,
        basisAmount: stored.basis.amount,
        basisDate: stored.basis.date,
        basisReading: { zh: words.basis.reading, en: words.basis.readingEn },
        subsidy: stored.amount,
        rule: RULE_WORDS[c.role]!,
        citations: cited?.citations ?? [],
        readings: cited?.readings ?? [],
        status: doc.status,
        approvedBy: approved ? approved.by.subject : null,
        approvedAt: approved ? approved.at : null,
        rulesVersion: doc.rulesVersion,
      },
    ];
  });
}

/** The roster from stored documents: a pure function, tested against a hand computation. */
export function buildAwardRoster(
  q: AwardQuery,
  docs: readonly SubmissionDoc[],
  institutes: readonly Institute[],
  generatedAt: string,
): AwardRoster {
  const byId = new Map(institutes.map((i) => [i.instituteId, i]));
  const rows = docs
    .filter((d) => d.region === q.region && d.year === q.year && d.status !== "returned" && (q.status === "all" || d.status === "approved"))
    .flatMap((d) => awardRows(d, byId.get(d.instituteId)))
    .sort(
      (a, b) =>
        a.city.localeCompare(b.city, "zh-CN") ||
        a.instituteId.localeCompare(b.instituteId) ||
        a.registrationNumber.localeCompare(b.registrationNumber),
    );
  return { region: q.region, year: q.year, status: q.status, generatedAt, rows, totals: rosterTotals(rows) };
}

export async function loadAwardRoster(s: Services, q: AwardQuery): Promise<AwardRoster> {
  const [docs, institutes] = await Promise.all([s.repo.listSubmissions({ region: q.region, year: q.year }), s.repo.institutesOf(q.region)]);
  return buildAwardRoster(q, docs, institutes, new Date().toISOString());
}
