/**
 * The review queue and the detail of one submission, as DOM, for the web page and the task pane alike:
 * institute name, period, status, counts, claimed basis vs computed subsidy, one-side conflicts flagged;
 * every contract with its subsidy, basis and clauses. Nothing is pre-selected: a row is chosen with its
 * View button.
 */
import type { ReviewRow, SubmissionView } from "@tt/contract/client";
import { el, money, pickIn, table } from "./dom";
import { words, type Language } from "./i18n";

export function statusLabel(status: string, lang: Language): HTMLElement {
  return el("span", { className: `status-${status}` }, words(lang).status[status] ?? status);
}

export function queueTable(
  rows: readonly ReviewRow[],
  lang: Language,
  onView: (id: string) => void,
  selectedId: string | null,
): HTMLTableElement {
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
      r.conflicts.length
        ? el("span", { className: "flag", title: r.conflicts.map((c) => pick(c.message)).join("\n") }, t.conflictFlag(r.conflicts.length))
        : t.noConflict,
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
    ? [
        el("h3", { className: "flag" }, t.conflictsHeading),
        el("ul", {}, ...d.oneSideConflicts.map((c) => el("li", { className: "flag" }, `${pick(c.message)}（${c.clause}）`))),
      ]
    : [];
  const reason = d.review?.reason ? [el("p", {}, `${t.colReason}：${d.review.reason}`)] : [];
  return el("div", { className: "detail" }, head, contracts, ...conflicts, ...reason);
}

/** The queue for a narrow task pane: one block per submission instead of a nine-column table. */
export function queueList(
  rows: readonly ReviewRow[],
  lang: Language,
  onView: (id: string) => void,
  selectedId: string | null,
): HTMLUListElement {
  const t = words(lang);
  const pick = pickIn(lang);
  const list = el(
    "ul",
    { id: "review-queue-list", className: "queue" },
    ...rows.map((r) =>
      el(
        "li",
        { className: r.id === selectedId ? "selected" : "" },
        el("strong", {}, `${pick(r.instituteName) || r.instituteId}（${r.instituteId}）`),
        el("br"),
        `${r.year} ${t.periods[r.period] ?? r.period} · `,
        statusLabel(r.status, lang),
        ` · ${t.colAchievements} ${r.achievements} · ${t.colContracts} ${r.contracts}`,
        el("br"),
        `${t.colClaimed} ${money(r.claimedBasis)} · ${t.colSubsidy} ${money(r.subsidyTotal)}`,
        ...(r.conflicts.length
          ? [el("br"), el("span", { className: "flag" }, `${t.colConflicts} ${t.conflictFlag(r.conflicts.length)}`)]
          : []),
        el("br"),
        el("button", { type: "button", className: "secondary view", dataset: { id: r.id }, onclick: () => onView(r.id) }, t.view),
      ),
    ),
  );
  return list;
}

/** The detail for a narrow task pane: one block per contract. */
export function detailList(d: SubmissionView, row: ReviewRow | undefined, lang: Language): HTMLElement {
  const t = words(lang);
  const pick = pickIn(lang);
  const full = detailView(d, row, lang);
  const contracts = el(
    "ul",
    { id: "detail-contracts", className: "contracts" },
    ...d.subsidies.map((s) =>
      el(
        "li",
        {},
        `${t.colRegistration} ${s.registrationNumber} · ${t.rolesOfContract[s.role] ?? s.role}`,
        el("br"),
        `${t.colBasis} ${money(s.basis.amount)}（${s.basis.date}）`,
        el("br"),
        el("strong", {}, `${t.colSubsidy} ${s.status === "computed" ? money(s.amount) : "—"}`),
        ` · ${s.status === "computed" ? pick(s.reason) || (s.eligible ? t.eligible : t.notEligible) : `${pick(s.message)}（${s.code}）`}`,
        ...(s.status === "computed" && s.clauses.length ? [el("br"), `${t.colClauses} ${s.clauses.join("；")}`] : []),
      ),
    ),
  );
  full.querySelector("table")!.replaceWith(contracts);
  return full;
}
