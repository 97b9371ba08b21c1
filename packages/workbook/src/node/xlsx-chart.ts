/**
 * Charts added to an .xlsx that exceljs wrote (exceljs 4.4 has no chart support). The package is opened
 * with JSZip (the zip library exceljs itself uses), and for each sheet that gets charts this adds:
 *   xl/charts/chartN.xml                  one DrawingML chart (c:chartSpace) per chart
 *   xl/drawings/drawingN.xml (+ _rels)    the sheet's drawing: one anchored graphic frame per chart
 *   <drawing r:id> in the worksheet       + its relationship, + two [Content_Types].xml overrides
 * Everything exceljs wrote (cells, styles, number formats, conditional formats, tables) is left as it
 * was: only the worksheet gets one <drawing> element, at the place the schema orders it.
 * Why this and not a chart library: docs/xlsx-charts.md. Node only (not exported from index.ts).
 *
 *   const bytes = await addCharts(await wb.xlsx.writeBuffer(), [{ sheet: "S", title: "…", … }]);
 */
import JSZip from "jszip";

export interface ChartSeriesSpec {
  /** Legend text. */
  name: string;
  /** Cell holding the legend text, e.g. `'Sheet'!$B$20` (optional; the text is cached either way). */
  nameRef?: string;
  /** Range of the values, e.g. `'Sheet'!$B$21:$B$26`. */
  valuesRef: string;
  /** The values, cached in the chart (viewers that do not recalculate draw these). null = gap. */
  values: (number | null)[];
  /** Columns (bars) or a line with markers; a chart may mix both (combo). */
  kind: "column" | "line";
  /** RRGGBB */
  color: string;
}

export interface ChartSpec {
  /** Worksheet name, as in the workbook. */
  sheet: string;
  title: string;
  /** Range of the category labels, e.g. `'Sheet'!$A$21:$A$26`. */
  categoriesRef: string;
  categories: string[];
  series: ChartSeriesSpec[];
  /** Horizontal bars instead of vertical columns for the "column" series. */
  horizontal?: boolean;
  /** Number format of the value axis (default `#,##0`). */
  valueFormat?: string;
  /** Top-left and bottom-right cells of the chart, 0-based column and row. */
  anchor: { from: { col: number; row: number }; to: { col: number; row: number } };
}

const NS = {
  rel: "http://schemas.openxmlformats.org/package/2006/relationships",
  docRel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  drawingRel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing",
  chartRel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart",
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
};
const CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
const DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml";

/** Worksheet children that come after <drawing> (ECMA-376 CT_Worksheet order): <drawing> goes before the first present. */
const AFTER_DRAWING = [
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

export const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** `'Sheet name'!$A$1:$A$3` for 1-based rows and columns. */
export function rangeRef(sheet: string, fromCol: number, fromRow: number, toCol = fromCol, toRow = fromRow): string {
  const letter = (n: number) => {
    let s = "";
    for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
    return s;
  };
  const one = (c: number, r: number) => `$${letter(c)}$${r}`;
  const cells = fromCol === toCol && fromRow === toRow ? one(fromCol, fromRow) : `${one(fromCol, fromRow)}:${one(toCol, toRow)}`;
  return `'${sheet.replace(/'/g, "''")}'!${cells}`;
}

function strCache(values: string[]): string {
  return `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${esc(v)}</c:v></c:pt>`).join("")}</c:strCache>`;
}

function numCache(values: (number | null)[]): string {
  const pts = values.map((v, i) => (v === null || !Number.isFinite(v) ? "" : `<c:pt idx="${i}"><c:v>${String(v)}</c:v></c:pt>`)).join("");
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function seriesXml(spec: ChartSpec, s: ChartSeriesSpec, index: number): string {
  const tx = s.nameRef
    ? `<c:tx><c:strRef><c:f>${esc(s.nameRef)}</c:f>${strCache([s.name])}</c:strRef></c:tx>`
    : `<c:tx><c:v>${esc(s.name)}</c:v></c:tx>`;
  const cat = `<c:cat><c:strRef><c:f>${esc(spec.categoriesRef)}</c:f>${strCache(spec.categories)}</c:strRef></c:cat>`;
  const val = `<c:val><c:numRef><c:f>${esc(s.valuesRef)}</c:f>${numCache(s.values)}</c:numRef></c:val>`;
  const head = `<c:idx val="${index}"/><c:order val="${index}"/>${tx}`;
  if (s.kind === "column") {
    return `<c:ser>${head}<c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>${cat}${val}</c:ser>`;
  }
  const fill = `<a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill>`;
  return (
    `<c:ser>${head}<c:spPr><a:ln w="28575" cap="rnd">${fill}<a:round/></a:ln></c:spPr>` +
    `<c:marker><c:symbol val="circle"/><c:size val="7"/><c:spPr>${fill}<a:ln>${fill}</a:ln></c:spPr></c:marker>` +
    `${cat}${val}<c:smooth val="0"/></c:ser>`
  );
}

/** One c:chartSpace: a column (or bar) group and/or a line group over one category axis and one value axis. */
export function chartXml(spec: ChartSpec): string {
  const [catId, valId] = [500100, 500200];
  const axes = `<c:axId val="${catId}"/><c:axId val="${valId}"/>`;
  const columns = spec.series.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === "column");
  const lines = spec.series.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === "line");
  const bar = columns.length
    ? `<c:barChart><c:barDir val="${spec.horizontal ? "bar" : "col"}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${columns.map(({ s, i }) => seriesXml(spec, s, i)).join("")}<c:gapWidth val="80"/>${axes}</c:barChart>`
    : "";
  const line = lines.length
    ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${lines.map(({ s, i }) => seriesXml(spec, s, i)).join("")}<c:marker val="1"/>${axes}</c:lineChart>`
    : "";
  const textProps = (size: number, bold = false) =>
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>`;
  const catAx =
    `<c:catAx><c:axId val="${catId}"/><c:scaling><c:orientation val="${spec.horizontal ? "maxMin" : "minMax"}"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${spec.horizontal ? "l" : "b"}"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/>${textProps(900)}<c:crossAx val="${valId}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  const valAx =
    `<c:valAx><c:axId val="${valId}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${spec.horizontal ? "b" : "l"}"/>` +
    `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>` +
    `<c:numFmt formatCode="${esc(spec.valueFormat ?? "#,##0")}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${textProps(900)}` +
    `<c:crossAx val="${catId}"/><c:crosses val="${spec.horizontal ? "max" : "autoZero"}"/><c:crossBetween val="between"/></c:valAx>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.docRel}"><c:lang val="zh-CN"/><c:roundedCorners val="0"/><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="1200" b="1"/><a:t>${esc(spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${bar}${line}${catAx}${valAx}</c:plotArea>` +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${textProps(900)}</c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

function anchorXml(spec: ChartSpec, id: number, relId: string): string {
  const { from, to } = spec.anchor;
  const pos = (p: { col: number; row: number }) =>
    `<xdr:col>${p.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return (
    `<xdr:twoCellAnchor editAs="oneCell"><xdr:from>${pos(from)}</xdr:from><xdr:to>${pos(to)}</xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="${esc(`Chart ${id}`)}" descr="${esc(spec.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS.c}">` +
    `<c:chart xmlns:c="${NS.c}" xmlns:r="${NS.docRel}" r:id="${relId}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The worksheet part path (e.g. xl/worksheets/sheet1.xml) of the sheet called `name`. */
async function sheetPart(zip: JSZip, name: string): Promise<string> {
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const sheet = [...workbook.matchAll(/<sheet\b[^>]*\/?>/g)].map((m) => m[0]).find((t) => unescape(attr(t, "name") ?? "") === name);
  if (!sheet) throw new Error(`addCharts: no sheet named ${name}`);
  const rid = attr(sheet, "r:id");
  const rel = [...rels.matchAll(/<Relationship\b[^>]*\/?>/g)].map((m) => m[0]).find((t) => attr(t, "Id") === rid);
  const target = rel && attr(rel, "Target");
  if (!target) throw new Error(`addCharts: sheet ${name} has no part`);
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

const nextNumber = (zip: JSZip, folder: string, stem: string) => {
  let n = 1;
  while (zip.file(`${folder}/${stem}${n}.xml`)) n++;
  return n;
};

/** Adds `charts` to the workbook `xlsx` (bytes exceljs wrote); returns the new bytes. */
export async function addCharts(xlsx: Uint8Array | ArrayBuffer, charts: ChartSpec[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  let types = await zip.file("[Content_Types].xml")!.async("string");
  const bySheet = new Map<string, ChartSpec[]>();
  for (const c of charts) bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c]);

  for (const [sheet, specs] of bySheet) {
    const part = await sheetPart(zip, sheet);
    const drawingNo = nextNumber(zip, "xl/drawings", "drawing");
    const drawingRels: string[] = [];
    const anchors: string[] = [];
    for (const [i, spec] of specs.entries()) {
      const chartNo = nextNumber(zip, "xl/charts", "chart");
      zip.file(`xl/charts/chart${chartNo}.xml`, chartXml(spec));
      types = types.replace("</Types>", `<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="${CHART_TYPE}"/></Types>`);
      drawingRels.push(`<Relationship Id="rId${i + 1}" Type="${NS.chartRel}" Target="../charts/chart${chartNo}.xml"/>`);
      anchors.push(anchorXml(spec, i + 1, `rId${i + 1}`));
    }
    zip.file(
      `xl/drawings/drawing${drawingNo}.xml`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">${anchors.join("")}</xdr:wsDr>`,
    );
    zip.file(
      `xl/drawings/_rels/drawing${drawingNo}.xml.rels`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}">${drawingRels.join("")}</Relationships>`,
    );
    types = types.replace("</Types>", `<Override PartName="/xl/drawings/drawing${drawingNo}.xml" ContentType="${DRAWING_TYPE}"/></Types>`);

    // the worksheet's relationship to its drawing
    const dir = part.slice(0, part.lastIndexOf("/"));
    const relsPath = `${dir}/_rels/${part.slice(dir.length + 1)}.rels`;
    let rels = zip.file(relsPath)
      ? await zip.file(relsPath)!.async("string")
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}"></Relationships>`;
    const used = new Set([...rels.matchAll(/\sId="([^"]+)"/g)].map((m) => m[1]));
    let relId = "rIdChart1";
    for (let n = 1; used.has(relId); n++) relId = `rIdChart${n}`;
    rels = rels.replace(
      "</Relationships>",
      `<Relationship Id="${relId}" Type="${NS.drawingRel}" Target="../drawings/drawing${drawingNo}.xml"/></Relationships>`,
    );
    zip.file(relsPath, rels);

    let xml = await zip.file(part)!.async("string");
    if (/<drawing\b/.test(xml)) throw new Error(`addCharts: ${part} already has a drawing`);
    if (!/\sxmlns:r="/.test(xml.slice(0, xml.indexOf(">", xml.indexOf("<worksheet")))))
      xml = xml.replace("<worksheet", `<worksheet xmlns:r="${NS.docRel}"`);
    const element = `<drawing r:id="${relId}"/>`;
    const at = AFTER_DRAWING.map((tag) => xml.search(new RegExp(`<${tag}[\\s>/]`))).filter((i) => i >= 0);
    xml = at.length
      ? xml.slice(0, Math.min(...at)) + element + xml.slice(Math.min(...at))
      : xml.replace("</worksheet>", `${element}</worksheet>`);
    zip.file(part, xml);
  }
  zip.file("[Content_Types].xml", types);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
