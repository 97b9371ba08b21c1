/** GET /api/health — is the store reachable; which rules version answers. Public. */
import { RULES_VERSION } from "@tt/engine";
import { endpoint, json, storeUnavailable } from "./lib/http";

export const healthGet = endpoint(async (_req, ctx, s) => {
  try {
    await s.repo.ping();
    return json(200, { status: "ok", store: "reachable", rulesVersion: RULES_VERSION, auth: s.auth.description });
  } catch (e) {
    ctx.warn("health: store unreachable", e);
    return storeUnavailable({ rulesVersion: RULES_VERSION });
  }
});
