/**
 * The web page (GET /api/web) for everyone outside the add-in: plain DOM over the one typed API client
 * (packages/contract/src/client.ts), same origin as the API, no external request.
 *
 *   institute: choose year and period, download the template (institute name shown), upload the filled
 *              workbook with a progress bar, see every problem by sheet and cell, download the results
 *              workbook (核定补助 filled by the server), list own submissions, download one to correct.
 *   province:  the review queue of the region (an admin picks it), a detail view of every contract's
 *              subsidy, basis and clauses, approve or return with a required reason (nothing pre-selected);
 *              the progress report with its chart (the figures of GET /api/progress).
 * Sign-in: Microsoft Entra ID (MSAL, when a client id is built in) or a pasted development token.
 * Query parameters: ?lang=en ?year=2025
 */
import { ApiFailure, PERIODS, createApiClient, type Download, type Period } from "@tt/contract/client";
import type { ReviewRow, SubmissionView } from "@tt/contract/client";
import type { ProgressReport } from "@tt/contract";
import type { Bilingual } from "@tt/engine";
import { isExpired, sessionFromToken, type Session } from "../taskpane/auth/session";
import { naaConfigFromBuild } from "../taskpane/auth/sign-in";
import { historyChart } from "./chart";
import { el, grouped, money, table } from "./dom";
import { detailView, queueTable, statusLabel } from "./review-view";
import { words, type Language, type Words } from "./i18n";
import { browserSignIn } from "./sign-in";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const TOKEN_KEY = "tt-web-token";

let lang: Language = params.get("lang") === "en" ? "en" : "zh";
let session: Session | null = null;
let message: { text: Bilingual; error: boolean } | null = null;
let issues: { sheet: string; cell: string; message: Bilingual }[] = [];
let instituteName: Bilingual | null = null;
let lastStored: SubmissionView | null = null;
let mine: SubmissionView[] = [];
let queue: ReviewRow[] = [];
let queueTotal = 0;
let selected: SubmissionView | null = null;
let report: ProgressReport | null = null;
const ms = browserSignIn(naaConfigFromBuild());

const api = createApiClient({ baseUrl: () => location.origin, token: () => session?.token });

const w = (): Words => words(lang);
const pick = (b: Bilingual | null | undefined) => (b ? (lang === "zh" ? b.zh : b.en) : "");
/** A bilingual sheet name ("成果产业化 Achievements") in the page's language. */
const sheetName = (s: string) => {
  const i = s.indexOf(" ");
  return i < 0 ? s : lang === "zh" ? s.slice(0, i) : s.slice(i + 1);
};
const chinaYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

// ---- messages -------------------------------------------------------------------------------------

function show(text: Bilingual, error = false, list: typeof issues = []): void {
  message = { text, error };
  issues = list;
  renderMessage();
}

function renderMessage(): void {
  const box = $("message");
  // With cells to list, the list's own heading says it all (the server's text points API users at details.issues).
  box.textContent = issues.length ? w().issuesHeading(issues.length) : message ? pick(message.text) : "";
  box.className = message?.error ? "error" : "";
  const t = $<HTMLTableElement>("issues");
  t.hidden = issues.length === 0;
  t.tBodies[0]!.replaceChildren(
    ...issues.map((i) => el("tr", {}, el("td", {}, sheetName(i.sheet)), el("td", {}, i.cell), el("td", {}, pick(i.message)))),
  );
}

const both = (f: (x: Words) => string): Bilingual => ({ zh: f(words("zh")), en: f(words("en")) });

let busy = false;
async function guarded(job: () => Promise<void>): Promise<void> {
  if (busy) return;
  busy = true;
  document.querySelectorAll<HTMLButtonElement>("main button").forEach((b) => (b.disabled = true));
  try {
    await job();
  } catch (e) {
    if (e instanceof ApiFailure) {
      const list = (e.details.issues ?? []).map((i) => ({ sheet: i.sheet ?? "", cell: i.cell ?? i.path, message: i.message }));
      show(e.text, true, list);
    } else {
      const text = e instanceof Error ? e.message : String(e);
      show({ zh: `出错：${text}`, en: `Failed: ${text}` }, true);
    }
  } finally {
    document.querySelectorAll<HTMLButtonElement>("main button").forEach((b) => (b.disabled = false));
    busy = false;
  }
}

function save(d: Download): void {
  const url = URL.createObjectURL(new Blob([d.bytes], { type: d.type }));
  const a = el("a", { href: url, download: d.filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---- rendering ------------------------------------------------------------------------------------

function render(): void {
  const t = w();
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = t.title;
  document.querySelectorAll<HTMLElement>("[data-w]").forEach((node) => {
    const v = (t as unknown as Record<string, unknown>)[node.dataset.w!];
    if (typeof v === "string") node.textContent = v;
  });
  $("ms-signin").hidden = !!session || ms.state() !== "ready";
  $("ms-state").textContent = session || ms.state() === "ready" ? "" : t.msNotConfigured;
  $("dev-signin").hidden = !!session;
  $("file-name").textContent = $<HTMLInputElement>("file").files?.[0]?.name ?? t.noFileChosen;
  $("who").textContent = session
    ? `${t.signedInAs}：${session.subject} · ${session.roles.map((r) => t.roles[r]).join("、")}${[session.instituteId, session.region].filter(Boolean).length ? ` · ${[session.instituteId, session.region].filter(Boolean).join(" · ")}` : ""}${isExpired(session) ? ` — ${t.tokenExpired}` : ""}`
    : t.notSignedIn;
  $("sign-out").hidden = !session;
  $("institute").hidden = !(session && session.roles.includes("institute"));
  $("province").hidden = !(session && (session.roles.includes("province") || session.roles.includes("admin")));
  $("institute-line").textContent = session?.instituteId
    ? `${t.yourInstitute}：${pick(instituteName) || "…"}（${session.instituteId} · ${session.region ?? ""}）`
    : "";
  const period = $<HTMLSelectElement>("period");
  const chosen = period.value || "Y";
  period.replaceChildren(...PERIODS.map((p) => el("option", { value: p, selected: p === chosen }, `${t.periods[p]}（${p}）`)));
  const region = $<HTMLSelectElement>("region");
  const isAdmin = !!session?.roles.includes("admin");
  const regionNow = region.value || (isAdmin ? "" : (session?.region ?? ""));
  region.replaceChildren(
    ...(isAdmin ? [el("option", { value: "", selected: regionNow === "" }, t.chooseRegion)] : []),
    ...["CN-HL", "CN-HE"]
      .filter((r) => isAdmin || r === session?.region)
      .map((r) => el("option", { value: r, selected: r === regionNow }, `${t.regions[r]}（${r}）`)),
  );
  region.disabled = !isAdmin;
  $("result").hidden = !lastStored;
  renderMessage();
  renderMine();
  renderQueue();
  renderDetail();
  renderProgress();
}

const statusCell = (status: string) => statusLabel(status, lang);

function renderMine(): void {
  const t = w();
  $("mine").replaceChildren(
    mine.length === 0
      ? el("p", { className: "hint" }, t.none)
      : table(
          [t.colYear, t.colPeriod, t.colId, t.colStatus, t.colSubsidy, t.colUpdated, t.colReason, t.colActions],
          mine.map((d) => [
            String(d.year),
            `${t.periods[d.period] ?? d.period}`,
            d.id,
            statusCell(d.status),
            money(d.subsidyTotal),
            new Date(d.updatedAt).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB"),
            d.review?.reason ?? "",
            el(
              "button",
              { type: "button", className: "secondary", onclick: () => guarded(async () => save(await api.submissionWorkbook(d.id))) },
              d.status === "returned" ? t.downloadToCorrect : t.downloadWorkbook,
            ),
          ]),
          [4],
        ),
  );
}

function renderQueue(): void {
  const t = w();
  $("queue-count").textContent = queue.length || queueTotal ? t.queueCount(queueTotal, queue.length) : "";
  $("queue").replaceChildren(
    queue.length === 0 ? "" : queueTable(queue, lang, (id) => void guarded(() => openDetail(id)), selected?.id ?? null),
  );
}

function renderDetail(): void {
  $("review-actions").hidden = !selected || selected.status !== "submitted";
  $("detail").replaceChildren(
    selected
      ? detailView(
          selected,
          queue.find((r) => r.id === selected!.id),
          lang,
        )
      : el("p", { className: "hint" }, w().nothingSelected),
  );
}

function renderProgress(): void {
  const t = w();
  if (!report) {
    $("progress-report").replaceChildren();
    return;
  }
  const measured = report.metrics.filter((m) => m.status === "measured");
  const percent = (c: string | null) => (c === null ? "—" : `${(Number(c) * 100).toFixed(1)}%`);
  const history = report.history;
  const metricName = (id: string) => pick(report!.metrics.find((m) => m.metric === id)?.description) || id;
  $("progress-report").replaceChildren(
    el("h3", {}, `${t.progressHeading} · ${t.regions[report.region] ?? report.region} ${report.year}`),
    el("p", { className: "hint" }, t.completeness(report.completeness.submitted, report.completeness.registered)),
    table(
      [t.colMetric, t.colActual, t.colTarget, t.colCompletion],
      // The descriptions carry their units (元, 项).
      measured.map((m) => [pick(m.description) || m.metric, grouped(m.actual), grouped(m.target), percent(m.completion)]),
      [1, 2, 3],
    ),
    ...(history && history.years.length
      ? [historyChart(history.years, { title: t.chartTitle(metricName(history.metric)), actual: t.actual, target: t.target })]
      : []),
  );
}

// ---- actions --------------------------------------------------------------------------------------

async function setSession(next: Session | null): Promise<void> {
  session = next;
  instituteName = null;
  lastStored = null;
  mine = [];
  queue = [];
  queueTotal = 0;
  selected = null;
  report = null;
  if (next) sessionStorage.setItem(TOKEN_KEY, next.token);
  else sessionStorage.removeItem(TOKEN_KEY);
  render();
  if (!next || isExpired(next)) return;
  if (next.roles.includes("institute") && next.instituteId) {
    await guarded(async () => {
      instituteName = (await api.institute(next.instituteId!)).name;
      mine = await api.listSubmissions({ instituteId: next.instituteId });
      render();
    });
  }
}

async function loadMine(): Promise<void> {
  mine = await api.listSubmissions({ instituteId: session!.instituteId });
  renderMine();
}

async function openDetail(id: string): Promise<void> {
  const row = queue.find((r) => r.id === id);
  selected = (await api.getSubmission(id)).body;
  if (row && !selected.oneSideConflicts) selected.oneSideConflicts = row.conflicts;
  $<HTMLTextAreaElement>("reason").value = "";
  renderQueue();
  renderDetail();
}

async function loadQueue(): Promise<void> {
  const region = $<HTMLSelectElement>("region").value;
  const list = await api.reviewList({ region: region || undefined, year: Number($<HTMLInputElement>("review-year").value) || undefined });
  queue = list.rows;
  queueTotal = list.count;
  if (selected && !queue.some((r) => r.id === selected!.id)) selected = null;
  renderQueue();
  renderDetail();
}

function wire(): void {
  $("lang").addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    render();
  });
  $("use-token").addEventListener("click", () => {
    const s = sessionFromToken($<HTMLTextAreaElement>("dev-token").value);
    if (!s)
      return show(
        both((x) => x.tokenUnreadable),
        true,
      );
    $<HTMLTextAreaElement>("dev-token").value = "";
    show(isExpired(s) ? both((x) => x.tokenExpired) : both((x) => `${x.signedInAs}：${s.subject}`), isExpired(s));
    void setSession(s);
  });
  $("ms-signin").addEventListener("click", () =>
    guarded(async () => {
      const s = sessionFromToken(await ms.getToken());
      if (s) await setSession(s);
    }),
  );
  $("sign-out").addEventListener("click", () => {
    show(both((x) => x.notSignedIn));
    void setSession(null);
  });

  $("download-template").addEventListener("click", () =>
    guarded(async () => {
      const year = Number($<HTMLInputElement>("year").value);
      const period = $<HTMLSelectElement>("period").value as Period;
      save(await api.template({ instituteId: session!.instituteId ?? "", year, period }));
    }),
  );
  $("upload").addEventListener("click", () =>
    guarded(async () => {
      const file = $<HTMLInputElement>("file").files?.[0];
      if (!file)
        return show(
          both((x) => x.noFile),
          true,
        );
      lastStored = null;
      $("result").hidden = true;
      show(both((x) => x.busy));
      $("upload-progress").hidden = false;
      const bar = $<HTMLProgressElement>("progress");
      const progress = (f: number) => {
        bar.value = Math.round(f * 100);
        $("progress-text").textContent = `${Math.round(f * 100)}%`;
      };
      progress(0);
      try {
        const r = await api.uploadWorkbook(file, progress);
        lastStored = r.body;
        show(r.status === 201 ? both((x) => x.stored(r.body.id, money(r.body.subsidyTotal))) : both((x) => x.replayed(r.body.id)));
        await loadMine();
        render();
      } finally {
        $("upload-progress").hidden = true;
      }
    }),
  );
  $("download-results").addEventListener("click", () =>
    guarded(async () => {
      if (lastStored) save(await api.submissionWorkbook(lastStored.id));
    }),
  );
  $("file").addEventListener(
    "change",
    () => ($("file-name").textContent = $<HTMLInputElement>("file").files?.[0]?.name ?? w().noFileChosen),
  );
  $("refresh-mine").addEventListener("click", () => guarded(loadMine));

  $("load-queue").addEventListener("click", () => guarded(loadQueue));
  $("approve").addEventListener("click", () =>
    guarded(async () => {
      if (!selected) return;
      const r = await api.approve(selected.id);
      selected = null;
      renderDetail();
      show(both((x) => x.approved(r.body.id)));
      await loadQueue();
    }),
  );
  $("return").addEventListener("click", () =>
    guarded(async () => {
      if (!selected) return;
      const reason = $<HTMLTextAreaElement>("reason").value.trim();
      if (!reason) {
        show(
          both((x) => x.reasonRequired),
          true,
        );
        $("reason").focus();
        return;
      }
      const r = await api.returnSubmission(selected.id, reason);
      selected = null;
      renderDetail();
      show(both((x) => x.returned(r.body.id)));
      await loadQueue();
    }),
  );
  $("load-progress").addEventListener("click", () =>
    guarded(async () => {
      const region = $<HTMLSelectElement>("region").value;
      if (!region)
        return show(
          both((x) => x.chooseRegion),
          true,
        );
      report = await api.progress({ region, year: Number($<HTMLInputElement>("review-year").value) || chinaYear() });
      renderProgress();
    }),
  );
}

function start(): void {
  const year = String(Number(params.get("year")) || chinaYear());
  $<HTMLInputElement>("year").value = year;
  $<HTMLInputElement>("review-year").value = year;
  wire();
  render();
  const saved = sessionStorage.getItem(TOKEN_KEY);
  const s = saved ? sessionFromToken(saved) : null;
  if (s && !isExpired(s)) void setSession(s);
}

start();
