/**
 * GET /api/institutes/{id} — one register entry (name, region, city, type), so the web page can show the
 * institute's name before a template is downloaded. The institute itself, provincial staff of its region,
 * or an admin.
 */
import { instituteId as instituteIdSchema } from "@tt/contract";
import type { InstituteView } from "@tt/contract";
import { assertMayRead } from "./lib/auth";
import { ApiError, endpoint, json } from "./lib/http";

export const instituteGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const id = instituteIdSchema.safeParse(req.params.id ?? "");
  if (!id.success) {
    throw new ApiError(
      400,
      "INVALID_INSTITUTE_ID",
      {
        zh: `机构编号无效：“${req.params.id ?? ""}”，应为名录中的编号，如 HLJ-001。`,
        en: `Invalid institute id "${req.params.id ?? ""}"; expected a register id such as HLJ-001.`,
      },
      { received: req.params.id ?? "" },
    );
  }
  const inst = await s.repo.institute(id.data, caller.region);
  if (!inst) {
    throw new ApiError(
      404,
      "UNKNOWN_INSTITUTE",
      {
        zh: `机构 ${id.data} 不在机构名录中。请核对机构编号，或联系省级管理人员登记。`,
        en: `Institute ${id.data} is not in the register. Check the id or ask provincial staff to register it.`,
      },
      { instituteId: id.data },
    );
  }
  assertMayRead(caller, inst);
  const body: InstituteView = { instituteId: inst.instituteId, name: inst.name, region: inst.region, city: inst.city, type: inst.type };
  return json(200, body);
});
