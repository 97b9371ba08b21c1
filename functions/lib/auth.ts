/**
 * Who may do what. Bearer tokens (JWT) are verified with `jose` against the configured issuer, audience
 * and key set; the claims used are:
 *   roles         app roles (Entra ID "roles" claim): "institute", "province", "admin"
 *   tt_institute  the institute id of an `institute` user (e.g. HLJ-001)
 *   tt_region     the province of a `province` user (CN-HL or CN-HE)
 *
 * institute → submit, replace and read only its own institute's submissions;
 * province  → read everything of its region, approve and return;
 * admin     → everything.
 * No or bad token → 401; a valid token for the wrong institute or region → 403 (checked before any write).
 */
import type { HttpRequest } from "@azure/functions";
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { apiError } from "./http";
import type { ApiErrorParams } from "@tt/contract/errors";

export type AppRole = "institute" | "province" | "admin";
export const APP_ROLES: readonly AppRole[] = ["institute", "province", "admin"];

export interface Principal {
  subject: string;
  roles: AppRole[];
  instituteId?: string;
  region?: string;
}

export interface Authenticator {
  /** Returns the caller or throws ApiError 401. */
  authenticate(req: HttpRequest): Promise<Principal>;
  /** For /health and the README: where keys come from. */
  readonly description: string;
}

export interface JwtSettings {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
  description: string;
}

const unauthorized = (params: ApiErrorParams<"UNAUTHENTICATED">, details: Record<string, unknown> = {}) =>
  apiError("UNAUTHENTICATED", params, details, { "WWW-Authenticate": 'Bearer realm="tech-transfer"' });

/** Clock tolerance for exp, nbf and iat (seconds). */
export const CLOCK_TOLERANCE_SECONDS = 60;
/**
 * Longest accepted token lifetime (exp − iat), 24 h unless AUTH_MAX_TOKEN_LIFETIME_SECONDS says otherwise.
 * Entra ID access tokens live 60–90 minutes; development tokens (npm run token) default to 8 h.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = Number(process.env.AUTH_MAX_TOKEN_LIFETIME_SECONDS ?? 24 * 3600);

export function jwtAuthenticator(settings: JwtSettings): Authenticator {
  return {
    description: settings.description,
    async authenticate(req) {
      const header = req.headers.get("authorization") ?? "";
      const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
      if (!match) {
        throw unauthorized({ reason: "missing" });
      }
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(match[1]!, settings.keys, {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: ["RS256", "ES256"],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ["exp", "iat"],
          maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
        }));
        const now = Math.floor(Date.now() / 1000);
        const iat = payload.iat as number;
        const exp = payload.exp as number;
        if (iat > now + CLOCK_TOLERANCE_SECONDS) throw Object.assign(new Error("iat in the future"), { code: "ERR_JWT_IAT_IN_FUTURE" });
        if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS)
          throw Object.assign(new Error("lifetime too long"), { code: "ERR_JWT_LIFETIME_TOO_LONG" });
      } catch (e) {
        throw unauthorized(
          { reason: "invalid", maxLifetimeHours: MAX_TOKEN_LIFETIME_SECONDS / 3600 },
          { reason: (e as { code?: string }).code ?? "ERR_JWT_INVALID", claim: (e as { claim?: string }).claim },
        );
      }
      const rawRoles = Array.isArray(payload.roles) ? payload.roles : [];
      const roles = rawRoles.filter((r): r is AppRole => typeof r === "string" && (APP_ROLES as string[]).includes(r));
      return {
        subject: typeof payload.sub === "string" ? payload.sub : "unknown",
        roles,
        ...(typeof payload.tt_institute === "string" ? { instituteId: payload.tt_institute } : {}),
        ...(typeof payload.tt_region === "string" ? { region: payload.tt_region } : {}),
      };
    },
  };
}

/** Production: issuer, audience and JWKS from AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL (all required). */
export function authenticatorFromEnv(env: NodeJS.ProcessEnv = process.env): Authenticator {
  const issuer = env.AUTH_ISSUER;
  const audience = env.AUTH_AUDIENCE;
  const jwksUrl = env.AUTH_JWKS_URL;
  if (!issuer || !audience || !jwksUrl) {
    throw new Error("AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL must all be set (see functions/README.md)");
  }
  return jwtAuthenticator({ issuer, audience, keys: createRemoteJWKSet(new URL(jwksUrl)), description: `JWKS ${jwksUrl}` });
}

// ---- access rules ----------------------------------------------------------------------------------

const has = (p: Principal, role: AppRole) => p.roles.includes(role);

const forbidden = (params: ApiErrorParams<"FORBIDDEN">, details: Record<string, unknown>) => apiError("FORBIDDEN", params, details);

/** Submit or replace: the institute itself, or an admin. */
export function assertMaySubmit(p: Principal, instituteId: string): void {
  if (has(p, "admin")) return;
  if (has(p, "institute") && p.instituteId === instituteId) return;
  throw forbidden({ rule: "submit", instituteId, caller: describe(p) }, { path: "instituteId", instituteId, caller: describe(p) });
}

/** Read: the institute itself, provincial staff of its region, or an admin. */
export function mayRead(p: Principal, target: { instituteId: string; region: string }): boolean {
  return (
    has(p, "admin") || (has(p, "institute") && p.instituteId === target.instituteId) || (has(p, "province") && p.region === target.region)
  );
}

export function assertMayRead(p: Principal, target: { instituteId: string; region: string }): void {
  if (mayRead(p, target)) return;
  throw forbidden(
    { rule: "read", instituteId: target.instituteId, region: target.region, caller: describe(p) },
    { instituteId: target.instituteId, region: target.region, caller: describe(p) },
  );
}

/** Region-wide reads (progress, listings without an institute): provincial staff of that region or an admin. */
export function assertMayReadRegion(p: Principal, region: string): void {
  if (has(p, "admin") || (has(p, "province") && p.region === region)) return;
  throw forbidden({ rule: "readRegion", region, caller: describe(p) }, { region, caller: describe(p) });
}

/** Approve or return: provincial staff of the submission's region, or an admin. */
export function assertMayReview(p: Principal, region: string): void {
  if (has(p, "admin") || (has(p, "province") && p.region === region)) return;
  throw forbidden({ rule: "review", region, caller: describe(p) }, { region, caller: describe(p) });
}

export function describe(p: Principal): string {
  const roles = p.roles.length ? p.roles.join("+") : "no role";
  return `${p.subject} (${roles}${p.instituteId ? `, ${p.instituteId}` : ""}${p.region ? `, ${p.region}` : ""})`;
}
