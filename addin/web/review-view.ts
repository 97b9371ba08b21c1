/**
 * The review queue and the detail of one submission, as DOM, for the web page and the task pane alike:
 * institute name, period, status, counts, claimed basis vs computed subsidy, one-side conflicts flagged;
 * every contract with its subsidy, basis and clauses. Nothing is pre-selected: a row is chosen with its
 * View button.
 */
import type { ReviewRow, SubmissionView } from "../../shared/src/api/review";
import { el, money, pickIn, table } from "./dom";
import { words, type Language } from "./i18n";

export function statusLabel(status: string, lang: Language): HTMLElement {
  return el("span", { className: `status-${status}` }, words(lang).status[status] ?? status);
}

export function queueTable(rows: readonly ReviewRow[], lang: Language, onView: (id: string) => void, selectedId: string | null): HTMLTableElement {
  const t = words(lang);
  const pick = pickIn(lang);
  const out = table(
    [t.colInstitute, t.colPeriod, t.colStatus, t.colAchievements, t.colContracts, t.colClaimed, t.colSubsidy, t.colConflicts, t.colActions],
    rows.map((r) => [
      `${pick(r.instituteName) || r.instituteId}（${r.instituteId}）`,
      `${r.year} ${t.periods[r.period] ?? r.period}`,
      statusLabel(r.status, lang),
      String(r.achievements),
      String(r.contracts),
      money(r.claimedBasis),
      money(r.subsidyTotal),
      r.conflicts.length ? el("span", { className: "flag", title: r.conflicts.map((c) => pick(c.message)).join("\n") }, t.conflictFlag(r.conflicts.length)) : t.noConflict,
      el("button", { type: "button", className: "secondary view", dataset: { id: r.id }, onclick: () => onView(r.id) }, t.view),
    ]),
    [3, 4, 5, 6],
  );
  out.id = "review-queue-table";
  out.querySelectorAll("tbody tr").forEach((tr, i) => tr.classList.toggle("selected", rows[i]?.id === selectedId));
  return out;
}

export function detailView(d: SubmissionView, row: ReviewRow | undefined, lang: Language): HTMLElement {
  const t = words(lang);
  const pick = pickIn(lang);
  const head = el(
    "p",
    {},
    `${pick(row?.instituteName) || d.instituteId}（${d.instituteId}）· ${d.year} ${t.periods[d.period] ?? d.period} · `,
    statusLabel(d.status, lang),
    ` · ${t.colId} ${d.id} · v${d.version} · ${t.colSubsidy} ${money(d.subsidyTotal)}`,
  );
  const contracts = table(
    [t.colRegistration, t.colRole, t.colBasis, t.colBasisDate, t.colSubsidy, t.colNote, t.colClauses],
    d.subsidies.map((s) => [
      s.registrationNumber,
      t.rolesOfContract[s.role] ?? s.role,
      money(s.basis.amount),
      s.basis.date,
      s.status === "computed" ? money(s.amount) : "—",
      s.status === "computed" ? pick(s.reason) || (s.eligible ? t.eligible : t.notEligible) : `${pick(s.message)}（${s.code}）`,
      s.status === "computed" ? s.clauses.join("；") : "",
    ]),
    [2, 4],
  );
  contracts.id = "detail-contracts";
  const conflicts = d.oneSideConflicts?.length
    ? [el("h3", { className: "flag" }, t.conflictsHeading), el("ul", {}, ...d.oneSideConflicts.map((c) => el("li", { className: "flag" }, `${pick(c.message)}（${c.clause}）`)))]
    : [];
  const reason = d.review?.reason ? [el("p", {}, `${t.colReason}：${d.review.reason}`)] : [];
  return el("div", { className: "detail" }, head, contracts, ...conflicts, ...reason);
}
