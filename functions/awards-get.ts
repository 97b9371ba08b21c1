/**
 * GET /api/awards?region=&year=[&status=approved] — the award roster as JSON: one row per contract with a
 * payable server-computed subsidy (institute, registration number, buyer/seller, basis and how measured,
 * subsidy, rule and citation in words, status, who approved it when) and totals by city and institute
 * type. Provincial staff of the region or an admin.
 */
import { assertMayReadRegion } from "./lib/auth";
import { loadAwardRoster, parseAwardQuery } from "./lib/awards";
import { endpoint, json } from "./lib/http";

export const awardsGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const query = parseAwardQuery(req);
  assertMayReadRegion(caller, query.region);
  return json(200, await loadAwardRoster(s, query));
});
