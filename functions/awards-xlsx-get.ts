/**
 * GET /api/awards.xlsx?region=&year=[&status=approved][&lang=zh|en] — the award roster as a workbook to
 * hand to the finance department: the roster sheet (A4 landscape, headings repeated on every page) and a
 * totals sheet (by city, by institute type). Same access and rows as GET /api/awards.
 */
import { assertMayReadRegion } from "./lib/auth";
import { awardRosterWorkbook, workbookBuffer } from "./lib/award-xlsx";
import { loadAwardRoster, parseAwardQuery } from "./lib/awards";
import { endpoint, fileResponse } from "./lib/http";
import { XLSX_TYPE } from "./submissions-xlsx-post";

export const awardsXlsxGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const query = parseAwardQuery(req);
  assertMayReadRegion(caller, query.region);
  const roster = await loadAwardRoster(s, query);
  const language = req.query.get("lang") === "en" ? "en" : "zh";
  const suffix = query.status === "approved" ? "-approved" : "";
  return fileResponse(
    await workbookBuffer(awardRosterWorkbook(roster, language)),
    XLSX_TYPE,
    `TT-awards-${query.region}-${query.year}${suffix}.xlsx`,
  );
});
