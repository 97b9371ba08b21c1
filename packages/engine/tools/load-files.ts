/**
 * Reads and checks every policy data file (Node only: used at build time and by the tests, never by
 * the add-in, which imports the compiled module instead). Each file is checked against its zod schema,
 * then the set is checked as a whole: unique ids, effective periods in order and not overlapping, and at
 * most one default target series per (region, metric, year).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
export { PolicyFileError } from "../src/policy/file-schema";
import {
  PolicyFileError,
  parseCategoriesFile,
  parseParameterFile,
  parseTargetFile,
  type CategoriesFile,
  type ParameterFile,
  type TargetFile,
} from "../src/policy/file-schema";
import { targetYears } from "../src/policy/target-years";
import { wordingMismatch } from "../src/targets/bounds";
import { parseDocumentFile, type DocumentFile } from "../src/policy/document-schema";

export interface PolicySet {
  parameters: ParameterFile[];
  targets: TargetFile[];
  /** One per source document: title, number, earliest date it applies from (with the evidence). */
  documents: DocumentFile[];
  /** Per region: the achievement fields (领域) and the yes/no questions of its template (policy/categories). */
  categories: CategoriesFile[];
  /** sha256 of the canonical data, first 12 hex digits: changes whenever any figure, date or reference does. */
  contentHash: string;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return yamlFiles(p);
      return /\.ya?ml$/.test(name) ? [p] : [];
    });
}

function readYaml(file: string, label: string): unknown {
  try {
    return parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new PolicyFileError(label, [{ path: "", message: `not valid YAML: ${(e as Error).message}` }]);
  }
}

function checkPeriods(label: string, values: { from: string; until?: string | null }[]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v.until && v.until < v.from) {
      throw new PolicyFileError(label, [{ path: `values.${i}.until`, message: `until ${v.until} is before from ${v.from}` }]);
    }
    const next = values[i + 1];
    if (next && next.from <= v.from) {
      throw new PolicyFileError(label, [{ path: `values.${i + 1}.from`, message: "values must be in date order, one per period" }]);
    }
    if (next && v.until && v.until >= next.from) {
      throw new PolicyFileError(label, [{ path: `values.${i}.until`, message: `overlaps the next period from ${next.from}` }]);
    }
  }
}

/** Load and check all files under `policyDir` (shared/policy). Labels in errors are relative to `labelRoot`. */
export function loadPolicyDirectory(policyDir: string, labelRoot = policyDir): PolicySet {
  const ids = new Map<string, string>();
  const claim = (id: string, label: string) => {
    const other = ids.get(id);
    if (other) throw new PolicyFileError(label, [{ path: "id", message: `duplicate id ${id} (also in ${other})` }]);
    ids.set(id, label);
  };

  const parameters = yamlFiles(join(policyDir, "parameters")).map((file) => {
    const label = relative(labelRoot, file);
    const p = parseParameterFile(label, readYaml(file, label));
    claim(p.id, label);
    checkPeriods(label, p.values);
    return p;
  });

  const defaults = new Map<string, string>();
  const targets = yamlFiles(join(policyDir, "targets")).map((file) => {
    const label = relative(labelRoot, file);
    const t = parseTargetFile(label, readYaml(file, label));
    claim(t.id, label);
    if (t.default) {
      for (const year of targetYears(t)) {
        const key = `${t.region}|${t.metric}|${year}`;
        const other = defaults.get(key);
        if (other) {
          throw new PolicyFileError(label, [
            { path: "default", message: `${t.region} ${t.metric} ${year} already has a default series in ${other}` },
          ]);
        }
        defaults.set(key, label);
      }
    }
    checkTargetWording(label, t);
    return t;
  });
  const categories = yamlFiles(join(policyDir, "categories")).map((file) => {
    const label = relative(labelRoot, file);
    const c = parseCategoriesFile(label, readYaml(file, label));
    for (const [path, items] of [
      ["sectors.items", c.sectors.items],
      ["flags", c.flags],
    ] as const) {
      const ids = items.map((i) => i.id);
      const twice = ids.find((id, i) => ids.indexOf(id) !== i);
      if (twice) throw new PolicyFileError(label, [{ path, message: `duplicate id ${twice}` }]);
    }
    return c;
  });
  for (const region of ["CN-HL", "CN-HE"] as const) {
    const files = categories.filter((c) => c.region === region);
    if (files.length !== 1)
      throw new PolicyFileError("categories", [
        { path: "region", message: `${region} needs exactly one categories file (has ${files.length})` },
      ]);
  }
  checkSchedulesAndMeasures(targets, categories);

  const documents = yamlFiles(join(policyDir, "documents")).map((file) => {
    const label = relative(labelRoot, file);
    return parseDocumentFile(label, readYaml(file, label));
  });
  checkDocuments(documents, parameters, targets);

  const contentHash = createHash("sha256")
    .update(JSON.stringify({ parameters, targets, documents, categories }))
    .digest("hex")
    .slice(0, 12);
  return { parameters, targets, documents, categories, contentHash };
}

/**
 * Every cited document has exactly one document file with the same title and number, and no parameter
 * value starts before the document can apply (its `effectiveFrom`).
 */
function checkDocuments(documents: DocumentFile[], parameters: ParameterFile[], targets: TargetFile[]): void {
  const bySeed = new Map<string, DocumentFile>();
  for (const d of documents) {
    if (bySeed.has(d.seed))
      throw new PolicyFileError(`documents/${d.seed}`, [{ path: "seed", message: "two document files for one seed" }]);
    bySeed.set(d.seed, d);
  }
  for (const item of [...parameters, ...targets]) {
    const d = bySeed.get(item.reference.seed);
    if (!d)
      throw new PolicyFileError(item.id, [
        { path: "reference.seed", message: `no document file for ${item.reference.seed} in packages/engine/policy/documents` },
      ]);
    if (d.title !== item.reference.title || d.number !== item.reference.number) {
      throw new PolicyFileError(item.id, [
        { path: "reference.title", message: `title/number differ from the document file (${d.title} ${d.number ?? ""})` },
      ]);
    }
  }
  for (const p of parameters) {
    const d = bySeed.get(p.reference.seed)!;
    if (p.values[0]!.from < d.effectiveFrom) {
      throw new PolicyFileError(p.id, [
        { path: "values.0.from", message: `${p.values[0]!.from} is before the document can apply (${d.effectiveFrom})` },
      ]);
    }
  }
}

/** The bound agrees with its word (bounds.ts), the phrase is in the quote, a per-year override is complete. */
function checkTargetWording(label: string, t: TargetFile): void {
  const bad = wordingMismatch(t.bound, t.wording);
  if (bad) throw new PolicyFileError(label, [{ path: "wording.word", message: bad }]);
  if (!t.reference.quote.includes(t.wording.phrase)) {
    throw new PolicyFileError(label, [{ path: "wording.phrase", message: `"${t.wording.phrase}" is not in reference.quote` }]);
  }
  t.values.forEach((v, i) => {
    if (!("year" in v) || !("value" in v)) return;
    if ((v.bound === undefined) !== (v.wording === undefined)) {
      throw new PolicyFileError(label, [
        { path: `values.${i}`, message: "a year with its own bound needs its own wording (and the other way round)" },
      ]);
    }
    if (v.bound && v.wording) {
      const mismatch = wordingMismatch(v.bound, v.wording);
      if (mismatch) throw new PolicyFileError(label, [{ path: `values.${i}.wording.word`, message: mismatch }]);
    }
  });
}

/**
 * A schedule is an annual series of the same region and document whose years cover the cumulative period;
 * a measure names sectors and a flag of its own region (policy/categories), never both, and every series of one (region, metric) that declares a measure declares the same.
 */
function checkSchedulesAndMeasures(targets: readonly TargetFile[], categories: readonly CategoriesFile[]): void {
  const byId = new Map(targets.map((t) => [t.id, t] as const));
  const measures = new Map<string, { id: string; text: string }>();
  for (const t of targets) {
    if (t.schedule) {
      const s = byId.get(t.schedule);
      const problem = !s
        ? `no series ${t.schedule}`
        : t.kind !== "cumulative"
          ? "only a cumulative series has a schedule"
          : s.kind !== "annual" || s.region !== t.region || s.reference.seed !== t.reference.seed
            ? `${t.schedule} must be an annual series of the same region and document`
            : t.values.some(
                  (v) =>
                    "to" in v && Array.from({ length: v.to - v.from + 1 }, (_, k) => v.from + k).some((y) => !targetYears(s).includes(y)),
                )
              ? `${t.schedule} does not state every year of the period`
              : null;
      if (problem) throw new PolicyFileError(t.id, [{ path: "schedule", message: problem }]);
    }
    if (t.measure) {
      const own = categories.find((c) => c.region === t.region);
      const unknown = (t.measure.sectors ?? []).filter((x) => !own?.sectors.items.some((i) => i.id === x));
      if (unknown.length)
        throw new PolicyFileError(t.id, [{ path: "measure.sectors", message: `unknown sector(s) of ${t.region}: ${unknown.join(", ")}` }]);
      if (t.measure.flag !== undefined && !own?.flags.some((f) => f.id === t.measure!.flag))
        throw new PolicyFileError(t.id, [{ path: "measure.flag", message: `${t.measure.flag} is not a flag of ${t.region}` }]);
      if (t.measure.flag !== undefined && (t.measure.sectors || t.measure.records !== "achievements"))
        throw new PolicyFileError(t.id, [{ path: "measure.flag", message: "a flag counts achievements, and not together with sectors" }]);
      const key = `${t.region}|${t.metric}`;
      const text = JSON.stringify({ ...t.measure, source: undefined, preferReading: undefined });
      const other = measures.get(key);
      if (other && other.text !== text) {
        throw new PolicyFileError(t.id, [
          { path: "measure", message: `differs from the measure of ${other.id} (one metric is measured one way)` },
        ]);
      }
      measures.set(key, { id: t.id, text });
    }
  }
}
