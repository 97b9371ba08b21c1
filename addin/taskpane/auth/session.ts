/**
 * Who is signed in, read from the bearer token's payload FOR DISPLAY ONLY (the signature is not checked
 * here: the API validates every request). Claims as issued by Entra ID / the development key:
 * roles (institute | province | admin), tt_institute, tt_region, sub / name / preferred_username, exp.
 */
export type AppRole = "institute" | "province" | "admin";

export interface Session {
  token: string;
  subject: string;
  roles: AppRole[];
  instituteId?: string;
  region?: string;
  /** Seconds since the epoch. */
  expiresAt?: number;
}

function base64UrlDecode(part: string): string {
  const b64 = part
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(part.length / 4) * 4, "=");
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The session a token stands for, or null when it is not a readable JWT. */
export function sessionFromToken(raw: string): Session | null {
  const token = raw.trim().replace(/^Bearer\s+/i, "");
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(base64UrlDecode(parts[1]!)) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!payload || typeof payload !== "object") return null;
  const roles = (Array.isArray(payload.roles) ? payload.roles : []).filter(
    (r): r is AppRole => r === "institute" || r === "province" || r === "admin",
  );
  const str = (k: string) => (typeof payload[k] === "string" ? (payload[k] as string) : undefined);
  return {
    token,
    subject: str("name") ?? str("preferred_username") ?? str("sub") ?? "unknown",
    roles,
    ...(str("tt_institute") ? { instituteId: str("tt_institute") } : {}),
    ...(str("tt_region") ? { region: str("tt_region") } : {}),
    ...(typeof payload.exp === "number" ? { expiresAt: payload.exp } : {}),
  };
}

export const isExpired = (s: Session, nowSeconds = Date.now() / 1000): boolean => s.expiresAt !== undefined && s.expiresAt < nowSeconds;
export const hasRole = (s: Session | null, role: AppRole): boolean => !!s && (s.roles.includes(role) || s.roles.includes("admin"));
