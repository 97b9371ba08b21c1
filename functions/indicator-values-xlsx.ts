/**
 * GET  /api/templates/indicators.xlsx?region=&year= — the indicator workbook of a region and year (every metric
 *      records cannot measure: Chinese name, unit, target, period, the value already entered, empty value and
 *      source columns, a client id per row). Provincial staff of the region or admins.
 * POST /api/indicator-values/xlsx — the filled workbook as the raw body, read on a reader thread with the
 *      bounds of an institute's upload (packages/workbook/src/node/read-pool.ts). Same validation as the JSON path; every
 *      problem is reported on its cell (400 WORKBOOK_INVALID, details.issues [{sheet, cell, path, code, message}])
 *      and then NOTHING is written: every row is checked (value, source, lock, version tag) before the first write.
 *      Idempotent: a row already stored with the same content is "unchanged"; a row changing a stored value needs
 *      that value's version tag (from the downloaded file) and is audited with the row's reason (default: workbook
 *      import). Answer: {created, updated, unchanged, values}.
 */
import type { RegionCode } from "@tt/engine";
import { fieldIssues, region as regionSchema, year as yearSchema } from "@tt/contract";
import { indicatorValueInput } from "@tt/contract";
import {
  INDICATOR_META,
  INDICATOR_SHEET,
  indicatorCellOf,
  indicatorWorkbookBuffer,
  readIndicatorWorkbookOffThread,
  type IndicatorCellIssue,
} from "@tt/workbook/node";
import { assertMayReadRegion } from "./lib/auth";
import { apiError, ApiError, endpoint, etagMatches, fileResponse, httpEtag, json } from "./lib/http";
import { assertMayEnter, changedDoc, newDoc, prepare, publicValue, store, type Prepared } from "./lib/indicator-ops";
import { sameContent, type IndicatorValueDoc } from "./lib/indicator-store";
import { PreconditionFailedError, ConflictError } from "./lib/repository";
import { XLSX_TYPE, assertWithinLimits, readOffThread, readWorkbookBody } from "./submissions-xlsx-post";

export const indicatorTemplateGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const region = regionSchema.safeParse(req.query.get("region"));
  const year = yearSchema.safeParse(Number(req.query.get("year")));
  if (!region.success || !year.success) {
    throw apiError("INVALID_QUERY", { expected: "regionYear" });
  }
  assertMayReadRegion(caller, region.data);
  const existing = (await store(s).list(region.data, year.data, year.data)).map((d) => ({ ...d, etag: httpEtag(d._etag ?? "") }));
  const bytes = await indicatorWorkbookBuffer(region.data as RegionCode, year.data, existing, () => globalThis.crypto.randomUUID());
  return fileResponse(bytes, XLSX_TYPE, `TT-indicators-${region.data}-${year.data}.xlsx`);
});

type Planned =
  | { kind: "create"; p: Prepared }
  | { kind: "update"; p: Prepared; current: IndicatorValueDoc; reason: string }
  | { kind: "unchanged"; current: IndicatorValueDoc };

export const indicatorValuesXlsxPost = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const bytes = await readWorkbookBody(req);
  const read = await readOffThread(() => readIndicatorWorkbookOffThread(bytes));
  if (!read.ok) {
    assertWithinLimits(read.issues);
    throw invalid(read.issues);
  }
  const region = regionSchema.safeParse(read.region);
  if (!region.success)
    throw invalid([
      {
        sheet: INDICATOR_SHEET,
        cell: `B${INDICATOR_META.region}`,
        path: "region",
        code: "NOT_IN_LIST",
        message: { zh: "地区应为 CN-HL 或 CN-HE", en: "Region must be CN-HL or CN-HE" },
      },
    ]);
  assertMayEnter(caller, region.data);
  const st = store(s);
  const lock = await st.readLock(region.data, read.year);
  if (lock?.locked) {
    throw apiError(
      "YEAR_LOCKED",
      { region: region.data, year: read.year },
      {
        issues: [
          {
            sheet: INDICATOR_SHEET,
            cell: `B${INDICATOR_META.year}`,
            path: "year",
            code: "YEAR_LOCKED",
            message: { zh: "该年度已锁定", en: "This year is locked" },
          },
        ],
      },
    );
  }

  // Phase 1: check every row; nothing is written while any row has a problem.
  const issues: IndicatorCellIssue[] = [];
  const plan: Planned[] = [];
  const seen = new Map<string, number>();
  for (const row of read.rows) {
    const issue = (path: string, code: string, message: { zh: string; en: string }) =>
      issues.push({ sheet: INDICATOR_SHEET, cell: indicatorCellOf(row.row, path), path, code, message });
    const parsed = indicatorValueInput.safeParse(row.input);
    if (!parsed.success) {
      for (const i of fieldIssues(parsed.error)) issue(i.path, i.code, i.message);
      continue;
    }
    let p: Prepared;
    try {
      p = prepare(parsed.data, true);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const list = (e.details.issues as { path: string; code: string; message: { zh: string; en: string } }[] | undefined) ?? [
        { path: String(e.details.path ?? "value"), code: e.code, message: e.text },
      ];
      for (const i of list) issue(i.path, i.code, i.message);
      continue;
    }
    const twice = seen.get(p.id);
    if (twice !== undefined) {
      issue("metric", "DUPLICATE_ROW", { zh: `与第 ${twice} 行是同一指标（和城市）`, en: `Same metric (and city) as row ${twice}` });
      continue;
    }
    seen.set(p.id, row.row);
    const current = await st.read(p.region, p.id);
    if (!current) plan.push({ kind: "create", p });
    else if (sameContent(current, p.content)) plan.push({ kind: "unchanged", current });
    else if (row.etag && etagMatches(row.etag, current._etag!))
      plan.push({ kind: "update", p, current, reason: row.input.reason ?? "工作簿导入 / workbook import" });
    else {
      issue("value", row.etag ? "CHANGED_SINCE_DOWNLOAD" : "VALUE_EXISTS", {
        zh: `该指标已有录入值 ${current.value}（${current.updatedBy.subject}，${current.updatedAt}）${row.etag ? "，且在下载后已被修改" : ""}。请重新下载模板（带上版本标记）后再修改。`,
        en: `This metric already has the value ${current.value} (${current.updatedBy.subject}, ${current.updatedAt})${row.etag ? " and it changed after the download" : ""}. Download the template again (with the version tag) and change it there.`,
      });
    }
  }
  if (issues.length) throw invalid(issues);

  // Phase 2: write (each write idempotent; a concurrent change after the check is reported, never overwritten).
  const out: IndicatorValueDoc[] = [];
  let created = 0;
  let updated = 0;
  for (const step of plan) {
    try {
      if (step.kind === "create") {
        out.push(await st.create(newDoc(step.p, caller, "xlsx")));
        created++;
      } else if (step.kind === "update") {
        out.push(await st.replace(step.current, changedDoc(step.current, step.p, caller, step.reason, "xlsx"), step.current._etag!));
        updated++;
      } else {
        await st.project(step.current);
        out.push(step.current);
      }
    } catch (e) {
      if (!(e instanceof ConflictError) && !(e instanceof PreconditionFailedError)) throw e;
      throw apiError("CHANGED_DURING_IMPORT", { written: created + updated }, { created, updated });
    }
  }
  return json(200, {
    region: region.data,
    year: read.year,
    created,
    updated,
    unchanged: plan.length - created - updated,
    values: out.map(publicValue),
  });
});

function invalid(issues: IndicatorCellIssue[]): ApiError {
  return apiError("WORKBOOK_INVALID", { count: issues.length }, { issues });
}
