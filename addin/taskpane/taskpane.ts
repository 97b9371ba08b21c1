/**
 * The task pane page: plain DOM over `actions.ts`. It shares the runtime with the custom functions
 * (functions.js loads first on the same page and installs window.TTAddin): signing in here calls
 * TTAddin.setAuthToken so TT.PROGRESS uses the same identity, and the language switch calls
 * TTAddin.setLanguage so the functions' messages follow.
 *
 * Query parameters (development and tests): ?api=<base URL of the cloud API> ?lang=en ?year=2025
 */
import { insertIndicators } from "./actions";
import { sendIndicators } from "./actions";
import type { Bilingual } from "@tt/engine";
import { apiBaseUrl, authToken } from "../functions/runtime-state";
import { createApiClient } from "@tt/contract/client";
import {
  checkWorkbook,
  insertAwardRoster,
  refreshProgress,
  reviewSubmission,
  submitWorkbook,
  type Outcome,
  type PaneDeps,
  type Stage,
} from "./actions";
import { hasRole, isExpired, sessionFromToken, type Session } from "./auth/session";
import { naaConfigFromBuild, naaProvider } from "./auth/sign-in";
import { officeExcelRun } from "./excel/run";
import { insertIntoSelection } from "./excel/selection";
import { insertTemplate } from "./excel/template";
import { galleryEntries, type FunctionMetadata } from "./gallery";
import { pick, say, tr, type Language } from "./i18n";
import type { ReviewRow, SubmissionView } from "@tt/contract/client";
import { detailList, queueList } from "../web/review-view";
import { sheetYear, syncYear } from "./excel/year-sync";

interface TTAddinApi {
  setAuthToken(token: string | null): void;
  setApiBaseUrl(url: string | null): void;
  setLanguage(lang: Language | null): void;
  clearLiveCache(): void;
  setDefaultRegion(region: string | null): Promise<void>;
  defaultRegion(): string | undefined;
}
const runtime = (): TTAddinApi | undefined => (globalThis as { TTAddin?: TTAddinApi }).TTAddin;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);

let lang: Language = params.get("lang") === "en" ? "en" : "zh";
let session: Session | null = null;
let lastMessage: { text: Bilingual; error: boolean } | null = null;
let lastIssues: { sheet: string; cell: string; message: Bilingual }[] = [];
let metadata: Partial<Record<Language, FunctionMetadata>> = {};
const naa = naaProvider(naaConfigFromBuild());

/** The one typed client of the API (packages/contract/src/client.ts), shared with the web page. */
const api = createApiClient({ baseUrl: () => apiBaseUrl(), token: () => authToken() });
let queue: ReviewRow[] = [];
let selected: SubmissionView | null = null;
const deps: PaneDeps = {
  run: officeExcelRun,
  api,
  language: () => lang,
  onProgress: showProgress,
  afterSubmit: () => runtime()?.clearLiveCache(),
};

function chinaYear(): number {
  return new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
}

function render(): void {
  const t = tr(lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll<HTMLElement>("[data-i18n]").forEach((el) => {
    el.textContent = (t as unknown as Record<string, string>)[el.dataset.i18n!] ?? el.textContent;
    if (el.dataset.i18nLabel) el.setAttribute("aria-label", (t as unknown as Record<string, string>)[el.dataset.i18nLabel] ?? "");
  });
  const state = naa.state();
  $("naa-state").textContent = state === "ready" ? "" : t.naaNotConfigured;
  $("naa-signin").hidden = state !== "ready";
  renderWho();
  $("institute").hidden = !hasRole(session, "institute");
  $("province").hidden = !hasRole(session, "province");
  renderMessage();
  renderGallery();
  renderRegions();
  renderQueue();
}

/** Provincial staff review their own region; an admin picks one (nothing chosen until they do). */
function renderRegions(): void {
  const select = $<HTMLSelectElement>("review-region");
  const admin = !!session?.roles.includes("admin");
  const current = select.value || (admin ? "" : (session?.region ?? ""));
  const regions = admin ? ["", "CN-HL", "CN-HE"] : session?.region ? [session.region] : [];
  select.replaceChildren(
    ...regions.map((r) => {
      const o = document.createElement("option");
      o.value = r;
      o.textContent = r
        ? `${r === "CN-HL" ? (lang === "zh" ? "黑龙江" : "Heilongjiang") : r === "CN-HE" ? (lang === "zh" ? "河北" : "Hebei") : r}（${r}）`
        : "—";
      o.selected = r === current;
      return o;
    }),
  );
  select.disabled = !admin;
}

const reviewRegion = (): string | null => $<HTMLSelectElement>("review-region").value || null;

function renderQueue(): void {
  $("review-queue").replaceChildren(
    ...(queue.length ? [queueList(queue, lang, (id) => void guarded(() => openDetail(id)), selected?.id ?? null)] : []),
  );
  $<HTMLInputElement>("submission-id").value = selected?.id ?? "";
  $("review-detail").replaceChildren(
    ...(selected
      ? [
          detailList(
            selected,
            queue.find((r) => r.id === selected!.id),
            lang,
          ),
        ]
      : []),
  );
}

async function openDetail(id: string): Promise<void> {
  const row = queue.find((r) => r.id === id);
  selected = (await api.getSubmission(id)).body;
  if (row && !selected.oneSideConflicts) selected.oneSideConflicts = row.conflicts;
  $<HTMLTextAreaElement>("reason").value = "";
  renderQueue();
}

function renderWho(): void {
  const t = tr(lang);
  if (!session) {
    $("who").textContent = t.notSignedIn;
    return;
  }
  const roles = session.roles.map((r) => t.roles[r]).join("、") || "—";
  const where = [session.instituteId, session.region].filter(Boolean).join(" · ");
  const until = session.expiresAt
    ? ` · ${t.expires} ${new Date(session.expiresAt * 1000).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB")}`
    : "";
  $("who").textContent =
    `${t.signedInAs}: ${session.subject} · ${t.role}: ${roles}${where ? ` · ${where}` : ""}${until}${isExpired(session) ? ` — ${t.tokenExpired}` : ""}`;
}

function renderMessage(): void {
  const box = $("message");
  box.textContent = lastMessage ? pick(lastMessage.text, lang) : "";
  box.className = lastMessage?.error ? "error" : "";
  const list = $("issues");
  list.replaceChildren(
    ...lastIssues.slice(0, 50).map((i) => {
      const li = document.createElement("li");
      li.textContent = `${i.sheet}!${i.cell}: ${pick(i.message, lang)}`;
      return li;
    }),
  );
}

function show(text: Bilingual, error = false, issues: Outcome["issues"] = []): void {
  lastMessage = { text, error };
  lastIssues = issues ?? [];
  renderMessage();
}

function showProgress(stage: Stage, fraction: number): void {
  $("progress-wrap").hidden = stage === "done";
  $("stage").textContent = tr(lang).stages[stage];
  $<HTMLProgressElement>("progress").value = Math.round(fraction * 100);
}

function setSession(next: Session | null): void {
  session = next;
  queue = [];
  selected = null;
  runtime()?.setAuthToken(next ? next.token : null);
  render();
}

function renderGallery(): void {
  const list = $("gallery-list");
  const t = tr(lang);
  const meta = metadata[lang] ?? metadata.en;
  if (!meta) {
    list.textContent = t.galleryUnavailable;
    return;
  }
  list.replaceChildren(
    ...galleryEntries(meta).map((e) => {
      const box = document.createElement("div");
      box.className = "fn";
      const h = document.createElement("h3");
      h.textContent = `TT.${e.name}`;
      const p = document.createElement("p");
      p.textContent = e.summary;
      const cite = document.createElement("p");
      cite.className = "cite";
      cite.textContent = `${t.citation}: ${e.citation ?? t.noCitation}`;
      const code = document.createElement("code");
      code.textContent = e.example;
      const b = document.createElement("button");
      b.type = "button";
      b.className = "secondary";
      b.textContent = t.insertExample;
      b.setAttribute("aria-label", `${t.insertExample}: ${e.example}`);
      b.addEventListener("click", () =>
        guarded(async () => {
          const at = await insertIntoSelection(deps.run, e.example);
          show({ zh: `${tr("zh").inserted} ${e.example} → ${at}`, en: `${tr("en").inserted} ${e.example} → ${at}` });
        }),
      );
      box.append(h, p, cite, code, b);
      return box;
    }),
  );
}

async function loadMetadata(): Promise<void> {
  const get = async (file: string) => {
    try {
      const r = await fetch(file);
      return r.ok ? ((await r.json()) as FunctionMetadata) : undefined;
    } catch {
      return undefined;
    }
  };
  const [en, zh] = await Promise.all([get("functions.json"), get("functions-zh-cn.json")]);
  metadata = { ...(en ? { en } : {}), ...(zh ? { zh } : {}) };
  renderGallery();
}

let busy = false;
async function guarded(job: () => Promise<void>): Promise<void> {
  if (busy) return;
  busy = true;
  document.querySelectorAll<HTMLButtonElement>("section button").forEach((b) => (b.disabled = true));
  try {
    await job();
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const withText = (e as { text?: Bilingual }).text;
    show(withText ?? { zh: `出错：${text}`, en: `Failed: ${text}` }, true);
  } finally {
    $("progress-wrap").hidden = true;
    document.querySelectorAll<HTMLButtonElement>("section button").forEach((b) => (b.disabled = false));
    busy = false;
  }
}

const year = () => Number($<HTMLInputElement>("year").value) || chinaYear();
const outcome = (o: Outcome) => show(o.message, !o.ok, o.issues);
function requireRole(role: "institute" | "province"): boolean {
  if (!session) show({ zh: tr("zh").needSignIn, en: tr("en").needSignIn }, true);
  else if (!hasRole(session, role)) show({ zh: tr("zh").needRole, en: tr("en").needRole }, true);
  return hasRole(session, role);
}

function wire(): void {
  $("lang").addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    runtime()?.setLanguage(lang);
    render();
  });
  $("use-token").addEventListener("click", () => {
    const s = sessionFromToken($<HTMLTextAreaElement>("dev-token").value);
    if (!s) return show({ zh: tr("zh").tokenUnreadable, en: tr("en").tokenUnreadable }, true);
    $<HTMLTextAreaElement>("dev-token").value = "";
    setSession(s);
    show(
      isExpired(s)
        ? { zh: tr("zh").tokenExpired, en: tr("en").tokenExpired }
        : { zh: `${tr("zh").signedInAs}: ${s.subject}`, en: `${tr("en").signedInAs}: ${s.subject}` },
      isExpired(s),
    );
  });
  $("naa-signin").addEventListener("click", () =>
    guarded(async () => {
      const s = sessionFromToken(await naa.getToken());
      if (s) setSession(s);
    }),
  );
  $("sign-out").addEventListener("click", () => setSession(null));
  // The year lives in the workbook (TT_Year): changing the box rewrites it, or refuses once submitted.
  $<HTMLInputElement>("year").addEventListener("change", () =>
    guarded(async () => {
      const r = await syncYear(deps.run, year());
      if (r.state === "refused") {
        $<HTMLInputElement>("year").value = String(r.sheetYear);
        show(r.message, true);
      } else if (r.state === "updated") show(r.message);
    }),
  );
  $<HTMLInputElement>("api-url").addEventListener("change", (ev) =>
    runtime()?.setApiBaseUrl((ev.target as HTMLInputElement).value || null),
  );

  $("insert-template").addEventListener("click", () =>
    guarded(async () => {
      if (!requireRole("institute")) return;
      const name = await api.institute(session!.instituteId ?? "").then(
        (i) => i.name.zh,
        () => undefined,
      );
      const r = await insertTemplate(deps.run, {
        instituteId: session!.instituteId ?? "",
        region: session!.region ?? "",
        year: year(),
        submissionId: crypto.randomUUID(),
        ...(name ? { instituteName: name } : {}),
      });
      show(say.templateInserted(r.created, r.existing));
    }),
  );
  $("check").addEventListener("click", () => guarded(async () => outcome(await checkWorkbook(deps))));
  $("submit").addEventListener("click", () =>
    guarded(async () => {
      if (requireRole("institute")) outcome(await submitWorkbook(deps));
    }),
  );
  $("refresh-progress").addEventListener("click", () =>
    guarded(async () => {
      if (!requireRole("province")) return;
      const region = reviewRegion();
      if (!region) return show({ zh: tr("zh").chooseRegion, en: tr("en").chooseRegion }, true);
      outcome(await refreshProgress(deps, region, year()));
    }),
  );
  $("insert-indicators").addEventListener("click", () =>
    guarded(async () => {
      if (requireRole("province")) outcome(await insertIndicators(deps, session!.region ?? "CN-HL", year()));
    }),
  );
  $("send-indicators").addEventListener("click", () =>
    guarded(async () => {
      if (requireRole("province")) outcome(await sendIndicators(deps));
    }),
  );
  $("load-submissions").addEventListener("click", () =>
    guarded(async () => {
      if (!requireRole("province")) return;
      const region = reviewRegion();
      if (!region) return show({ zh: tr("zh").chooseRegion, en: tr("en").chooseRegion }, true);
      const list = await api.reviewList({ region, year: year() });
      queue = list.rows;
      if (selected && !queue.some((r) => r.id === selected!.id)) selected = null;
      renderQueue();
      show(say.listed(list.count));
    }),
  );
  const review = (action: "approve" | "return") =>
    guarded(async () => {
      if (!requireRole("province")) return;
      const id = $<HTMLInputElement>("submission-id").value.trim();
      const reason = $<HTMLTextAreaElement>("reason").value.trim();
      if (!id) return show({ zh: tr("zh").selectSubmission, en: tr("en").selectSubmission }, true);
      if (action === "return" && !reason) return show({ zh: tr("zh").reasonRequired, en: tr("en").reasonRequired }, true);
      const done = await reviewSubmission(deps, id, action, action === "return" ? reason : undefined);
      if (done.ok) {
        selected = null;
        $<HTMLTextAreaElement>("reason").value = "";
        const region = reviewRegion();
        if (region) queue = (await api.reviewList({ region, year: year() })).rows;
        renderQueue();
      }
      outcome(done);
    });
  $("insert-roster").addEventListener("click", () =>
    guarded(async () => {
      if (requireRole("province")) outcome(await insertAwardRoster(deps, session!.region ?? "CN-HL", year()));
    }),
  );
  $<HTMLSelectElement>("default-region").addEventListener("change", (ev) => {
    void runtime()?.setDefaultRegion((ev.target as HTMLSelectElement).value || null);
  });
  $("approve").addEventListener("click", () => review("approve"));
  $("return").addEventListener("click", () => review("return"));
}

Office.onReady(async () => {
  const api = params.get("api");
  if (api) runtime()?.setApiBaseUrl(api);
  if (params.get("lang")) runtime()?.setLanguage(lang);
  $<HTMLInputElement>("api-url").value = await apiBaseUrl();
  $<HTMLInputElement>("year").value = String(Number(params.get("year")) || chinaYear());
  $<HTMLSelectElement>("default-region").value = runtime()?.defaultRegion() ?? "";
  // An open workbook with a template already carries its year: the box follows it.
  const stamped = await sheetYear(deps.run).catch(() => null);
  if (stamped) $<HTMLInputElement>("year").value = String(stamped);
  wire();
  render();
  await loadMetadata();
});
