/**
 * GET /api/policies — every parameter and target with its references, each region's achievement fields and
 * questions (policy/categories: what a submission may name), and the rules version. Public.
 */
import { PARAMETERS, RULES_VERSION, TARGETS, achievementFlags, regionSectors, regionSectorsReading } from "@tt/engine";
import { endpoint, json } from "./lib/http";

const categories = Object.fromEntries(
  (["CN-HL", "CN-HE"] as const).map((r) => [
    r,
    { sectors: regionSectors(r), sectorsReading: regionSectorsReading(r), flags: achievementFlags(r) },
  ]),
);

export const policiesGet = endpoint(async () =>
  json(200, { rulesVersion: RULES_VERSION, parameters: PARAMETERS, targets: TARGETS, categories }),
);
