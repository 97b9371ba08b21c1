/**
 * The local development signing key: an ES256 key pair generated on first use into .certs/dev-jwt/
 * (gitignored; DEV_JWT_DIR overrides). `npm run token` signs with it; only the local host trusts it,
 * and only when AUTH_JWKS_URL is not set (see local/host.ts). Its issuer and audience are local-only
 * values that no production configuration uses.
 */
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { jwtAuthenticator, type AppRole, type Authenticator } from "../lib/auth";

export const DEV_ISSUER = "urn:tech-transfer:local-dev";
export const DEV_AUDIENCE = "urn:tech-transfer:api-local";

export const defaultDevKeyDir = () => process.env.DEV_JWT_DIR ?? path.resolve(__dirname, "../../.certs/dev-jwt");

interface KeyFile {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** Reads the key pair, generating it if absent (atomic: concurrent first uses agree on one key). */
export async function devKeyPair(dir = defaultDevKeyDir()): Promise<KeyFile> {
  const file = path.join(dir, "key.json");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    const kid = `dev-${Date.now().toString(36)}`;
    const pair: KeyFile = {
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "ES256" },
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" },
    };
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(tmp, JSON.stringify(pair, null, 2), { mode: 0o600 });
    try {
      linkSync(tmp, file); // fails if another process created it first: then theirs is used
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      unlinkSync(tmp);
    }
  }
  return JSON.parse(readFileSync(file, "utf8")) as KeyFile;
}

export interface DevClaims {
  role: AppRole | AppRole[];
  instituteId?: string;
  region?: string;
  subject?: string;
  expiresIn?: string;
}

export async function signDevToken(claims: DevClaims, dir = defaultDevKeyDir()): Promise<string> {
  const { privateJwk } = await devKeyPair(dir);
  const key = await importJWK(privateJwk, "ES256");
  const roles = Array.isArray(claims.role) ? claims.role : [claims.role];
  return new SignJWT({
    roles,
    ...(claims.instituteId ? { tt_institute: claims.instituteId } : {}),
    ...(claims.region ? { tt_region: claims.region } : {}),
  })
    .setProtectedHeader({ alg: "ES256", kid: privateJwk.kid! })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(claims.subject ?? `dev:${roles.join("+")}:${claims.instituteId ?? claims.region ?? "all"}`)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? "8h")
    .sign(key);
}

export async function devAuthenticator(dir = defaultDevKeyDir()): Promise<Authenticator> {
  const { publicJwk } = await devKeyPair(dir);
  return jwtAuthenticator({
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    keys: createLocalJWKSet({ keys: [publicJwk] }),
    description: `LOCAL DEVELOPMENT KEY (${path.relative(process.cwd(), dir) || dir}) — not for production`,
  });
}
