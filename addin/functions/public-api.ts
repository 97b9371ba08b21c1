/**
 * What the task pane (another bundle in the same shared-runtime page) may call:
 *   window.TTAddin.setAuthToken(token)   — after sign-in; sent as "Authorization: Bearer" to the cloud API
 *   window.TTAddin.setApiBaseUrl(url)    — session override of the API base URL (null to reset)
 *   window.TTAddin.setLanguage("zh"|"en"|null) — force the language of messages (null: follow Excel)
 *   window.TTAddin.setDefaultRegion("CN-HL"|"CN-HE"|null) — the workbook's default region (saved in the document settings)
 *   window.TTAddin.defaultRegion()       — the workbook's default region, or undefined
 *   window.TTAddin.clearLiveCache()      — forget cached live actuals (e.g. after a new submission)
 * To persist the API URL across sessions, store it with OfficeRuntime.storage.setItem("tt.apiBaseUrl", url).
 */
import { progressClient } from "./progress-client";
import { API_BASE_STORAGE_KEY, defaultRegion, setApiBaseUrl, setAuthToken, setDefaultRegion, setLanguage } from "./runtime-state";

export interface TTAddinApi {
  setAuthToken: typeof setAuthToken;
  setApiBaseUrl: typeof setApiBaseUrl;
  setLanguage: typeof setLanguage;
  setDefaultRegion: typeof setDefaultRegion;
  defaultRegion: typeof defaultRegion;
  clearLiveCache: () => void;
  apiBaseStorageKey: string;
}

export function installPublicApi(): TTAddinApi {
  const api: TTAddinApi = {
    setAuthToken,
    setApiBaseUrl,
    setLanguage,
    setDefaultRegion,
    defaultRegion,
    clearLiveCache: () => progressClient().clearCache(),
    apiBaseStorageKey: API_BASE_STORAGE_KEY,
  };
  (globalThis as unknown as { TTAddin?: TTAddinApi }).TTAddin = api;
  return api;
}
