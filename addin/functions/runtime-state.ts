/**
 * Settings that live in the shared runtime: the API base URL, the user's sign-in token and the language
 * of messages. The task pane and the functions are two bundles loaded into ONE page (shared runtime), so
 * the state is kept on a single global object rather than in module variables (each bundle would get its
 * own copy of a module). The task pane sets them through `window.TTAddin` (see addin/README.md).
 */

export type Language = "zh" | "en";

interface AddinState {
  /** The workbook's default region, as last read from or written to the document settings. */
  defaultRegion?: string | null;
  apiBaseUrl?: string;
  authToken?: string;
  language?: Language;
}

const STATE_KEY = "__techTransferAddinState";

/** Key under which the API base URL may be stored in OfficeRuntime.storage (survives restarts). */
export const API_BASE_STORAGE_KEY = "tt.apiBaseUrl";

declare const __TT_API_BASE_URL__: string | undefined; // replaced by webpack's DefinePlugin at build time
/** Node's `process`, present when the tests run the adapter outside a browser. */
declare const process: { env?: Record<string, string | undefined> } | undefined;

/** Build-time default: env API_BASE_URL when webpack ran (or when the tests run in Node), else localhost:7071. */
export const BUILD_API_BASE_URL: string =
  typeof __TT_API_BASE_URL__ === "string"
    ? __TT_API_BASE_URL__
    : (typeof process !== "undefined" && process.env?.API_BASE_URL) || "http://localhost:7071";

export function addinState(): AddinState {
  const g = globalThis as unknown as Record<string, AddinState | undefined>;
  return (g[STATE_KEY] ??= {});
}

/** Set (or clear with null) the bearer token sent to the cloud API. Called by the task pane after sign-in. */
export function setAuthToken(token: string | null): void {
  addinState().authToken = token ?? undefined;
}

/** Override the API base URL for this session (null: back to storage / build default). */
export function setApiBaseUrl(url: string | null): void {
  addinState().apiBaseUrl = url ? url.replace(/\/+$/, "") : undefined;
}

/** Force the language of error messages and EXPLAIN headers (null: follow Excel's UI language). */
export function setLanguage(language: Language | null): void {
  addinState().language = language ?? undefined;
}

/**
 * The language of messages: an explicit setting, else Excel's UI language (Office.context.displayLanguage,
 * "zh-CN" → zh, anything else → en), else Chinese — the users are provincial finance officers, and a
 * Chinese message is the safe default when Office.js is absent or not ready yet.
 */
export function currentLanguage(): Language {
  const chosen = addinState().language;
  if (chosen) return chosen;
  const office = (globalThis as { Office?: { context?: { displayLanguage?: string } } }).Office;
  let display: string | undefined;
  try {
    display = office?.context?.displayLanguage;
  } catch {
    display = undefined; // Office.context throws before Office.onReady in some hosts
  }
  if (typeof display === "string" && display !== "") return display.toLowerCase().startsWith("zh") ? "zh" : "en";
  return "zh";
}

/** The API base URL in force: session override, then OfficeRuntime.storage, then the build default. */
export async function apiBaseUrl(): Promise<string> {
  const session = addinState().apiBaseUrl;
  if (session) return session;
  const storage = (globalThis as { OfficeRuntime?: { storage?: { getItem(key: string): Promise<string | null> } } }).OfficeRuntime?.storage;
  if (storage) {
    try {
      const stored = await storage.getItem(API_BASE_STORAGE_KEY);
      if (stored) return stored.replace(/\/+$/, "");
    } catch {
      // storage unavailable (e.g. outside Excel): fall through to the build default
    }
  }
  return BUILD_API_BASE_URL.replace(/\/+$/, "");
}

export const authToken = (): string | undefined => addinState().authToken;

/** Key of the workbook's default region in the Office document settings (saved with the workbook). */
export const DEFAULT_REGION_SETTING = "tt.defaultRegion";

type DocumentSettings = { get(name: string): unknown; set(name: string, value: unknown): void; saveAsync(cb?: (r: unknown) => void): void };

function documentSettings(): DocumentSettings | undefined {
  try {
    const office = (globalThis as { Office?: { context?: { document?: { settings?: DocumentSettings } } } }).Office;
    return office?.context?.document?.settings;
  } catch {
    return undefined; // Office.context throws before Office.onReady in some hosts
  }
}

/**
 * The workbook's default region (CN-HL / CN-HE), used by every TT function whose region argument is
 * omitted: the value set in this session, else the one saved in the document settings, else none.
 */
export function defaultRegion(): string | undefined {
  const state = addinState();
  if (typeof state.defaultRegion === "string") return state.defaultRegion;
  if (state.defaultRegion === null) return undefined;
  const saved = documentSettings()?.get(DEFAULT_REGION_SETTING);
  return typeof saved === "string" && saved !== "" ? saved : undefined;
}

/** Set (or clear with null) the workbook's default region; saved in the document settings when Office is there. */
export function setDefaultRegion(region: string | null): Promise<void> {
  addinState().defaultRegion = region;
  const settings = documentSettings();
  if (!settings) return Promise.resolve();
  settings.set(DEFAULT_REGION_SETTING, region ?? "");
  return new Promise((resolve) => settings.saveAsync(() => resolve()));
}
