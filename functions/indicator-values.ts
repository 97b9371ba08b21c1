/**
 * Indicator values entered by provincial staff (lib/indicator-ops.ts, lib/indicator-store.ts):
 *   POST /api/indicator-values                 201 new; 200 replay (same clientId + content); 409; 423 locked
 *   PUT  /api/indicator-values/{id}            If-Match (428 without, 412 stale), reason required; 423 locked
 *   GET  /api/indicator-values?region=&year=   the values of a region and year (province of the region, admin)
 *   GET  /api/indicator-values/{id}/audit      every change: who, when, old → new, why
 *   POST /api/indicator-values/lock            lock a region+year (province of the region, admin)
 *   POST /api/indicator-values/unlock          reopen it (admin only, reason required)
 */
import { assertMayReadRegion } from "./lib/auth";
import { apiError, endpoint, etagMatches, json, readJsonBody } from "./lib/http";
import { PreconditionFailedError } from "./lib/repository";
import { parseWith } from "./lib/submission-ops";
import { actorOf } from "./lib/submission-ops";
import {
  assertAdmin,
  assertMayEnter,
  assertUnlocked,
  changedDoc,
  createValue,
  etagHeaders,
  lockBody,
  parseIndicatorInput,
  prepare,
  publicValue,
  reasonRequired,
  store,
} from "./lib/indicator-ops";
import { region as regionSchema, year as yearSchema } from "@tt/contract";

export const indicatorValuesPost = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const input = parseIndicatorInput(await readJsonBody(req));
  assertMayEnter(caller, input.region);
  const p = prepare(input);
  await assertUnlocked(s, p.region, input.year);
  return createValue(s, caller, p);
});

export const indicatorValuePut = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const id = req.params.id ?? "";
  const ifMatch = req.headers.get("if-match");
  if (!ifMatch) {
    throw apiError("PRECONDITION_REQUIRED", { thing: "indicatorValue" });
  }
  const input = parseIndicatorInput(await readJsonBody(req));
  assertMayEnter(caller, input.region);
  const p = prepare(input);
  if (p.id !== id) {
    throw apiError("KEY_FIELDS_IMMUTABLE", { id }, { path: "metric", id, bodyId: p.id });
  }
  if (!input.reason) throw reasonRequired();
  const st = store(s);
  const current = await st.read(p.region, id);
  if (!current) throw notFound(id);
  await assertUnlocked(s, current.region, current.year);
  if (!etagMatches(ifMatch, current._etag!)) throw stale(id);
  try {
    const stored = await st.replace(current, changedDoc(current, p, caller, input.reason, "api"), current._etag!);
    return json(200, publicValue(stored), etagHeaders(stored));
  } catch (e) {
    if (e instanceof PreconditionFailedError) throw stale(id);
    throw e;
  }
});

export const indicatorValuesList = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const region = regionSchema.safeParse(req.query.get("region"));
  const year = yearSchema.safeParse(Number(req.query.get("year")));
  if (!region.success || !year.success) {
    throw apiError(
      "INVALID_QUERY",
      { expected: "regionYear" },
      {
        issues: [
          ...(region.success
            ? []
            : [
                { path: "region", code: "NOT_IN_LIST", message: { zh: "region 应为 CN-HL 或 CN-HE", en: "region must be CN-HL or CN-HE" } },
              ]),
          ...(year.success
            ? []
            : [
                {
                  path: "year",
                  code: "INVALID_YEAR",
                  message: { zh: "year 应为 2000–2100 的整数", en: "year must be a whole number 2000–2100" },
                },
              ]),
        ],
      },
    );
  }
  assertMayReadRegion(caller, region.data);
  const st = store(s);
  const [values, lock] = await Promise.all([st.list(region.data, year.data, year.data), st.readLock(region.data, year.data)]);
  return json(200, { region: region.data, year: year.data, locked: lock?.locked ?? false, values: values.map(publicValue) });
});

export const indicatorValueAuditGet = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const id = req.params.id ?? "";
  const st = store(s);
  const doc = await st.find(id);
  if (!doc) throw notFound(id);
  assertMayReadRegion(caller, doc.region);
  return json(200, { id, region: doc.region, metric: doc.metric, year: doc.year, entries: await st.audit(doc) });
});

const lockWhat = { zh: "锁定或解锁指标值", en: "lock or unlock indicator values" };

export const indicatorValuesLock = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const body = parseWith(lockBody, await readJsonBody(req), { body: "lock" });
  assertMayEnter(caller, body.region);
  const lock = await store(s).setLock(body.region, body.year, true, {
    action: "lock",
    by: actorOf(caller),
    at: new Date().toISOString(),
    ...(body.reason ? { reason: body.reason } : {}),
  });
  return json(200, lock);
});

export const indicatorValuesUnlock = endpoint(async (req, _ctx, s) => {
  const caller = await s.auth.authenticate(req);
  const body = parseWith(lockBody, await readJsonBody(req), { body: "unlock" });
  assertAdmin(caller, lockWhat);
  if (!body.reason) {
    throw apiError("REASON_REQUIRED", { action: "unlock" }, { path: "reason" });
  }
  const lock = await store(s).setLock(body.region, body.year, false, {
    action: "unlock",
    by: actorOf(caller),
    at: new Date().toISOString(),
    reason: body.reason,
  });
  return json(200, lock);
});

const notFound = (id: string) => apiError("NOT_FOUND", { thing: "indicatorValue", id }, { id });

const stale = (id: string) => apiError("PRECONDITION_FAILED", { thing: "indicatorValue", id }, { id });
