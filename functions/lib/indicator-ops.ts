/**
 * Indicator values: who may enter them, validation, and the one write path behind POST/PUT
 * /api/indicator-values and the workbook import. Province staff of the region or an admin write; a locked
 * region+year refuses every write (423) until an admin reopens it. Errors that concern one field name it in
 * `details.path` (the workbook path places them on a cell).
 */
import type { HttpResponseInit } from "@azure/functions";
import { z } from "zod";
import type { RegionCode } from "@tt/engine";
import { fieldIssues } from "@tt/contract";
import { acceptsIndicator, checkIndicatorValue, indicatorValueInput, periodOf, type IndicatorValueInput } from "@tt/contract";
import type { Principal } from "./auth";
import { describe } from "./auth";
import { apiError, httpEtag, json } from "./http";
import { ConflictError } from "./repository";
import type { Services } from "./services";
import { actorOf } from "./submission-ops";
import { IndicatorStore, contentOf, indicatorValueId, sameContent, type IndicatorContent, type IndicatorValueDoc } from "./indicator-store";

export const store = (s: Services): IndicatorStore => new IndicatorStore(s.repo.indicators);

/** Enter or change values: provincial staff of that region, or an admin. */
export function assertMayEnter(p: Principal, region: string): void {
  if (p.roles.includes("admin") || (p.roles.includes("province") && p.region === region)) return;
  throw apiError("FORBIDDEN", { rule: "enterIndicators", region, caller: describe(p) }, { path: "region", region, caller: describe(p) });
}

export function assertAdmin(p: Principal, what: { zh: string; en: string }): void {
  if (p.roles.includes("admin")) return;
  throw apiError("FORBIDDEN", { rule: "admin", what, caller: describe(p) }, { caller: describe(p) });
}

export function parseIndicatorInput(body: unknown): IndicatorValueInput {
  const r = indicatorValueInput.safeParse(body);
  if (!r.success) {
    const issues = fieldIssues(r.error);
    throw apiError("VALIDATION_FAILED", { what: "indicatorValue", count: issues.length }, { issues });
  }
  return r.data;
}

export interface Prepared {
  input: IndicatorValueInput;
  id: string;
  region: RegionCode;
  period: string;
  unit: string;
  content: IndicatorContent;
}

/** Metric known and numeric in that year, value valid for its unit and kind. `fromCell`: a workbook number. */
export function prepare(input: IndicatorValueInput, fromCell = false): Prepared {
  const region = input.region as RegionCode;
  const t = acceptsIndicator(region, input.metric, input.year);
  if (!t) {
    throw apiError(
      "METRIC_NOT_ENTERABLE",
      { region, metric: input.metric, year: input.year },
      { path: "metric", region, metric: input.metric, year: input.year },
    );
  }
  const checked = checkIndicatorValue(input.value, t, fromCell);
  if ("issue" in checked) {
    throw apiError(
      "VALIDATION_FAILED",
      { what: "indicatorNumber", issue: checked.issue.message },
      {
        path: "value",
        issues: [checked.issue],
        unit: t.unit,
        kind: t.kind,
      },
    );
  }
  const content = contentOf({
    value: checked.value,
    source: input.source,
    ...(input.note ? { note: input.note } : {}),
    ...(input.city ? { city: input.city } : {}),
  });
  return {
    input,
    id: indicatorValueId(input.metric, input.year, input.city),
    region,
    period: periodOf(t, input.year),
    unit: t.unit,
    content,
  };
}

export async function assertUnlocked(s: Services, region: string, year: number): Promise<void> {
  const lock = await store(s).readLock(region, year);
  if (lock?.locked) {
    const last = lock.history[lock.history.length - 1];
    throw apiError(
      "YEAR_LOCKED",
      { region, year, at: last?.at ?? "" },
      { path: "year", region, year, lockedBy: last?.by.subject, lockedAt: last?.at },
    );
  }
}

export const etagHeaders = (d: IndicatorValueDoc) => ({ ETag: httpEtag(d._etag ?? "") });
export const publicValue = (d: IndicatorValueDoc) => {
  const { lastAudit, _etag, ...rest } = d;
  return { ...rest, etag: httpEtag(_etag ?? "") };
};

export function newDoc(p: Prepared, caller: Principal, via: "api" | "xlsx", now = new Date().toISOString()): IndicatorValueDoc {
  const by = actorOf(caller);
  return {
    id: p.id,
    docType: "indicator-value",
    region: p.region,
    metric: p.input.metric,
    year: p.input.year,
    period: p.period,
    unit: p.unit,
    ...p.content,
    clientId: p.input.clientId,
    version: 1,
    createdBy: by,
    createdAt: now,
    updatedBy: by,
    updatedAt: now,
    lastAudit: {
      id: `${p.id}:v1`,
      docType: "indicator-audit",
      region: p.region,
      valueId: p.id,
      metric: p.input.metric,
      year: p.input.year,
      version: 1,
      action: "create",
      by,
      at: now,
      old: null,
      new: p.content,
      via,
    },
  };
}

export function changedDoc(
  current: IndicatorValueDoc,
  p: Prepared,
  caller: Principal,
  reason: string,
  via: "api" | "xlsx",
  now = new Date().toISOString(),
): IndicatorValueDoc {
  const by = actorOf(caller);
  const version = current.version + 1;
  const { note: _n, city: _c, ...kept } = current;
  return {
    ...kept,
    ...p.content,
    period: p.period,
    version,
    updatedBy: by,
    updatedAt: now,
    lastAudit: {
      id: `${current.id}:v${version}`,
      docType: "indicator-audit",
      region: current.region,
      valueId: current.id,
      metric: current.metric,
      year: current.year,
      version,
      action: "update",
      by,
      at: now,
      old: contentOf(current),
      new: p.content,
      reason,
      via,
    },
  };
}

/** POST: 201 new; 200 same clientId and content (the stored value); 409 same clientId other content, or a value already there. */
export async function createValue(s: Services, caller: Principal, p: Prepared): Promise<HttpResponseInit> {
  const st = store(s);
  const existing = await st.read(p.region, p.id);
  if (existing) return replay(s, existing, p);
  try {
    const stored = await st.create(newDoc(p, caller, "api"));
    return json(201, publicValue(stored), { ...etagHeaders(stored), Location: `/api/indicator-values/${encodeURIComponent(stored.id)}` });
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    const winner = await st.read(p.region, p.id);
    if (!winner) throw e;
    return replay(s, winner, p);
  }
}

async function replay(s: Services, existing: IndicatorValueDoc, p: Prepared): Promise<HttpResponseInit> {
  if (existing.clientId === p.input.clientId && sameContent(existing, p.content)) {
    await store(s).project(existing);
    return json(200, publicValue(existing), etagHeaders(existing));
  }
  throw valueExists(existing, existing.clientId === p.input.clientId);
}

export const valueExists = (existing: IndicatorValueDoc, sameClient: boolean) =>
  sameClient
    ? apiError("CONTENT_CONFLICT", { clientId: existing.clientId, id: existing.id }, valueExistsDetails(existing))
    : apiError(
        "VALUE_EXISTS",
        {
          region: existing.region,
          year: existing.year,
          metric: existing.metric,
          value: existing.value,
          by: existing.updatedBy.subject,
          at: existing.updatedAt,
        },
        valueExistsDetails(existing),
      );
const valueExistsDetails = (existing: IndicatorValueDoc) => ({
  path: "value",
  id: existing.id,
  etag: httpEtag(existing._etag ?? ""),
  value: existing.value,
});

export const reasonRequired = () => apiError("REASON_REQUIRED", { action: "changeIndicator" }, { path: "reason" });

export const lockBody = z
  .object({
    region: z.enum(["CN-HL", "CN-HE"]),
    year: z.number().int().min(2000).max(2100),
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .strict();
