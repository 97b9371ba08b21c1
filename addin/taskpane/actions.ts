/**
 * What each button does, over an `ExcelRun` and an API client — no DOM, no globals — so the same code is
 * unit-tested against office-addin-mock and driven by the page. Each returns a bilingual summary.
 */
import { insertIndicatorSheet } from "./excel/indicators";
import { sendIndicatorSheet } from "./excel/indicators";
import { INDICATOR_SHEET } from "@tt/workbook";
import type { RegionCode } from "@tt/engine";
import type { Bilingual } from "@tt/engine";
import { readSubmissionCells, rowsNeedingAttention, type CellIssue, type ReadResult } from "@tt/workbook";
import { progressSheetModel } from "@tt/workbook";
import { CONTRACTS, columnLetter, headerOf } from "@tt/workbook";
import { ApiFailure, BREAKDOWNS, contentHash, type ApiClient, type Saved } from "@tt/contract/client";
import { pick, say, type Language } from "./i18n";
import { decideSubmit, subsidyCells } from "./submit-plan";
import { addMarks, clearMarks, type CellMark } from "./excel/marks";
import { readWorkbook, type WorkbookRead } from "./excel/read";
import { writeProgressSheet } from "./excel/progress";
import { writeServerSubsidies, writeSubmittedMark } from "./excel/write-back";
import type { ExcelRun } from "./excel/run";
import { writeAwardRoster } from "./excel/awards";

export type Stage = "reading" | "checking" | "sending" | "writing" | "done";

export interface PaneDeps {
  run: ExcelRun;
  api: ApiClient;
  language: () => Language;
  /** Stage and the fraction of the whole job done (0–1). */
  onProgress?: (stage: Stage, fraction: number) => void;
  /** Called after a submission changed the server's figures (TT.PROGRESS cache). */
  afterSubmit?: () => void;
}

export interface Outcome {
  ok: boolean;
  message: Bilingual;
  /** Cell-level problems, for the pane's list. */
  issues?: { sheet: string; cell: string; message: Bilingual }[];
}

const issueMarks = (issues: readonly { sheet: string; cell: string; message: Bilingual }[], lang: Language): CellMark[] =>
  issues.map((i) => ({ sheet: i.sheet, cell: i.cell, message: pick(i.message, lang), kind: "error" }));

/** Check: read, clear old marks, validate with the shared reader, mark each bad cell. No network. */
export async function checkWorkbook(deps: PaneDeps): Promise<Outcome & { read?: WorkbookRead; result?: ReadResult }> {
  const progress = deps.onProgress ?? (() => undefined);
  progress("reading", 0);
  const read = await readWorkbook(deps.run, (done, total) => progress("reading", total ? (0.4 * done) / total : 0.4));
  progress("checking", 0.45);
  await clearMarks(deps.run);
  const result = readSubmissionCells(read.cells);
  if (!result.ok) {
    await addMarks(deps.run, issueMarks(result.issues, deps.language()));
    progress("done", 1);
    return { ok: false, message: say.rowsNeedAttention(rowsNeedingAttention(result.issues)), issues: result.issues, read, result };
  }
  progress("checking", 0.5);
  return { ok: true, message: say.checkPassed(result.submission.achievements.length, result.submission.contracts.length), read, result };
}

/** Submit: check, then POST (new) / nothing (unchanged) / PUT with If-Match (changed), then write back. */
export async function submitWorkbook(deps: PaneDeps): Promise<Outcome> {
  const progress = deps.onProgress ?? (() => undefined);
  const checked = await checkWorkbook(deps);
  if (!checked.ok || !checked.result?.ok || !checked.read) return checked;
  const { submission, locate } = checked.result;
  const meta = checked.read.cells.meta;
  const hash = await contentHash(submission);
  // A workbook downloaded from a stored submission carries its version (B10) and ETag (B9): Submit then
  // replaces that version (If-Match), the same rule as uploading it to POST /api/submissions/xlsx.
  const stampedVersion = String(meta.version ?? "").trim();
  const etag = String(meta.etag ?? "").trim() || (/^[1-9]\d*$/.test(stampedVersion) ? `"v${stampedVersion}"` : "");
  const action = decideSubmit({ submissionId: submission.submissionId, contentHash: String(meta.contentHash ?? ""), etag }, hash);
  if (action.kind === "unchanged") {
    progress("done", 1);
    return { ok: true, message: say.unchanged(submission.submissionId) };
  }

  progress("sending", 0.6);
  let saved: Saved;
  try {
    saved = action.kind === "post" ? await deps.api.postSubmission(submission) : await deps.api.putSubmission(submission, action.etag);
  } catch (e) {
    progress("done", 1);
    if (!(e instanceof ApiFailure)) throw e;
    if (e.status === 412) return { ok: false, message: say.staleEtag(submission.submissionId) };
    const serverIssues = e.details.issues ?? [];
    if (serverIssues.length) {
      const located: CellIssue[] = serverIssues.map((i) => ({
        ...(locate(i.path) ?? { sheet: checked.read!.placements.contracts?.sheet ?? CONTRACTS.sheet, cell: "A1" }),
        path: i.path,
        code: i.code,
        message: i.message,
      }));
      await addMarks(deps.run, issueMarks(located, deps.language()));
      return {
        ok: false,
        message: { zh: `${e.text.zh} ${say.serverIssues(located.length).zh}`, en: `${e.text.en} ${say.serverIssues(located.length).en}` },
        issues: located,
      };
    }
    return { ok: false, message: e.text };
  }

  progress("writing", 0.85);
  const lang = deps.language();
  await writeSubmittedMark(deps.run, {
    submissionId: submission.submissionId,
    contentHash: saved.body.contentHash ?? hash,
    etag: saved.etag ?? "",
  });
  const differ = await writeBackSubsidies(deps.run, checked.read, saved, lang);
  deps.afterSubmit?.();
  progress("done", 1);
  const message =
    action.kind === "put"
      ? say.updated(submission.submissionId)
      : saved.status === 200
        ? say.replayed(submission.submissionId)
        : say.submitted(submission.submissionId, saved.body.subsidies?.length ?? 0, differ);
  return { ok: true, message };
}

async function writeBackSubsidies(run: ExcelRun, read: WorkbookRead, saved: Saved, lang: Language): Promise<number> {
  const table = read.cells.tables.contracts;
  const placement = read.placements.contracts;
  if (!table || !placement || !saved.body.subsidies) return 0;
  const headers = table.header.map((h) => String(h ?? "").trim());
  const col = (key: string) => {
    const c = CONTRACTS.columns.find((x) => x.key === key)!;
    return headers.findIndex((h) => h === headerOf(c) || h === c.zh || h === c.en);
  };
  const [reg, expected, server] = [col("registrationNumber"), col("expectedSubsidy"), col("serverSubsidy")];
  if (reg < 0 || server < 0) return 0;
  const rows = table.rows.map((r) => ({ registrationNumber: r[reg], expected: expected >= 0 ? r[expected] : null }));
  const cells = subsidyCells(rows, saved.body.subsidies, lang);
  await writeServerSubsidies(run, placement, table.header, table.rows, cells);
  const marks: CellMark[] = cells
    .filter((c) => c.differs)
    .map((c) => ({
      sheet: placement.sheet,
      cell: `${columnLetter(placement.columnIndex + server + 1)}${placement.rowIndex + c.row + 1}`,
      kind: "difference",
      message:
        lang === "zh"
          ? `核定补助 ${c.value} 与本表预计补助 ${String(rows[c.row]!.expected ?? "（空）")} 不同。`
          : `The server's subsidy ${c.value} differs from this sheet's expected subsidy ${String(rows[c.row]!.expected ?? "(blank)")}.`,
    }));
  await addMarks(run, marks);
  return marks.length;
}

/** Refresh progress: GET /api/progress with all breakdowns → the aggregate sheet, rewritten in place. */
export async function refreshProgress(
  deps: PaneDeps,
  region: string,
  year: number,
  now: Date = new Date(),
): Promise<Outcome & { chart?: string }> {
  const progress = deps.onProgress ?? (() => undefined);
  progress("sending", 0.2);
  const report = await deps.api.progress({ region, year, by: BREAKDOWNS });
  const rulesVersion = report.rulesVersion ?? "";
  progress("writing", 0.7);
  const model = progressSheetModel(report, { refreshedAt: chinaTime(now), rulesVersion, language: deps.language() });
  const written = await writeProgressSheet(deps.run, model);
  progress("done", 1);
  return { ok: true, message: say.progressWritten(model.sheet, report.metrics.length), chart: written.chart };
}

/** Insert the award roster (GET /api/awards, approved submissions by default) as a sheet. */
export async function insertAwardRoster(
  deps: PaneDeps,
  region: string,
  year: number,
  status: "approved" | "all" = "approved",
): Promise<Outcome> {
  const progress = deps.onProgress ?? (() => undefined);
  progress("sending", 0.2);
  const roster = await deps.api.awards({ region, year, status });
  progress("writing", 0.7);
  const written = await writeAwardRoster(deps.run, roster, deps.language());
  progress("done", 1);
  return { ok: true, message: say.rosterWritten(written.sheet, written.rows, roster.totals.all.subsidy) };
}

/** "2025-03-01 14:05 (UTC+8)": the programme's own clock, whatever the PC's time zone. */
export function chinaTime(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)} (UTC+8)`;
}

/** Province staff: insert the indicator sheet of the region and year, pre-filled with the stored values. */
export async function insertIndicators(deps: PaneDeps, region: string, year: number): Promise<Outcome> {
  const stored = await deps.api.indicatorValues({ region, year });
  const rows = await insertIndicatorSheet(
    deps.run,
    region as RegionCode,
    year,
    stored.values.map((v) => ({ ...v, etag: v.etag })),
    () => crypto.randomUUID(),
  );
  return {
    ok: true,
    message: {
      zh: `已插入“${INDICATOR_SHEET}”（${rows} 项指标${stored.locked ? "；该年度已锁定，只能查看" : ""}）。`,
      en: `"${INDICATOR_SHEET}" inserted (${rows} metrics${stored.locked ? "; the year is locked, view only" : ""}).`,
    },
  };
}

/** Province staff: send the filled rows of the indicator sheet; refusals are listed by cell. */
export async function sendIndicators(deps: PaneDeps): Promise<Outcome> {
  const out = await sendIndicatorSheet(deps.run, deps.api);
  if (!out)
    return {
      ok: false,
      message: {
        zh: `没有“${INDICATOR_SHEET}”工作表：请先插入指标填报表。`,
        en: `No "${INDICATOR_SHEET}" sheet: insert the indicator sheet first.`,
      },
    };
  return {
    ok: out.problems.length === 0,
    message: {
      zh: `已提交 ${out.sent} 项指标值${out.problems.length ? `，${out.problems.length} 项被拒绝（见下）` : ""}。`,
      en: `${out.sent} indicator value(s) sent${out.problems.length ? `; ${out.problems.length} refused (below)` : ""}.`,
    },
    issues: out.problems.map((p) => ({ sheet: INDICATOR_SHEET, cell: p.cell, message: p.message })),
  };
}

export async function reviewSubmission(deps: PaneDeps, id: string, action: "approve" | "return", reason?: string): Promise<Outcome> {
  try {
    if (action === "approve") await deps.api.approve(id);
    else await deps.api.returnSubmission(id, reason ?? "");
    return { ok: true, message: say.reviewed(id, action) };
  } catch (e) {
    if (e instanceof ApiFailure) return { ok: false, message: e.text };
    throw e;
  }
}
