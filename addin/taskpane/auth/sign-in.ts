/**
 * How the pane obtains a bearer token for the cloud API.
 *
 * In Office: nested app authentication (NAA) with MSAL — `createNestablePublicClientApplication({auth:
 * {clientId, authority}})`, then `acquireTokenSilent({scopes})`, falling back to `acquireTokenPopup`
 * (OfficeDev/Office-Add-in-samples, Samples/auth/Office-Add-in-SSO-NAA). @azure/msal-browser is loaded on
 * demand (its own webpack chunk), only when a client id was compiled in (env TT_NAA_CLIENT_ID at build
 * time); without one the pane says "not-configured" and offers the development-token path.
 * Local development: a development token pasted into the pane (`npm run token -- …`).
 * Either way the token ends with `window.TTAddin.setAuthToken(token)`, so TT.PROGRESS uses the sign-in.
 */
export interface NaaConfig {
  clientId: string;
  /** e.g. https://login.microsoftonline.com/common */
  authority: string;
  /** The API's scope, e.g. api://<api-app-id>/access_as_user */
  scopes: string[];
}

export type NaaState = "not-configured" | "ready";

/** The part of @azure/msal-browser's nestable public client the pane uses. */
export interface NestableClient {
  acquireTokenSilent(req: { scopes: string[] }): Promise<{ accessToken: string }>;
  acquireTokenPopup(req: { scopes: string[] }): Promise<{ accessToken: string }>;
}
export type NestableFactory = (config: { auth: { clientId: string; authority: string } }) => Promise<NestableClient>;

export interface TokenProvider {
  state(): NaaState;
  getToken(): Promise<string>;
}

/** MSAL's nestable client, from @azure/msal-browser, fetched only when sign-in is first used. */
const msalFactory: NestableFactory = async (config) => {
  const msal = await import(/* webpackChunkName: "msal" */ "@azure/msal-browser");
  return (await msal.createNestablePublicClientApplication(config)) as unknown as NestableClient;
};

export function naaProvider(config: NaaConfig, factory: NestableFactory = msalFactory): TokenProvider {
  let client: Promise<NestableClient> | null = null;
  return {
    state: () => (config.clientId ? "ready" : "not-configured"),
    async getToken() {
      if (!config.clientId) throw new Error("TT_NAA_CLIENT_ID is not configured");
      client ??= factory({ auth: { clientId: config.clientId, authority: config.authority } });
      const c = await client;
      try {
        return (await c.acquireTokenSilent({ scopes: config.scopes })).accessToken;
      } catch {
        return (await c.acquireTokenPopup({ scopes: config.scopes })).accessToken;
      }
    },
  };
}

declare const __TT_NAA_CLIENT_ID__: string | undefined;
declare const __TT_NAA_AUTHORITY__: string | undefined;
declare const __TT_NAA_SCOPES__: string | undefined;

/** Build-time configuration (webpack DefinePlugin from env TT_NAA_CLIENT_ID / TT_NAA_AUTHORITY / TT_NAA_SCOPES). */
export function naaConfigFromBuild(): NaaConfig {
  const clientId = typeof __TT_NAA_CLIENT_ID__ === "string" ? __TT_NAA_CLIENT_ID__ : "";
  const authority =
    typeof __TT_NAA_AUTHORITY__ === "string" && __TT_NAA_AUTHORITY__ ? __TT_NAA_AUTHORITY__ : "https://login.microsoftonline.com/common";
  const scopes = typeof __TT_NAA_SCOPES__ === "string" && __TT_NAA_SCOPES__ ? __TT_NAA_SCOPES__.split(/[\s,]+/).filter(Boolean) : [];
  return { clientId, authority, scopes };
}
