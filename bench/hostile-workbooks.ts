/**
 * Hostile and clumsy workbooks, built from the real template: the cases of issue 9 ("one cell at XFD2
 * and one at A2000 in a 17 KB template", "10,000 contracts and 100,000 receipts", a cached formula result)
 * and every other way a file can ask the reader for unbounded work (zip bombs honest and lying, huge
 * ranges in validations and merges, entity declarations, too many parts, sheets, cells or strings) or
 * smuggle bad values (control characters, CN-ZZ, absurd amounts, an unknown template version).
 *
 * Used by `npm run stress` (every one must be refused with a 4xx), by the P6 benchmark (the worst one's
 * refusal time, heap and event-loop delay) and by tests/functions/hostile-workbooks.test.ts.
 */
import { strToU8, strFromU8, unzipSync, zipSync, type Zippable } from "fflate";
import ExcelJS from "exceljs";
import { templateBuffer, type PrefillRows } from "@tt/workbook/node";
import { ACHIEVEMENTS, CONTRACTS, META_SHEET, RECEIPTS } from "@tt/workbook";

export interface HostileWorkbook {
  name: string;
  /** What the API must answer: 413 (a limit), 400 (not a workbook or a bad cell). */
  expect: 400 | 413;
  /** The stable code the refusal carries (in the body's code or its details.issues). */
  code: string;
  build(): Promise<Uint8Array>;
}

/** One valid Heilongjiang row set; every case starts from a template holding it. */
export const VALID_ROWS: PrefillRows = {
  achievements: [
    {
      title: "寒地水稻智能育秧装备",
      sector: "aerospace-electronics-equipment",
      mode: "transfer",
      city: "哈尔滨",
      date: "2024-05-20",
      contractAmount: 1200000,
      receivedAmount: 800000,
    },
  ],
  contracts: [
    {
      registrationNumber: "2024230100000123",
      type: "transfer",
      buyerName: "黑龙江某农机有限公司",
      buyerRegion: "CN-HL",
      sellerName: "省农机院",
      sellerRegion: "CN-HL",
      role: "seller",
      signedDate: "2024-03-01",
      contractAmount: 1200000,
      sourceJingJin: false,
    },
  ],
  receipts: [{ registrationNumber: "2024230100000123", date: "2024-04-01", amount: 500000 }],
};

export const META = { instituteId: "HLJ-001", region: "CN-HL" as const, year: 2024 };

let seq = 0;
/** A valid filled template (fresh submission id each time unless given). */
export async function validWorkbook(rows: PrefillRows = VALID_ROWS, submissionId?: string): Promise<Uint8Array> {
  return new Uint8Array(
    await templateBuffer({ ...META, submissionId: submissionId ?? `hostile-${process.pid}-${++seq}-${Date.now().toString(36)}` }, rows),
  );
}

type Parts = Record<string, Uint8Array>;
const unzip = (b: Uint8Array): Parts => unzipSync(b);
const zip = (p: Parts, level: 0 | 1 | 6 | 9 = 6): Uint8Array =>
  zipSync(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, [v, { level }]])) as Zippable);

/** Part name of a sheet by its name, from workbook.xml and its relationships. */
function sheetPart(p: Parts, sheet: string): string {
  const wb = strFromU8(p["xl/workbook.xml"]!);
  const rels = strFromU8(p["xl/_rels/workbook.xml.rels"]!);
  const escaped = sheet.replace(/&/g, "&amp;");
  const rid = new RegExp(`<sheet [^>]*name="${escaped.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
  const target =
    new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
    new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.[1];
  if (!target) throw new Error(`no part for sheet ${sheet}`);
  return target.replace(/^\/?(xl\/)?/, "xl/");
}

/** Edits one sheet's XML of a valid workbook. */
async function editSheet(sheet: string, edit: (xml: string) => string, rows?: PrefillRows): Promise<Uint8Array> {
  const p = unzip(await validWorkbook(rows));
  const part = sheetPart(p, sheet);
  p[part] = strToU8(edit(strFromU8(p[part]!)));
  return zip(p);
}

const appendRows = (xml: string, rows: string) => xml.replace("</sheetData>", `${rows}</sheetData>`);
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const numberCell = (ref: string, n: number | string) => `<c r="${ref}"><v>${n}</v></c>`;

/** A workbook whose cells are set with exceljs (as a person would type them), after the template is filled. */
async function withCells(set: (wb: ExcelJS.Workbook) => void, rows?: PrefillRows): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await validWorkbook(rows)) as unknown as ArrayBuffer);
  set(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Rewrites the sizes an entry declares (local header and central directory), leaving its data as is. */
function lieAboutSize(bytes: Uint8Array, name: string, declared: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  const nameBytes = strToU8(name);
  const matches = (at: number) => nameBytes.every((b, i) => out[at + i] === b);
  for (let i = 0; i < out.length - 46; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && view.getUint16(i + 26, true) === nameBytes.length && matches(i + 30)) view.setUint32(i + 22, declared, true);
    if (sig === 0x02014b50 && view.getUint16(i + 28, true) === nameBytes.length && matches(i + 46)) view.setUint32(i + 24, declared, true);
  }
  return out;
}

/** Sets the "encrypted" flag on every entry. */
function encryptedFlag(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i < out.length - 46; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint16(i + 6, view.getUint16(i + 6, true) | 1, true);
    if (sig === 0x02014b50) view.setUint16(i + 8, view.getUint16(i + 8, true) | 1, true);
  }
  return out;
}

const rowsXml = (from: number, to: number, cells: (r: number) => string) => {
  const parts: string[] = [];
  for (let r = from; r <= to; r++) parts.push(`<row r="${r}">${cells(r)}</row>`);
  return parts.join("");
};

const regNo = (i: number) => `2024230199${String(i).padStart(6, "0")}`;

export const HOSTILE_WORKBOOKS: readonly HostileWorkbook[] = [
  // ---- size: the cases and their relatives ------------------------------------------------
  {
    name: "one cell at XFD2 and one at A2000 (issue 9)",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: () =>
      withCells((wb) => {
        const ws = wb.getWorksheet(CONTRACTS.sheet)!;
        ws.getCell("XFD2").value = "x";
        ws.getCell("A2000").value = "x";
      }),
  },
  {
    name: "10,000 contracts and 100,000 receipts (issue 9)",
    expect: 413,
    code: "WORKBOOK_UNZIPPED_TOO_LARGE",
    build: async () => {
      const p = unzip(await validWorkbook());
      const c = sheetPart(p, CONTRACTS.sheet);
      const r = sheetPart(p, RECEIPTS.sheet);
      p[c] = strToU8(
        appendRows(
          strFromU8(p[c]!),
          rowsXml(
            3,
            10_002,
            (i) =>
              inline(`A${i}`, regNo(i)) +
              inline(`B${i}`, "技术转让") +
              inline(`C${i}`, "买方") +
              inline(`D${i}`, "黑龙江 CN-HL") +
              inline(`E${i}`, "卖方") +
              inline(`F${i}`, "黑龙江 CN-HL") +
              inline(`G${i}`, "出让方") +
              numberCell(`H${i}`, 45352) +
              numberCell(`I${i}`, 100000) +
              inline(`J${i}`, "否"),
          ),
        ),
      );
      p[r] = strToU8(
        appendRows(
          strFromU8(p[r]!),
          rowsXml(3, 100_002, (i) => inline(`A${i}`, regNo(3 + (i % 10_000))) + numberCell(`B${i}`, 45383) + numberCell(`C${i}`, 10)),
        ),
      );
      return zip(p);
    },
  },
  {
    name: "a cell at A1048576",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: () => editSheet(RECEIPTS.sheet, (x) => appendRows(x, `<row r="1048576">${numberCell("A1048576", 1)}</row>`)),
  },
  {
    name: "a cell at XFD1 in the header row",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: () =>
      editSheet(ACHIEVEMENTS.sheet, (x) => x.replace(/(<row r="1"[^>]*>)/, `$1${inline("XFD1", "x")}`).replace(/<\/row>/, "</row>")),
  },
  {
    name: "an empty row numbered 1048576",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: () => editSheet(CONTRACTS.sheet, (x) => appendRows(x, `<row r="1048576"/>`)),
  },
  {
    name: "dimension A1:XFD1048576",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: () => editSheet(CONTRACTS.sheet, (x) => x.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')),
  },
  {
    name: "a data validation over A1:XFD1048576",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: () =>
      editSheet(CONTRACTS.sheet, (x) =>
        x
          .replace(
            /<dataValidations count="(\d+)">/,
            '<dataValidations count="$1"><dataValidation type="whole" allowBlank="1" sqref="A1:XFD1048576"><formula1>0</formula1></dataValidation>',
          )
          .replace(/<dataValidations count="\d+">/, (m) => m),
      ),
  },
  {
    name: "a data validation on whole columns D:D",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: () =>
      editSheet(RECEIPTS.sheet, (x) =>
        x.replace(
          /<dataValidations count="(\d+)">/,
          '<dataValidations count="$1"><dataValidation type="whole" allowBlank="1" sqref="D:D"><formula1>0</formula1></dataValidation>',
        ),
      ),
  },
  {
    name: "merged cells A3:XFD1048576",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: () =>
      editSheet(ACHIEVEMENTS.sheet, (x) =>
        x.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>'),
      ),
  },
  {
    name: "a 5,000-character sqref list",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: () =>
      editSheet(RECEIPTS.sheet, (x) =>
        x.replace(
          /<dataValidations count="(\d+)">/,
          `<dataValidations count="$1"><dataValidation type="whole" allowBlank="1" sqref="${Array.from({ length: 700 }, (_, i) => `A${i + 2}`).join(" ")} A1:XFD1048576"><formula1>0</formula1></dataValidation>`,
        ),
      ),
  },
  {
    name: "a table part over A1:XFD1048576",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: async () => {
      const p = unzip(await validWorkbook());
      const t = Object.keys(p).find((k) => /^xl\/tables\/[^/]+\.xml$/.test(k))!;
      p[t] = strToU8(strFromU8(p[t]!).replace(/ref="[^"]*"/g, 'ref="A1:XFD1048576"'));
      return zip(p);
    },
  },
  {
    name: "200,000 cells within the rows and columns",
    expect: 413,
    code: "WORKBOOK_TOO_MANY_CELLS",
    build: () =>
      editSheet(RECEIPTS.sheet, (x) =>
        appendRows(
          x,
          rowsXml(3, 4_002, (r) =>
            Array.from({ length: 50 }, (_, c) => `<c r="${String.fromCharCode(65 + (c % 26))}${r}"><v>1</v></c>`).join(""),
          ),
        ),
      ),
  },
  {
    name: "200,000 shared strings",
    expect: 413,
    code: "WORKBOOK_TOO_MANY_STRINGS",
    build: async () => {
      const p = unzip(await validWorkbook());
      const items = Array.from({ length: 200_000 }, (_, i) => `<si><t>s${i}</t></si>`).join("");
      p["xl/sharedStrings.xml"] = strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="200000" uniqueCount="200000">${items}</sst>`,
      );
      return zip(p);
    },
  },
  // ---- zip bombs and broken containers -------------------------------------------------------------
  {
    name: "zip bomb: a 40 MB part, sizes declared honestly",
    expect: 413,
    code: "WORKBOOK_UNZIPPED_TOO_LARGE",
    build: async () => {
      const p = unzip(await validWorkbook());
      p["xl/media/padding.bin"] = new Uint8Array(40 * 1024 * 1024);
      return zip(p, 1);
    },
  },
  {
    name: "zip bomb: 30 parts of 2 MB (60 MB in all)",
    expect: 413,
    code: "WORKBOOK_UNZIPPED_TOO_LARGE",
    build: async () => {
      const p = unzip(await validWorkbook());
      for (let i = 0; i < 30; i++) p[`xl/media/pad${i}.bin`] = new Uint8Array(2 * 1024 * 1024);
      return zip(p, 1);
    },
  },
  {
    name: "zip bomb: styles.xml inflates to 40 MB but declares 2 KB",
    expect: 400,
    code: "NOT_A_WORKBOOK",
    build: async () => {
      const p = unzip(await validWorkbook());
      p["xl/styles.xml"] = new Uint8Array(40 * 1024 * 1024).fill(32);
      return lieAboutSize(zip(p, 1), "xl/styles.xml", 2048);
    },
  },
  {
    name: "zip bomb: a worksheet inflates to 40 MB but declares 4 KB",
    expect: 400,
    code: "NOT_A_WORKBOOK",
    build: async () => {
      const p = unzip(await validWorkbook());
      const part = sheetPart(p, CONTRACTS.sheet);
      const xml = strFromU8(p[part]!);
      const at = xml.indexOf("<sheetData>");
      const head = strToU8(xml.slice(0, at));
      const tail = strToU8(xml.slice(at));
      const big = new Uint8Array(head.length + 40 * 1024 * 1024 + tail.length).fill(32);
      big.set(head, 0);
      big.set(tail, big.length - tail.length);
      p[part] = big;
      return lieAboutSize(zip(p, 1), part, 4096);
    },
  },
  {
    name: "not a zip: random bytes",
    expect: 400,
    code: "NOT_A_WORKBOOK",
    build: async () => Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 251),
  },
  {
    name: "not a zip: a CSV file",
    expect: 400,
    code: "NOT_A_WORKBOOK",
    build: async () => strToU8("登记号,金额\n2024230100000123,1200000\n"),
  },
  {
    name: "a truncated workbook (first half)",
    expect: 400,
    code: "NOT_A_WORKBOOK",
    build: async () => (await validWorkbook()).slice(0, 6000),
  },
  {
    name: "a workbook without its central directory tail",
    expect: 400,
    code: "NOT_A_WORKBOOK",
    build: async () => {
      const b = await validWorkbook();
      return b.slice(0, b.length - 30);
    },
  },
  {
    name: "a zip holding only a text file",
    expect: 400,
    code: "NOT_A_WORKBOOK",
    build: async () => zip({ "readme.txt": strToU8("hello") }),
  },
  { name: "an encrypted (flagged) zip", expect: 400, code: "NOT_A_WORKBOOK", build: async () => encryptedFlag(await validWorkbook()) },
  { name: "an empty zip", expect: 400, code: "NOT_A_WORKBOOK", build: async () => zip({}) },
  {
    name: "300 parts",
    expect: 413,
    code: "WORKBOOK_TOO_MANY_PARTS",
    build: async () => {
      const p = unzip(await validWorkbook());
      for (let i = 0; i < 300; i++) p[`xl/media/p${i}.bin`] = strToU8(String(i));
      return zip(p);
    },
  },
  {
    name: "40 worksheets",
    expect: 413,
    code: "WORKBOOK_TOO_MANY_SHEETS",
    build: async () => {
      const p = unzip(await validWorkbook());
      for (let i = 0; i < 40; i++)
        p[`xl/worksheets/extra${i}.xml`] = strToU8(
          '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
        );
      return zip(p);
    },
  },
  {
    name: "billion laughs: entity declarations in a worksheet",
    expect: 400,
    code: "NOT_A_WORKBOOK",
    build: () =>
      editSheet(CONTRACTS.sheet, (x) =>
        x.replace(
          /^(<\?xml[^>]*\?>)/,
          `$1<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>`,
        ),
      ),
  },
  {
    name: "entity declaration in sharedStrings",
    expect: 400,
    code: "NOT_A_WORKBOOK",
    build: async () => {
      const p = unzip(await validWorkbook());
      p["xl/sharedStrings.xml"] = strToU8(
        `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&x;</t></si></sst>`,
      );
      return zip(p);
    },
  },
  // ---- formulas whose cached result must not be trusted --------------------------------------------
  {
    name: "=1+1 in a contract amount, cached as 999999999 (issue 9)",
    expect: 400,
    code: "FORMULA_IN_INPUT_CELL",
    build: () => withCells((wb) => (wb.getWorksheet(CONTRACTS.sheet)!.getCell("I2").value = { formula: "1+1", result: 999999999 })),
  },
  {
    name: "a formula in a receipt amount, cached",
    expect: 400,
    code: "FORMULA_IN_INPUT_CELL",
    build: () => withCells((wb) => (wb.getWorksheet(RECEIPTS.sheet)!.getCell("C2").value = { formula: "SUM(1,2)", result: 500000 })),
  },
  {
    name: "a formula in the year cell",
    expect: 400,
    code: "FORMULA_IN_INPUT_CELL",
    build: () => withCells((wb) => (wb.getWorksheet(META_SHEET)!.getCell("B4").value = { formula: "2023+1", result: 2024 })),
  },
  {
    name: "a formula in an achievement's received amount",
    expect: 400,
    code: "FORMULA_IN_INPUT_CELL",
    build: () => withCells((wb) => (wb.getWorksheet(ACHIEVEMENTS.sheet)!.getCell("G2").value = { formula: "F2*10", result: 800000 })),
  },
  // ---- bad values and a wrong template --------------------------------------------------------------
  {
    name: "template version 9.9.9",
    expect: 400,
    code: "TEMPLATE_VERSION_UNSUPPORTED",
    build: () => withCells((wb) => (wb.getWorksheet(META_SHEET)!.getCell("B6").value = "9.9.9")),
  },
  {
    name: "the contracts sheet deleted",
    expect: 400,
    code: "TEMPLATE_TABLE_MISSING",
    build: () => withCells((wb) => wb.removeWorksheet(wb.getWorksheet(CONTRACTS.sheet)!.id)),
  },
  {
    name: "a renamed column header",
    expect: 400,
    code: "TEMPLATE_COLUMN_MISSING",
    build: () => withCells((wb) => (wb.getWorksheet(CONTRACTS.sheet)!.getCell("I1").value = "金额")),
  },
  {
    name: "control characters in a title",
    expect: 400,
    code: "TEXT_CONTROL_CHARACTER",
    build: () => withCells((wb) => (wb.getWorksheet(ACHIEVEMENTS.sheet)!.getCell("A2").value = "成果\u009B31m\u0085")),
  },
  {
    name: "a right-to-left override in a buyer name",
    expect: 400,
    code: "TEXT_CONTROL_CHARACTER",
    build: () => withCells((wb) => (wb.getWorksheet(CONTRACTS.sheet)!.getCell("C2").value = "公司\u202Egnp.exe")),
  },
  {
    name: "a title of zero-width characters only",
    expect: 400,
    code: "TEXT_EMPTY",
    build: () => withCells((wb) => (wb.getWorksheet(ACHIEVEMENTS.sheet)!.getCell("A2").value = "\u200D\u200C\u200D")),
  },
  {
    name: "buyer region CN-ZZ",
    expect: 400,
    code: "NOT_IN_LIST",
    build: () => withCells((wb) => (wb.getWorksheet(CONTRACTS.sheet)!.getCell("D2").value = "CN-ZZ")),
  },
  {
    name: "a contract amount of ten thousand nines",
    expect: 400,
    code: "AMOUNT_TOO_LARGE",
    build: () => withCells((wb) => (wb.getWorksheet(CONTRACTS.sheet)!.getCell("I2").value = "9".repeat(10_000))),
  },
  {
    name: "a contract amount of 1e300",
    expect: 400,
    code: "AMOUNT_TOO_LARGE",
    build: () => editSheet(CONTRACTS.sheet, (x) => x.replace(/(<c r="I2"[^>]*>)<v>[^<]*<\/v>/, "$1<v>1E+300</v>")),
  },
  {
    name: "an amount of 2 x 10^12",
    expect: 400,
    code: "AMOUNT_TOO_LARGE",
    build: () => withCells((wb) => (wb.getWorksheet(RECEIPTS.sheet)!.getCell("C2").value = 2e12)),
  },
  {
    name: "a negative receipt",
    expect: 400,
    code: "AMOUNT_NEGATIVE",
    build: () => withCells((wb) => (wb.getWorksheet(RECEIPTS.sheet)!.getCell("C2").value = -5)),
  },
  {
    name: "an amount written Infinity",
    expect: 400,
    code: "AMOUNT_NOT_FINITE",
    build: () => withCells((wb) => (wb.getWorksheet(RECEIPTS.sheet)!.getCell("C2").value = "Infinity")),
  },
  {
    name: "a 3 MB title in one cell",
    expect: 413,
    code: "WORKBOOK_TEXT_TOO_LONG",
    build: () => editSheet(ACHIEVEMENTS.sheet, (x) => x.replace(/<c r="A2"[^>]*>.*?<\/c>/, inline("A2", "长".repeat(1_000_000)))),
  },
  {
    name: "12,000 receipt rows",
    expect: 413,
    code: "WORKBOOK_SHEET_TOO_LARGE",
    build: () =>
      editSheet(RECEIPTS.sheet, (x) =>
        appendRows(
          x,
          rowsXml(3, 12_000, (i) => inline(`A${i}`, "2024230100000123") + numberCell(`B${i}`, 45383) + numberCell(`C${i}`, 1)),
        ),
      ),
  },
  {
    name: "a 3,000-character title",
    expect: 400,
    code: "TOO_BIG",
    build: () => withCells((wb) => (wb.getWorksheet(ACHIEVEMENTS.sheet)!.getCell("A2").value = "长".repeat(3000))),
  },
  {
    name: "a receipt for no contract",
    expect: 400,
    code: "RECEIPT_WITHOUT_CONTRACT",
    build: () => withCells((wb) => (wb.getWorksheet(RECEIPTS.sheet)!.getCell("A2").value = "2099230100000999")),
  },
  {
    name: "a submission id with path characters",
    expect: 400,
    code: "BAD_FORMAT",
    build: () => withCells((wb) => (wb.getWorksheet(META_SHEET)!.getCell("B7").value = "../../etc/passwd")),
  },
  {
    name: "the year as text",
    expect: 400,
    code: "WRONG_TYPE",
    build: () => withCells((wb) => (wb.getWorksheet(META_SHEET)!.getCell("B4").value = "二〇二四")),
  },
];

/**
 * The largest workbook the limits let through to exceljs: 5,000 contracts (11 cells a row with the
 * computed column) and 1,500 receipts, every cell filled (the read then refuses or stores it on its
 * merits). Measures what the bounds still allow.
 */
export async function largestWithinLimits(): Promise<Uint8Array> {
  const p = unzip(await validWorkbook());
  const c = sheetPart(p, CONTRACTS.sheet);
  const r = sheetPart(p, RECEIPTS.sheet);
  p[c] = strToU8(
    appendRows(
      strFromU8(p[c]!),
      rowsXml(
        3,
        5_001,
        (i) =>
          inline(`A${i}`, regNo(i)) +
          inline(`B${i}`, "技术转让") +
          inline(`C${i}`, `买方${i}`) +
          inline(`D${i}`, "黑龙江 CN-HL") +
          inline(`E${i}`, "省农机院") +
          inline(`F${i}`, "黑龙江 CN-HL") +
          inline(`G${i}`, "出让方") +
          numberCell(`H${i}`, 45352) +
          numberCell(`I${i}`, 100000) +
          inline(`J${i}`, "否"),
      ),
    ),
  );
  p[r] = strToU8(
    appendRows(
      strFromU8(p[r]!),
      rowsXml(3, 1_500, (i) => inline(`A${i}`, regNo(i)) + numberCell(`B${i}`, 45383) + numberCell(`C${i}`, 10)),
    ),
  );
  return zip(p);
}
