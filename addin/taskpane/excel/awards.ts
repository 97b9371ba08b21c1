/**
 * Insert the award roster as a sheet (奖补名单): the same rows and totals as GET /api/awards.xlsx, from the
 * shared model (packages/contract/src/award-roster.ts). The sheet is reused and rewritten in place.
 */
import { rosterMatrix, rosterTotalsMatrix, type AwardRoster } from "@tt/contract";
import { columnLetter } from "@tt/workbook";
import type { ExcelRun } from "./run";

export const ROSTER_SHEET = { zh: "奖补名单", en: "Award roster" } as const;
const HEADER_FILL = "#DDEBF7";
const REGION_WORDS: Record<string, { zh: string; en: string }> = {
  "CN-HL": { zh: "黑龙江省", en: "Heilongjiang" },
  "CN-HE": { zh: "河北省", en: "Hebei" },
};

const rangeOf = (row: number, rows: number, columns: number, firstColumn = 1) =>
  `${columnLetter(firstColumn)}${row}:${columnLetter(firstColumn + columns - 1)}${row + rows - 1}`;

export async function writeAwardRoster(run: ExcelRun, roster: AwardRoster, lang: "zh" | "en"): Promise<{ sheet: string; rows: number }> {
  const name = ROSTER_SHEET[lang];
  return run(async (context) => {
    const probe = context.workbook.worksheets.getItemOrNullObject(name);
    probe.load("isNullObject");
    await context.sync();
    const sheet = probe.isNullObject ? context.workbook.worksheets.add(name) : context.workbook.worksheets.getItem(name);
    if (!probe.isNullObject) sheet.getRange().clear("All");
    const region = REGION_WORDS[roster.region]?.[lang] ?? roster.region;
    const title = lang === "zh" ? `${region}${roster.year}年技术交易补助（奖励）名单` : `${region} ${roster.year} subsidy roster`;
    sheet.getRange("A1").values = [[title]];
    sheet.getRange("A1").format.font.bold = true;
    const table = rosterMatrix(roster, lang);
    const width = table[0]!.length;
    sheet.getRange(rangeOf(3, table.length, width)).values = table;
    sheet.getRange(rangeOf(3, 1, width)).format.fill.color = HEADER_FILL;
    sheet.getRange(rangeOf(3, 1, width)).format.font.bold = true;
    let row = 3 + table.length + 1;
    for (const [totals, heading] of [
      [roster.totals.byCity, { zh: "按市（地）汇总", en: "By city" }],
      [roster.totals.byInstituteType, { zh: "按单位类型汇总", en: "By institute type" }],
    ] as const) {
      const m = rosterTotalsMatrix(totals, heading, roster.totals.all, lang);
      sheet.getRange(rangeOf(row, m.length, 3, 2)).values = m;
      sheet.getRange(rangeOf(row, 1, 3, 2)).format.font.bold = true;
      row += m.length + 1;
    }
    sheet.activate();
    await context.sync();
    return { sheet: name, rows: roster.rows.length };
  });
}
