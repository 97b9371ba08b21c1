/**
 * What the task pane (another bundle in the same shared-runtime page) may call:
 *   window.TTAddin.setAuthToken(token)   — after sign-in; sent as "Authorization: Bearer" to the cloud API
 *   window.TTAddin.setApiBaseUrl(url)    — session override of the API base URL (null to reset)
 *   window.TTAddin.setLanguage("zh"|"en"|null) — force the language of messages (null: follow Excel)
 *   window.TTAddin.clearLiveCache()      — forget cached live actuals (e.g. after a new submission)
 * To persist the API URL across sessions, store it with OfficeRuntime.storage.setItem("tt.apiBaseUrl", url).
 */
import { progressClient } from "./progress-client";
import { API_BASE_STORAGE_KEY, setApiBaseUrl, setAuthToken, setLanguage } from "./runtime-state";

export interface TTAddinApi {
  setAuthToken: typeof setAuthToken;
  setApiBaseUrl: typeof setApiBaseUrl;
  setLanguage: typeof setLanguage;
  clearLiveCache: () => void;
  apiBaseStorageKey: string;
}

export function installPublicApi(): TTAddinApi {
  const api: TTAddinApi = {
    setAuthToken,
    setApiBaseUrl,
    setLanguage,
    clearLiveCache: () => progressClient().clearCache(),
    apiBaseStorageKey: API_BASE_STORAGE_KEY,
  };
  (globalThis as unknown as { TTAddin?: TTAddinApi }).TTAddin = api;
  return api;
}
