/**
 * The indicator-value sheet in the task pane (provincial staff): inserted from the same layout as the server's
 * workbook (packages/workbook/src/indicator-sheet.ts), pre-filled with the values already stored, then read back
 * and sent one row at a time — POST for a new value, PUT with the row's version tag and reason for a changed one,
 * nothing for an unchanged row — with the new version tag written back into the row. Every refusal names its
 * row and cell; rows are independent (each write is idempotent by its client id).
 */
import {
  INDICATOR_COLUMNS,
  INDICATOR_HEADER_ROW,
  INDICATOR_HINT,
  INDICATOR_META,
  INDICATOR_SHEET,
  INDICATOR_TEMPLATE,
  MAX_INDICATOR_ROWS,
  indicatorColumn,
  indicatorRows,
  type ExistingValue,
  type IndicatorColumnKey,
} from "@tt/workbook";
import { columnLetter } from "@tt/workbook";
import type { RegionCode } from "@tt/engine";
import type { ExcelRun } from "./run";
import { ApiFailure, type ApiClient, type IndicatorValueBody } from "@tt/contract";

const LAST = columnLetter(INDICATOR_COLUMNS.length);

/** Inserts (or rewrites) the sheet for a region and year. Returns how many metric rows it holds. */
export async function insertIndicatorSheet(
  run: ExcelRun,
  region: RegionCode,
  year: number,
  existing: readonly ExistingValue[],
  newId: () => string,
): Promise<number> {
  const rows = indicatorRows(region, year, existing, newId);
  return run(async (context) => {
    const probe = context.workbook.worksheets.getItemOrNullObject(INDICATOR_SHEET);
    probe.load("isNullObject");
    await context.sync();
    const sheet = probe.isNullObject
      ? context.workbook.worksheets.add(INDICATOR_SHEET)
      : context.workbook.worksheets.getItem(INDICATOR_SHEET);
    sheet.getRange(`A1:${LAST}${INDICATOR_HEADER_ROW + MAX_INDICATOR_ROWS}`).clear();
    sheet.getRange("A1").values = [[`${region} ${year} 指标值填报 Indicator values`]];
    sheet.getRange(`A${INDICATOR_META.region}:B${INDICATOR_META.template}`).values = [
      ["地区 Region", region],
      ["年度 Year", year],
      ["模板版本 Template", INDICATOR_TEMPLATE],
    ];
    sheet.getRange("A5").values = [[INDICATOR_HINT]];
    sheet.getRange(`A${INDICATOR_HEADER_ROW}:${LAST}${INDICATOR_HEADER_ROW}`).values = [INDICATOR_COLUMNS.map((c) => `${c.zh} ${c.en}`)];
    if (rows.length) {
      sheet.getRange(`A${INDICATOR_HEADER_ROW + 1}:${LAST}${INDICATOR_HEADER_ROW + rows.length}`).values = rows.map((r) =>
        INDICATOR_COLUMNS.map((c) => r.cells[c.key] ?? ""),
      );
    }
    sheet.activate();
    await context.sync();
    return rows.length;
  });
}

export interface SheetRow {
  row: number;
  body: IndicatorValueBody;
  etag: string | null;
}

/** The filled rows of the sheet (those with a value), as request bodies. */
export async function readIndicatorSheet(run: ExcelRun): Promise<{ region: string; year: number; rows: SheetRow[] } | null> {
  return run(async (context) => {
    const probe = context.workbook.worksheets.getItemOrNullObject(INDICATOR_SHEET);
    probe.load("isNullObject");
    await context.sync();
    if (probe.isNullObject) return null;
    const range = probe.getRange(`A1:${LAST}${INDICATOR_HEADER_ROW + MAX_INDICATOR_ROWS}`).load("values");
    await context.sync();
    const v = range.values;
    const at = (r: number, key: IndicatorColumnKey) => {
      const x = v[r - 1]?.[indicatorColumn(key) - 1];
      return x === null || x === undefined ? "" : typeof x === "number" ? x : String(x).trim();
    };
    const region = String(v[INDICATOR_META.region - 1]?.[1] ?? "");
    const year = Number(v[INDICATOR_META.year - 1]?.[1]);
    const rows: SheetRow[] = [];
    for (let r = INDICATOR_HEADER_ROW + 1; r <= v.length; r++) {
      const value = at(r, "value");
      if (value === "" || !at(r, "metric")) continue;
      const text = (k: IndicatorColumnKey) => String(at(r, k));
      const opt = (k: IndicatorColumnKey) => (text(k) ? text(k) : undefined);
      rows.push({
        row: r,
        etag: opt("etag") ?? null,
        body: {
          clientId: text("clientId"),
          region,
          metric: text("metric"),
          year,
          value,
          source: {
            text: text("sourceText"),
            ...(opt("documentNumber") ? { documentNumber: text("documentNumber") } : {}),
            date: excelDate(at(r, "sourceDate")),
            ...(opt("link") ? { link: text("link") } : {}),
          },
          ...(opt("note") ? { note: text("note") } : {}),
          ...(opt("city") ? { city: text("city") } : {}),
          ...(opt("reason") ? { reason: text("reason") } : {}),
        },
      });
    }
    return { region, year, rows };
  });
}

/** A date cell arrives as a serial number; text stays as typed. */
function excelDate(v: string | number): string {
  if (typeof v !== "number") return v;
  return new Date(Date.UTC(1899, 11, 30) + v * 86400000).toISOString().slice(0, 10);
}

export interface SendResult {
  sent: number;
  problems: { row: number; cell: string; code: string; message: { zh: string; en: string } }[];
}

/** Sends each filled row; writes the new version tag back; a refusal is reported on its row's cell. */
export async function sendIndicatorSheet(
  run: ExcelRun,
  api: Pick<ApiClient, "postIndicatorValue" | "putIndicatorValue">,
): Promise<SendResult | null> {
  const read = await readIndicatorSheet(run);
  if (!read) return null;
  const out: SendResult = { sent: 0, problems: [] };
  const tags: { row: number; etag: string }[] = [];
  for (const r of read.rows) {
    try {
      const stored = await api.postIndicatorValue(r.body);
      tags.push({ row: r.row, etag: stored.etag });
      out.sent++;
    } catch (e) {
      if (!(e instanceof ApiFailure)) throw e;
      let f: ApiFailure = e;
      const id = typeof e.details.id === "string" ? e.details.id : null;
      if ((e.code === "VALUE_EXISTS" || e.code === "CONTENT_CONFLICT") && id && r.etag) {
        try {
          const stored = await api.putIndicatorValue(
            id,
            { ...r.body, reason: r.body.reason ?? "任务窗格修改 / changed in the task pane" },
            r.etag,
          );
          tags.push({ row: r.row, etag: stored.etag });
          out.sent++;
          continue;
        } catch (e2) {
          if (!(e2 instanceof ApiFailure)) throw e2;
          f = e2;
        }
      }
      const path = typeof f.details.path === "string" ? f.details.path : "value";
      const key: IndicatorColumnKey = path.startsWith("source.date")
        ? "sourceDate"
        : path.startsWith("source")
          ? "sourceText"
          : path === "reason"
            ? "reason"
            : "value";
      out.problems.push({ row: r.row, cell: `${columnLetter(indicatorColumn(key))}${r.row}`, code: f.code, message: f.text });
    }
  }
  if (tags.length) {
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(INDICATOR_SHEET);
      const col = columnLetter(indicatorColumn("etag"));
      for (const t of tags) sheet.getRange(`${col}${t.row}`).values = [[t.etag]];
      await context.sync();
    });
  }
  return out;
}
