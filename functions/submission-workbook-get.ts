/**
 * GET /api/submissions/{id}/workbook — the stored submission as a filled institute template
 * (packages/workbook/src/node/results-xlsx.ts): 核定补助 and its basis filled by the server, differences from the
 * workbook's own 预计补助 highlighted, a 核定结果 Results sheet with every contract's basis and clauses, and
 * the submission id, content hash, ETag (meta sheet TT_ETag) and stored version (TT_StoredVersion, B12)
 * stamped, so uploading it again (POST /api/submissions/xlsx) is recognised as this submission. Also the
 * "results workbook" the web page offers after an upload. Whoever may read the submission.
 */
import { resultsBuffer } from "@tt/workbook/node";
import { endpoint, fileResponse, httpEtag } from "./lib/http";
import { etagHeaders, findForCaller, versionTag } from "./lib/submission-ops";
import { XLSX_TYPE } from "./submissions-xlsx-post";

export const submissionWorkbookGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const doc = await findForCaller(s, caller, req.params.id ?? "", req);
  const institute = await s.repo.institute(doc.instituteId, doc.region);
  const bytes = await resultsBuffer(
    {
      id: doc.id,
      version: doc.version,
      // The API's own ETag of this version (as GET sends it), so a re-upload is an implicit If-Match on it.
      etag: httpEtag(versionTag(doc)),
      contentHash: doc.contentHash,
      status: doc.status,
      submission: doc.submission,
      subsidies: doc.subsidies,
      subsidyTotal: doc.subsidyTotal,
      rulesVersion: doc.rulesVersion,
    },
    institute?.name.zh ?? doc.instituteId,
  );
  return fileResponse(bytes, XLSX_TYPE, `TT-${doc.instituteId}-${doc.year}-${doc.period}-v${doc.version}.xlsx`, {
    ...etagHeaders(doc),
    "X-Submission-Id": doc.id,
  });
});
