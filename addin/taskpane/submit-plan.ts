/**
 * Submit decisions without Excel or the network: what to send, and what to write back.
 */
import type { ServerSubsidy } from "@tt/contract/client";

/** What the workbook remembers of its last successful submit (meta cells B7–B9). */
export interface SubmittedMark {
  submissionId: string;
  contentHash: string;
  etag: string;
}

export type SubmitAction = { kind: "unchanged" } | { kind: "post" } | { kind: "put"; etag: string };

/**
 * Same content as last submitted → nothing to send; never submitted (no ETag kept) → POST (the server
 * answers 200 for a replay of the same id and content); changed after a submit → PUT with If-Match.
 */
export function decideSubmit(mark: Partial<SubmittedMark>, currentHash: string): SubmitAction {
  if (!mark.etag) return { kind: "post" };
  if (mark.contentHash === currentHash) return { kind: "unchanged" };
  return { kind: "put", etag: mark.etag };
}

export interface SubsidyCell {
  /** 0-based data row of the contracts table. */
  row: number;
  value: number | string;
  /** The sheet's own expected subsidy differs from the server's figure. */
  differs: boolean;
}

const asNumber = (v: unknown): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v.replace(/,/g, "")))) return Number(v.replace(/,/g, ""));
  return null;
};

/**
 * The 核定补助 (server subsidy) value of each contracts row, found by registration number, and whether it
 * differs from the row's expected subsidy by more than half a fen. Rows without a server figure are skipped.
 */
export function subsidyCells(
  rows: readonly { registrationNumber: unknown; expected: unknown }[],
  subsidies: readonly ServerSubsidy[],
  lang: "zh" | "en",
): SubsidyCell[] {
  const byNumber = new Map(subsidies.map((s) => [s.registrationNumber, s]));
  const out: SubsidyCell[] = [];
  rows.forEach((r, row) => {
    const s = byNumber.get(String(r.registrationNumber ?? "").trim());
    if (!s) return;
    if (s.status === "computed" && s.amount !== undefined) {
      const amount = Number(s.amount);
      const expected = asNumber(r.expected);
      out.push({ row, value: amount, differs: expected === null || Math.abs(expected - amount) > 0.005 });
    } else {
      const text = s.status !== "computed" && s.message ? (lang === "zh" ? s.message.zh : s.message.en) : s.status;
      out.push({ row, value: text, differs: asNumber(r.expected) !== null });
    }
  });
  return out;
}
