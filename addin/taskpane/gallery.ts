/**
 * The function gallery, read from the generated metadata (dist/addin/functions.json and
 * functions-zh-cn.json, served next to this page — themselves generated from the JSDoc of
 * addin/functions/functions.ts): the one-line description and the clause it cites come from there.
 * Only the inserted examples are kept here (the metadata has no examples); a unit test fails when a
 * function has none, or an example calls a function with more arguments than it takes.
 */
export interface FunctionMetadata {
  functions: { id: string; name: string; description?: string; parameters: { name: string; optional?: boolean }[] }[];
}

export interface GalleryEntry {
  name: string;
  summary: string;
  citation: string | null;
  example: string;
}

/** Examples inserted by the gallery: typical arguments, in the functions' argument order. */
export const EXAMPLES: Readonly<Record<string, string>> = {
  TECHSUBSIDY: '=TT.TECHSUBSIDY(800000,"CN-HL","buyer")',
  TARGET: '=TT.TARGET(2025,"industrialised","CN-HL")',
  TARGETGAP: '=TT.TARGETGAP(2025,1200,"industrialised","CN-HL")',
  STILLNEEDED: '=TT.STILLNEEDED(2023,130,"industrialised-total","CN-HL")',
  PROGRESS: '=TT.PROGRESS(2025,"industrialised","CN-HL")',
  TRANSFERREWARD: '=TT.TRANSFERREWARD(20000000,3,"CN-HL")',
  INCOMESHARE: '=TT.INCOMESHARE(1200000,"completers","CN-HL")',
  INSURANCECOMP: '=TT.INSURANCECOMP(200000,3,"CN-HL")',
  SPECIALISTSHARE: '=TT.SPECIALISTSHARE(240000,"CN-HL")',
  COMMISSIONERSHARE: '=TT.COMMISSIONERSHARE(240000,"CN-HL")',
  INVENTOREQUITY: '=TT.INVENTOREQUITY(1200000,"CN-HL")',
  HIGHTECHAWARD: '=TT.HIGHTECHAWARD(2,"CN-HE")',
  SEEDINVESTREWARD: '=TT.SEEDINVESTREWARD(3000000,"CN-HE")',
  CONSORTIUMSUPPORT: '=TT.CONSORTIUMSUPPORT(6000000,"CN-HE")',
  LISTINGAWARD: '=TT.LISTINGAWARD("min","CN-HE")',
  LABGRANT: '=TT.LABGRANT(,"CN-HE")',
  DEMOGRANT: '=TT.DEMOGRANT(,"CN-HL")',
  BROKERSHARE: '=TT.BROKERSHARE(600000,"CN-HL")',
  TAXABLEREWARD: '=TT.TAXABLEREWARD(100000,"2024-03-01","2025-06-30",TRUE)',
  EXPLAIN: '=TT.EXPLAIN("TECHSUBSIDY",800000,"CN-HL")',
};

/**
 * Splits "Summary (CN-HL 001 二(四): 30% …; CN-HE 004 item 9)." into the summary and the parenthesised
 * citation — the first bracket (ASCII or full-width, nesting respected) that names a province or document.
 */
export function splitDescription(description: string): { summary: string; citation: string | null } {
  const open = /[(（]/g;
  for (let m = open.exec(description); m; m = open.exec(description)) {
    let depth = 0;
    for (let i = m.index; i < description.length; i++) {
      const ch = description[i]!;
      if (ch === "(" || ch === "（") depth++;
      if (ch === ")" || ch === "）") depth--;
      if (depth === 0) {
        const inner = description.slice(m.index + 1, i);
        if (/^(CN-H[LE]|黑龙江|河北|Heilongjiang|Hebei)/.test(inner)) {
          const summary = (description.slice(0, m.index) + description.slice(i + 1))
            .replace(/\s+([.。])/g, "$1")
            .replace(/\s{2,}/g, " ")
            .trim();
          return { summary, citation: inner };
        }
        open.lastIndex = i + 1;
        break;
      }
    }
  }
  return { summary: description.trim(), citation: null };
}

/** Gallery entries in the metadata's order, in the language of `metadata` (pass the zh-cn file for Chinese). */
export function galleryEntries(metadata: FunctionMetadata): GalleryEntry[] {
  return metadata.functions.map((f) => {
    const { summary, citation } = splitDescription(f.description ?? "");
    return { name: f.name, summary, citation, example: EXAMPLES[f.name] ?? `=TT.${f.name}()` };
  });
}

/** Count of top-level arguments in an example formula (for the consistency test). */
export function exampleArgumentCount(example: string): number {
  const inner = /^=TT\.\w+\((.*)\)$/.exec(example)?.[1] ?? "";
  if (inner.trim() === "") return 0;
  let depth = 0;
  let quoted = false;
  let count = 1;
  for (const ch of inner) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")") depth--;
    else if (!quoted && depth === 0 && ch === ",") count++;
  }
  return count;
}
