/**
 * GET /api/templates/institute.xlsx?instituteId=&year=[&period=] — the institute template (the same
 * workbook the add-in builds, packages/workbook/src/node/xlsx.ts) with the institute, its region from the
 * register, the year, the period and a fresh submission id stamped. The id travels in the file, so
 * uploading the same file twice is one submission (200 the second time), and a changed file under the
 * same id is a 409. The institute itself, provincial staff of its region, or an admin.
 */
import { instituteId as instituteIdSchema, period as periodSchema, year as yearSchema } from "@tt/contract";
import { type RegionCode } from "@tt/engine";
import { templateBuffer } from "@tt/workbook/node";
import { assertMayRead } from "./lib/auth";
import { apiError, endpoint, fileResponse } from "./lib/http";
import { XLSX_TYPE } from "./submissions-xlsx-post";

export const templateGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const instituteId = instituteIdSchema.safeParse(req.query.get("instituteId"));
  const year = yearSchema.safeParse(Number(req.query.get("year")));
  const period = periodSchema.safeParse(req.query.get("period") ?? "Y");
  const issues = [
    ...(instituteId.success
      ? []
      : [
          {
            path: "instituteId",
            code: "INVALID_INSTITUTE_ID",
            message: { zh: "instituteId 应为名录中的单位编号，如 HLJ-001", en: "instituteId must be a register id such as HLJ-001" },
          },
        ]),
    ...(year.success
      ? []
      : [
          {
            path: "year",
            code: "INVALID_YEAR",
            message: { zh: "year 应为 2000–2100 的整数", en: "year must be a whole number 2000–2100" },
          },
        ]),
    ...(period.success
      ? []
      : [
          { path: "period", code: "NOT_IN_LIST", message: { zh: "period 应为 Y、H1、H2、Q1–Q4", en: "period must be Y, H1, H2 or Q1–Q4" } },
        ]),
  ];
  if (!instituteId.success || !year.success || !period.success) {
    throw apiError("INVALID_QUERY", { count: issues.length }, { issues });
  }
  const institute = await s.repo.institute(instituteId.data);
  if (!institute) {
    throw apiError("INSTITUTE_NOT_FOUND", { instituteId: instituteId.data }, { instituteId: instituteId.data });
  }
  assertMayRead(caller, institute);
  const submissionId = globalThis.crypto.randomUUID();
  const bytes = await templateBuffer({
    instituteId: institute.instituteId,
    region: institute.region as RegionCode,
    year: year.data,
    period: period.data,
    submissionId,
    instituteName: institute.name.zh,
  });
  return fileResponse(bytes, XLSX_TYPE, `TT-${institute.instituteId}-${year.data}-${period.data}.xlsx`, {
    "X-Submission-Id": submissionId,
  });
});
