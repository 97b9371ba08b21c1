/**
 * Build step: the Chinese (zh-CN) custom-functions metadata, generated from the same JSDoc as the English.
 *
 * Excel localises custom functions through a second metadata file per locale, named in the manifest with
 * <bt:Override Locale="zh-CN" Value=".../functions-zh-cn.json"/> (office-js-docs-pr,
 * custom-functions-naming.md "Localize custom functions"); custom-functions-metadata does not localise.
 * So the Chinese text lives next to the English in addin/functions/functions.ts:
 *
 *   @zh       <Chinese description of the function>
 *   @zhparam  <parameter name> <Chinese argument name>：<Chinese description of the parameter>
 *
 * The Chinese argument name (before the first "：") replaces the English one in functions-zh-cn.json, so
 * Excel's argument tooltips in Chinese show 金额, 地区 … instead of amount, region.
 * and this module copies the generated functions.json, swapping in the Chinese descriptions. Function
 * ids and names are not localised (=TT.TECHSUBSIDY works in every language). A function or parameter
 * without its Chinese text, or Chinese text for something that does not exist, stops the build.
 *
 * Used by webpack.config.js (plugin) and runnable alone:
 *   npx tsx scripts/localize-functions.ts dist/addin/functions.json addin/functions/functions.ts dist/addin/functions-zh-cn.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import ts from "typescript";

export interface ChineseDocs {
  description: string;
  params: Record<string, string>;
}

/** "到账金额：技术交易实际到账金额（元）" → name 到账金额, description the whole text after the name. */
export function splitChineseParam(text: string): { name?: string; description: string } {
  const at = text.indexOf("：");
  if (at <= 0 || at > 12) return { description: text };
  return { name: text.slice(0, at), description: text.slice(at + 1) };
}

interface FunctionsMetadata {
  functions: { id: string; name: string; description?: string; parameters: { name: string; description?: string }[] }[];
  [k: string]: unknown;
}

const commentText = (c: string | ts.NodeArray<ts.JSDocComment> | undefined): string =>
  (typeof c === "string" ? c : (c ?? []).map((p) => p.text).join("")).replace(/\s+/g, " ").trim();

/** Chinese docs of every @customfunction in `sourcePath`, keyed by the function id Excel uses. */
export function readChineseDocs(sourcePath: string, sourceText = readFileSync(sourcePath, "utf8")): Map<string, ChineseDocs> {
  const file = ts.createSourceFile(sourcePath, sourceText, ts.ScriptTarget.ES2022, true);
  const docs = new Map<string, ChineseDocs>();
  for (const node of file.statements) {
    if (!ts.isFunctionDeclaration(node) || !node.name) continue;
    const tags = ts.getJSDocTags(node);
    const cf = tags.find((t) => t.tagName.text.toLowerCase() === "customfunction");
    if (!cf) continue;
    const id = (commentText(cf.comment).split(" ")[0] || node.name.text).toLocaleUpperCase();
    const entry: ChineseDocs = { description: "", params: {} };
    for (const t of tags) {
      if (t.tagName.text === "zh") entry.description = commentText(t.comment);
      if (t.tagName.text === "zhparam") {
        const [name, ...rest] = commentText(t.comment).split(" ");
        if (name) entry.params[name] = rest.join(" ");
      }
    }
    docs.set(id, entry);
  }
  return docs;
}

/** functions.json (English, generated) + Chinese docs → functions-zh-cn.json. Throws listing every gap. */
export function localizeMetadata(metadataJson: string, zh: Map<string, ChineseDocs>): string {
  const metadata = JSON.parse(metadataJson) as FunctionsMetadata;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const f of metadata.functions) {
    seen.add(f.id);
    const docs = zh.get(f.id);
    if (!docs || docs.description === "") {
      problems.push(`${f.id}: no @zh description`);
      continue;
    }
    f.description = docs.description;
    const names = new Set(f.parameters.map((p) => p.name));
    for (const p of f.parameters) {
      const text = docs.params[p.name];
      if (!text) {
        problems.push(`${f.id}: no @zhparam for parameter ${p.name}`);
        continue;
      }
      const zhParam = splitChineseParam(text);
      if (!zhParam.name) problems.push(`${f.id}: @zhparam ${p.name} has no Chinese argument name (write "名称：说明")`);
      else p.name = zhParam.name;
      p.description = zhParam.description;
    }
    for (const extra of Object.keys(docs.params).filter((n) => !names.has(n)))
      problems.push(`${f.id}: @zhparam ${extra} names no parameter`);
  }
  for (const id of zh.keys()) if (!seen.has(id)) problems.push(`${id}: has Chinese docs but is not in functions.json`);
  if (problems.length > 0) throw new Error(`zh-CN custom-functions metadata is incomplete:\n  ${problems.join("\n  ")}`);
  return JSON.stringify(metadata, null, 2);
}

if (require.main === module) {
  const [metadataPath, sourcePath, outPath] = process.argv.slice(2);
  if (!metadataPath || !sourcePath || !outPath) {
    console.error("usage: tsx scripts/localize-functions.ts <functions.json> <functions.ts> <functions-zh-cn.json>");
    process.exit(2);
  }
  writeFileSync(outPath, localizeMetadata(readFileSync(metadataPath, "utf8"), readChineseDocs(sourcePath)));
  console.log(`wrote ${outPath}`);
}
