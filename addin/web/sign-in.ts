/**
 * Microsoft Entra ID sign-in for the web page: the same app registration and build-time configuration as
 * the task pane (TT_NAA_CLIENT_ID / TT_NAA_AUTHORITY / TT_NAA_SCOPES, addin/taskpane/auth/sign-in.ts), but a
 * browser page is not nested in Office, so it uses MSAL's standard public client with a popup (register
 * <origin>/api/web as a single-page-application redirect URI). @azure/msal-browser is loaded on demand,
 * only when a client id was built in; without one the page offers the development-token path.
 */
import type { NaaConfig, NaaState, TokenProvider } from "../taskpane/auth/sign-in";

export function browserSignIn(config: NaaConfig): TokenProvider {
  let client: Promise<import("@azure/msal-browser").IPublicClientApplication> | null = null;
  return {
    state: (): NaaState => (config.clientId ? "ready" : "not-configured"),
    async getToken() {
      if (!config.clientId) throw new Error("TT_NAA_CLIENT_ID is not configured");
      client ??= import(/* webpackChunkName: "msal" */ "@azure/msal-browser").then((msal) =>
        msal.createStandardPublicClientApplication({
          auth: { clientId: config.clientId, authority: config.authority, redirectUri: `${location.origin}${location.pathname}` },
        }),
      );
      const c = await client;
      const account = c.getAllAccounts()[0];
      if (account) {
        try {
          return (await c.acquireTokenSilent({ scopes: config.scopes, account })).accessToken;
        } catch {
          // fall through to the popup
        }
      }
      return (await c.acquireTokenPopup({ scopes: config.scopes })).accessToken;
    },
  };
}
