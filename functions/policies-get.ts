/** GET /api/policies — every parameter and target with its references, and the rules version. Public. */
import { PARAMETERS, RULES_VERSION, TARGETS } from "@tt/engine";
import { endpoint, json } from "./lib/http";

export const policiesGet = endpoint(async () => json(200, { rulesVersion: RULES_VERSION, parameters: PARAMETERS, targets: TARGETS }));
