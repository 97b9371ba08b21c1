/**
 * `npm run token -- --role institute --institute HLJ-001 --region CN-HL`
 * Prints a bearer token signed by the LOCAL DEVELOPMENT key (.certs/dev-jwt, created on first use).
 * Only the local host started without AUTH_JWKS_URL accepts it; production never does.
 * Options: --role institute|province|admin (repeatable), --institute ID, --region CN-HL|CN-HE,
 *          --subject NAME, --expires 8h (at most 24h: longer tokens are refused by the API, see functions/lib/auth.ts).
 */
import { parseArgs } from "node:util";
import { APP_ROLES, type AppRole } from "../functions/lib/auth";
import { signDevToken } from "../functions/local/dev-key";

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: "string", multiple: true },
      institute: { type: "string" },
      region: { type: "string" },
      subject: { type: "string" },
      expires: { type: "string", default: "8h" },
    },
  });
  const roles = values.role ?? [];
  const bad = roles.filter((r) => !(APP_ROLES as string[]).includes(r));
  if (roles.length === 0 || bad.length) {
    console.error(`--role must be one of ${APP_ROLES.join(", ")}${bad.length ? ` (received ${bad.join(", ")})` : ""}`);
    process.exit(2);
  }
  if (roles.includes("institute") && !values.institute) return fail("--role institute needs --institute, e.g. --institute HLJ-001");
  if (roles.includes("province") && !values.region) return fail("--role province needs --region CN-HL or CN-HE");
  const token = await signDevToken({
    role: roles as AppRole[],
    ...(values.institute ? { instituteId: values.institute } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(values.subject ? { subject: values.subject } : {}),
    expiresIn: values.expires!,
  });
  console.log(token);
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
