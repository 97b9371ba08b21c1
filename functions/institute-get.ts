/**
 * GET /api/institutes/{id} — one register entry (name, region, city, type), so the web page can show the
 * institute's name before a template is downloaded. The institute itself, provincial staff of its region,
 * or an admin.
 */
import { instituteId as instituteIdSchema } from "@tt/contract";
import type { InstituteView } from "@tt/contract";
import { assertMayRead } from "./lib/auth";
import { apiError, endpoint, json } from "./lib/http";

export const instituteGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const id = instituteIdSchema.safeParse(req.params.id ?? "");
  if (!id.success) {
    throw apiError("INVALID_INSTITUTE_ID", { received: req.params.id ?? "" }, { received: req.params.id ?? "" });
  }
  const inst = await s.repo.institute(id.data, caller.region);
  if (!inst) {
    throw apiError("INSTITUTE_NOT_FOUND", { instituteId: id.data }, { instituteId: id.data });
  }
  assertMayRead(caller, inst);
  const body: InstituteView = { instituteId: inst.instituteId, name: inst.name, region: inst.region, city: inst.city, type: inst.type };
  return json(200, body);
});
