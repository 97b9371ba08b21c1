/**
 * The year trap: the report year lives in ONE place, the information sheet's TT_Year cell; the pane's
 * year box follows it. When the box changes, the sheet's year changes with it — unless the workbook was
 * already submitted (a server version tag is stamped), where a different year would be a different
 * submission: then the pane refuses and says to insert a new template (or to keep the year).
 */
import type { Bilingual } from "@tt/engine";
import { META_FIELDS, META_SHEET } from "@tt/workbook";
import type { ExcelRun } from "./run";

export type YearSync =
  | { state: "no-template" }
  | { state: "unchanged"; year: number }
  | { state: "updated"; from: unknown; to: number; message: Bilingual }
  | { state: "refused"; sheetYear: number; message: Bilingual };

const rowOf = (key: string) => META_FIELDS.find((f) => f.key === key)!.row;

/** The year stamped in the workbook, or null when there is no template (or no readable year). */
export async function sheetYear(run: ExcelRun): Promise<number | null> {
  return run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(META_SHEET);
    sheet.load("isNullObject");
    await context.sync();
    if (sheet.isNullObject) return null;
    const cell = sheet.getRange(`B${rowOf("year")}`).load("values");
    await context.sync();
    const v = Number(cell.values[0]![0]);
    return Number.isInteger(v) && v >= 2000 && v <= 2100 ? v : null;
  });
}

export async function syncYear(run: ExcelRun, year: number): Promise<YearSync> {
  return run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(META_SHEET);
    sheet.load("isNullObject");
    await context.sync();
    if (sheet.isNullObject) return { state: "no-template" } as const;
    const yearCell = sheet.getRange(`B${rowOf("year")}`).load("values");
    const etagCell = sheet.getRange(`B${rowOf("etag")}`).load("values");
    await context.sync();
    const current = yearCell.values[0]![0];
    if (Number(current) === year) return { state: "unchanged", year } as const;
    const submitted = String(etagCell.values[0]![0] ?? "").trim() !== "";
    if (submitted) {
      return {
        state: "refused",
        sheetYear: Number(current),
        message: {
          zh: `本工作簿已按 ${current} 年度报送，不能改为 ${year} 年度（那将是另一份报送）。要报送 ${year} 年度，请新建工作簿后插入模板；年度框已恢复为 ${current}。`,
          en: `This workbook was submitted for ${current}; it cannot become ${year} (that would be another submission). For ${year}, insert the template into a new workbook; the year box is back to ${current}.`,
        },
      } as const;
    }
    yearCell.values = [[year]];
    await context.sync();
    return {
      state: "updated",
      from: current,
      to: year,
      message: {
        zh: `报送年度已改为 ${year}（已写入“报送信息”工作表）。`,
        en: `Report year changed to ${year} (written to the Submission sheet).`,
      },
    } as const;
  });
}
