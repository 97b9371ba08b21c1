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
import { ApiError, httpEtag, json } from "./http";
import { ConflictError } from "./repository";
import type { Services } from "./services";
import { actorOf } from "./submission-ops";
import { IndicatorStore, contentOf, indicatorValueId, sameContent, type IndicatorContent, type IndicatorValueDoc } from "./indicator-store";

export const store = (s: Services): IndicatorStore => new IndicatorStore(s.repo.indicators);

/** Enter or change values: provincial staff of that region, or an admin. */
export function assertMayEnter(p: Principal, region: string): void {
  if (p.roles.includes("admin") || (p.roles.includes("province") && p.region === region)) return;
  throw new ApiError(
    403,
    "FORBIDDEN",
    {
      zh: `只有 ${region} 省级管理人员（或管理员）可以录入该省的指标值；您的令牌属于 ${describe(p)}。`,
      en: `Only provincial staff of ${region} (or an admin) may enter its indicator values; your token is for ${describe(p)}.`,
    },
    { path: "region", region, caller: describe(p) },
  );
}

export function assertAdmin(p: Principal, what: { zh: string; en: string }): void {
  if (p.roles.includes("admin")) return;
  throw new ApiError(
    403,
    "FORBIDDEN",
    {
      zh: `只有管理员可以${what.zh}；您的令牌属于 ${describe(p)}。`,
      en: `Only an admin may ${what.en}; your token is for ${describe(p)}.`,
    },
    { caller: describe(p) },
  );
}

export function parseIndicatorInput(body: unknown): IndicatorValueInput {
  const r = indicatorValueInput.safeParse(body);
  if (!r.success) {
    const issues = fieldIssues(r.error);
    throw new ApiError(
      400,
      "VALIDATION_FAILED",
      {
        zh: `指标值有 ${issues.length} 处错误，未保存任何内容。请按 details.issues 中的路径逐项更正后重新提交。`,
        en: `The indicator value has ${issues.length} error(s); nothing was stored. Correct each field listed in details.issues and send it again.`,
      },
      { issues },
    );
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
    throw new ApiError(
      422,
      "METRIC_NOT_ENTERABLE",
      {
        zh: `${region} 的指标 ${input.metric} 在 ${input.year} 年没有数字目标，不能录入指标值。可录入的指标见 GET /api/templates/indicators.xlsx?region=${region}&year=${input.year}。`,
        en: `${region} has no numeric target for metric ${input.metric} in ${input.year}, so no value can be entered. The metrics that take values are listed by GET /api/templates/indicators.xlsx?region=${region}&year=${input.year}.`,
      },
      { path: "metric", region, metric: input.metric, year: input.year },
    );
  }
  const checked = checkIndicatorValue(input.value, t, fromCell);
  if ("issue" in checked) {
    throw new ApiError(
      400,
      "VALIDATION_FAILED",
      { zh: `数值无效，未保存任何内容：${checked.issue.message.zh}`, en: `Invalid value; nothing was stored: ${checked.issue.message.en}` },
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
    throw new ApiError(
      423,
      "YEAR_LOCKED",
      {
        zh: `${region} ${year} 年的指标值已锁定（${last?.at ?? ""}），未作更改。如需修改，请管理员解锁（POST /api/indicator-values/unlock）。`,
        en: `Indicator values of ${region} ${year} are locked (${last?.at ?? ""}); nothing was changed. An admin can reopen the year (POST /api/indicator-values/unlock).`,
      },
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
  new ApiError(
    409,
    sameClient ? "CONTENT_CONFLICT" : "VALUE_EXISTS",
    {
      zh: sameClient
        ? `编号 ${existing.clientId} 的指标值已存在且内容不同，未作更改。修改请用 PUT /api/indicator-values/${existing.id}（带 If-Match 与修改原因）。`
        : `${existing.region} ${existing.year} 年的 ${existing.metric} 已有录入值 ${existing.value}（${existing.updatedBy.subject}，${existing.updatedAt}），未作更改。修改请用 PUT（带 If-Match 与修改原因）。`,
      en: sameClient
        ? `Indicator value ${existing.clientId} already exists with different content; nothing was changed. To change it use PUT /api/indicator-values/${existing.id} with If-Match and a reason.`
        : `${existing.metric} of ${existing.region} ${existing.year} already has the value ${existing.value} (${existing.updatedBy.subject}, ${existing.updatedAt}); nothing was changed. To change it use PUT with If-Match and a reason.`,
    },
    { path: "value", id: existing.id, etag: httpEtag(existing._etag ?? ""), value: existing.value },
  );

export const reasonRequired = () =>
  new ApiError(
    400,
    "REASON_REQUIRED",
    {
      zh: "修改指标值必须填写修改原因（reason），以便审计。",
      en: "Changing an indicator value requires a reason (kept in the audit trail).",
    },
    { path: "reason" },
  );

export const lockBody = z
  .object({
    region: z.enum(["CN-HL", "CN-HE"]),
    year: z.number().int().min(2000).max(2100),
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .strict();
