/**
 * exceljs writes a table's cells but not a column's <calculatedColumnFormula>, which is what makes Excel
 * carry a formula into every row added to the table later. This adds it to the written package: the
 * contracts table's 预计补助 column gets the same formula its cells have (first data row, A1 references
 * relative to it, as Excel stores it). Node only.
 */
import JSZip from "jszip";
import type { RegionCode } from "@tt/engine";
import { CONTRACTS, headerOf } from "../template";
import { expectedSubsidyCellFormula } from "../template-extras";

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export async function withCalculatedColumn(xlsx: Buffer, region: RegionCode): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const column = CONTRACTS.columns.find((c) => c.key === "expectedSubsidy")!;
  const formula = escapeXml(expectedSubsidyCellFormula(region, 2).slice(1));
  const name = escapeXml(headerOf(column));
  let found = false;
  for (const path of Object.keys(zip.files).filter((p) => /^xl\/tables\/table\d+\.xml$/.test(p))) {
    const xml = await zip.file(path)!.async("string");
    if (!new RegExp(`<table\\b[^>]*\\bname="${CONTRACTS.table}"`).test(xml)) continue;
    const element = new RegExp(
      `<tableColumn\\b([^>]*\\bname="${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*?)(/>|>([\\s\\S]*?)</tableColumn>)`,
    );
    const next = xml.replace(element, (_m, attrs: string, _end: string, inner: string | undefined) => {
      found = true;
      const rest = (inner ?? "").replace(/<calculatedColumnFormula>[\s\S]*?<\/calculatedColumnFormula>/, "");
      return `<tableColumn${attrs}><calculatedColumnFormula>${formula}</calculatedColumnFormula>${rest}</tableColumn>`;
    });
    zip.file(path, next);
  }
  if (!found) throw new Error(`calculated column: ${CONTRACTS.table} / ${headerOf(column)} not found in the written workbook`);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
