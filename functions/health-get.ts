/** GET /api/health — is the store reachable; which rules version answers. Public. */
import { RULES_VERSION } from "@tt/engine";
import { endpoint, errorBody, json } from "./lib/http";

export const healthGet = endpoint(async (_req, ctx, s) => {
  try {
    await s.repo.ping();
    return json(200, { status: "ok", store: "reachable", rulesVersion: RULES_VERSION, auth: s.auth.description });
  } catch (e) {
    ctx.warn("health: store unreachable", e);
    return json(503, errorBody("STORE_UNREACHABLE", { zh: "数据库不可达。", en: "The store is unreachable." }, { rulesVersion: RULES_VERSION }));
  }
});
