/**
 * GET /api/progress.xlsx?region=&year=[&by=…][&lang=zh|en] — the provincial aggregate sheet as a workbook,
 * built with exceljs from the same layout the task pane writes (packages/workbook/src/progress-sheet.ts):
 * stamp, metrics with completion colour scale, every breakdown (all three unless `by` narrows them),
 * the institutes that have not reported, and the history block, with charts added to the exceljs output
 * (target/actual by year, completion by metric; see docs/xlsx-charts.md). Same access as GET /api/progress.
 */
import { progressSheetModel } from "@tt/workbook";
import { progressWorkbookBuffer } from "@tt/workbook/node";
import { assertMayReadRegion } from "./lib/auth";
import { endpoint, fileResponse } from "./lib/http";
import { BREAKDOWNS } from "./lib/progress";
import { loadProgress, parseProgressQuery } from "./lib/progress-query";
import { XLSX_TYPE } from "./submissions-xlsx-post";

export const progressXlsxGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const query = parseProgressQuery(req);
  assertMayReadRegion(caller, query.region);
  const report = await loadProgress(s, { ...query, by: query.by.length ? query.by : [...BREAKDOWNS] });
  const language = req.query.get("lang") === "en" ? "en" : "zh";
  const model = progressSheetModel(report, { refreshedAt: report.generatedAt!, rulesVersion: report.rulesVersion!, language });
  return fileResponse(await progressWorkbookBuffer(model), XLSX_TYPE, `TT-progress-${query.region}-${query.year}.xlsx`);
});
