/**
 * Looks up a policy parameter's value in force on a date. Dates select values: there is no
 * `if (year === ...)` anywhere in the rules.
 */
import { PolicyError } from "../errors";
import { PARAMETERS } from "../generated/policy-data";
import type { Bilingual, ParameterFile, Reference } from "./file-schema";
import type { IsoDate } from "../dates";
import type { ParameterId } from "../generated/ids";
import { citationOf, documentName, documentOf } from "./citation";

type ValueEntry = ParameterFile["values"][number];

/** One parameter as a rule used it: the value in force, its period, and where it comes from. */
export interface ParameterUse {
  id: string;
  description: Bilingual;
  unit: ParameterFile["unit"];
  /** A scalar ("0.25"), a range ({min, max}) or a marginal scale (brackets). */
  value: string | { min: string; max: string } | { threshold: string; rate: string }[];
  from: IsoDate;
  until: IsoDate | null;
  reference: Reference;
  reading?: Bilingual;
}

const byId = new Map(PARAMETERS.map((p) => [p.id, p]));

export const allParameters = (): readonly ParameterFile[] => PARAMETERS;

/**
 * "黑政发〔2017〕16号第二部分第（四）项" / "《河北省重大科技成果转化行动实施方案》第9条" — the short citation in
 * words shown in traces and in Excel (the full one, with the effective date, is `citationOf`).
 */
export function clauseOf(r: Pick<Reference, "seed" | "section">): string {
  return citationOf(r).short;
}

export function parameterAt(id: ParameterId, date: IsoDate): ParameterUse {
  const p = byId.get(id);
  if (!p) throw new PolicyError("UNKNOWN_PARAMETER", { received: id });
  const doc = documentOf(p.reference.seed);
  if (date < doc.effectiveFrom) {
    throw new PolicyError("DATE_BEFORE_POLICY", {
      date,
      document: documentName(doc),
      from: doc.effectiveFrom,
      description: p.description.zh,
      descriptionEn: p.description.en,
    });
  }
  const entry = [...p.values].reverse().find((v) => v.from <= date && (!v.until || date <= v.until));
  if (!entry) {
    const first = p.values[0]!;
    if (date < first.from) {
      throw new PolicyError("DATE_BEFORE_POLICY", {
        date,
        document: documentName(doc),
        from: first.from,
        description: p.description.zh,
        descriptionEn: p.description.en,
      });
    }
    const last = p.values[p.values.length - 1]!;
    throw new PolicyError("POLICY_REPEALED", {
      date,
      document: documentName(doc),
      description: p.description.zh,
      descriptionEn: p.description.en,
      from: last.until ?? last.from,
    });
  }
  if ("value" in entry && entry.value === null) {
    throw new PolicyError("POLICY_REPEALED", {
      date,
      document: documentName(doc),
      description: p.description.zh,
      descriptionEn: p.description.en,
      from: entry.from,
    });
  }
  return {
    id: p.id,
    description: p.description,
    unit: p.unit,
    value: valueOf(entry),
    from: entry.from,
    until: entry.until ?? null,
    reference: p.reference,
    ...(p.reading ? { reading: p.reading } : {}),
  };
}

function valueOf(entry: ValueEntry): ParameterUse["value"] {
  if ("brackets" in entry) return entry.brackets.map((b) => ({ threshold: b.threshold, rate: b.rate }));
  if ("min" in entry) return { min: entry.min, max: entry.max };
  return entry.value as string;
}
