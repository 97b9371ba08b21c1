/**
 * CORS for the add-in: its task pane and custom functions run on their own origin (https://localhost:3000
 * in development) and call this API with a bearer token, so the browser asks first (preflight OPTIONS).
 *
 * In Azure, CORS is platform configuration (Function App siteConfig.cors.allowedOrigins, see
 * infra/main.json), which answers preflights before any function runs and overrides headers set by code.
 * The local host (local/host.ts) has no platform, so it applies these headers itself, from the same list:
 * ALLOWED_ORIGINS, comma-separated; default https://localhost:3000. Credentials (cookies) are never
 * allowed: the token travels in the Authorization header.
 */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = ["https://localhost:3000"];

/** Request headers the add-in sends beyond the CORS-safelisted ones. */
export const ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-Match"];
/** Response headers the add-in reads. */
export const EXPOSED_HEADERS = ["ETag", "Location", "X-Rules-Version", "X-Submission-Id", "Content-Disposition", "Retry-After"];
export const ALLOWED_METHODS = ["GET", "POST", "PUT", "OPTIONS"];

/** ALLOWED_ORIGINS when set, else `fallback` (the local host passes the add-in's origin on ADDIN_PORT). */
export function allowedOriginsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  fallback: readonly string[] = DEFAULT_ALLOWED_ORIGINS,
): string[] {
  const list = (env.ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  return list.length ? list : [...fallback];
}

/** Headers for a response to `origin`: empty when the origin is absent or not allowed (the browser then blocks it). */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (!origin || !(allowed.includes(origin) || allowed.includes("*"))) return {};
  return { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSED_HEADERS.join(", "), Vary: "Origin" };
}

/** Headers answering a preflight (OPTIONS) from `origin`. */
export function preflightHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  const base = corsHeaders(origin, allowed);
  if (!base["Access-Control-Allow-Origin"]) return { Vary: "Origin" };
  return {
    ...base,
    "Access-Control-Allow-Methods": ALLOWED_METHODS.join(", "),
    "Access-Control-Allow-Headers": ALLOWED_HEADERS.join(", "),
    "Access-Control-Max-Age": "600",
  };
}
