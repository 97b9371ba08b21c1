/**
 * Citations in words, as an auditor reads them: the document by title and number (文号), the article in
 * Chinese (第二部分第（四）项, 第9条 …), and the earliest date the document applies from. Titles, numbers and
 * dates come from packages/engine/policy/documents/*.yaml; the article from the `section` a parameter cites.
 * Never a seed file name or an internal id.
 */
import { DOCUMENTS } from "../generated/policy-data";
import type { Bilingual, Reference } from "./file-schema";
import type { DocumentFile } from "./document-schema";

export interface Citation {
  /** 《黑龙江省技术转移体系建设实施方案》 */
  title: string;
  /** 黑政发〔2017〕16号, where the document has one. */
  number?: string;
  /** 第二部分第（四）项 / part 二(四). */
  article: Bilingual;
  /** The heading of the section when the data records it, e.g. 促进技术合同交易. */
  heading?: string;
  /** The earliest date the document applies from (YYYY-MM-DD). */
  effectiveFrom: string;
  /** The whole citation in one line. */
  words: Bilingual;
  /** Short form for a column: 文号 (or the title) and the article. */
  short: string;
}

const bySeed = new Map<string, DocumentFile>(DOCUMENTS.map((d) => [d.seed, d]));

export function documentOf(seed: string): DocumentFile {
  const d = bySeed.get(seed);
  if (!d) throw new Error(`no document record for ${seed}`); // the build checks every reference has one
  return d;
}

/** "《title》（number）" — how every message names a document. */
export function documentName(d: Pick<DocumentFile, "title" | "number">): string {
  return `《${d.title}》${d.number ? `（${d.number}）` : ""}`;
}

const NUMERAL = "一二三四五六七八九十";

/** The section as the document numbers it ("二(四) 促进技术合同交易", "9. 支持…", "一、总体要求") → words. */
export function articleOf(section: string): { article: Bilingual; heading?: string } {
  const item = /^(\d+)\.\s*(.*)$/.exec(section);
  if (item) return { article: { zh: `第${item[1]}条`, en: `item ${item[1]}` }, ...(item[2] ? { heading: item[2] } : {}) };
  const part = new RegExp(`^([${NUMERAL}]+)[(（]([${NUMERAL}]+)[)）](\\d+)?\\s*(.*)$`).exec(section);
  if (part) {
    const [, a, b, point, heading] = part;
    return {
      article: {
        zh: `第${a}部分第（${b}）项${point ? `第${point}点` : ""}`,
        en: `part ${a}, item (${b})${point ? `, point ${point}` : ""}`,
      },
      ...(heading ? { heading } : {}),
    };
  }
  const whole = new RegExp(`^([${NUMERAL}]+)、\\s*(.*)$`).exec(section);
  if (whole) return { article: { zh: `第${whole[1]}部分`, en: `part ${whole[1]}` }, ...(whole[2] ? { heading: whole[2] } : {}) };
  return { article: { zh: section, en: section } };
}

const dateZh = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

export function citationOf(ref: Pick<Reference, "seed" | "section">): Citation {
  const d = documentOf(ref.seed);
  const { article, heading } = articleOf(ref.section);
  const name = documentName(d);
  const head = heading ? ` ${heading}` : "";
  return {
    title: d.title,
    ...(d.number ? { number: d.number } : {}),
    article,
    ...(heading ? { heading } : {}),
    effectiveFrom: d.effectiveFrom,
    words: {
      zh: `${name}${article.zh}${head}，自${dateZh(d.effectiveFrom)}起适用`,
      en: `${name} ${article.en}${head}, applicable from ${d.effectiveFrom}`,
    },
    short: `${d.number ?? `《${d.title}》`}${article.zh}`,
  };
}
