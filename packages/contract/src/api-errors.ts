/**
 * The API's error catalogue, in ONE place: every error code the cloud API (functions/) answers with, its one
 * HTTP status, and its message in Chinese and English as a template over typed parameters. The API builds
 * every error from here (functions/lib/http.ts `apiError`); the task pane, the custom functions and the web
 * page import the codes and types from here (no zod, no Node: safe in every bundle).
 *
 * Messages say what was expected, what arrived and what to do. A code has exactly one status
 * (tests/architecture/api-errors.test.ts checks it, and that functions/ raises no code missing here).
 *
 * Engine errors keep their own catalogue (packages/engine/src/errors.ts, answered as 400/404 by kind), and
 * the submission lifecycle (packages/engine/src/lifecycle/transition.ts) writes its refusals' messages
 * itself: those codes are listed here with their status (`lifecycle: true`), their message passed through.
 *
 * UNKNOWN_INSTITUTE vs INSTITUTE_NOT_FOUND (the review found one code answering 404 in one endpoint and 422
 * in another). They are different failures, so they are different codes:
 * - a request that TARGETS an institute by its URI (GET /api/institutes/{id}, GET /api/templates/
 *   institute.xlsx?instituteId=…: RFC 3986 makes the query part of the resource's identifier) asks for a
 *   resource that does not exist → 404 INSTITUTE_NOT_FOUND;
 * - a well-formed request BODY (a submission, JSON or workbook) that names an institute not in the register
 *   is understood but cannot be processed → 422 UNKNOWN_INSTITUTE (RFC 9110 §15.5.21), like REGION_MISMATCH.
 */
import type { Bilingual } from "@tt/engine";

interface Entry<P> {
  status: number;
  message: (p: P) => Bilingual;
  /** The message is written by the engine's submission lifecycle and passed through unchanged. */
  lifecycle?: true;
}

const def = <P = Record<string, never>>(status: number, message: (p: P) => Bilingual): Entry<P> => ({ status, message });
/** A message without parameters. */
const fixed = (status: number, message: () => Bilingual): Entry<Record<string, never>> => ({ status, message });
/** A lifecycle refusal: status here, message from packages/engine/src/lifecycle/transition.ts. */
const lifecycle = (status: number): Entry<{ message: Bilingual }> => ({ status, message: (p) => p.message, lifecycle: true });

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The small JSON bodies checked by one schema each (VALIDATION_FAILED says what the body must be). */
export type RequestBody = "approve" | "return" | "lock" | "unlock" | "progressBatch";
const REQUEST_BODIES: Record<RequestBody, (maxPairs: number) => Bilingual> = {
  approve: () => ({ zh: "审核请求体无效。", en: "The approval body is invalid." }),
  return: () => ({
    zh: '退回必须说明原因：请求体应为 {"reason": "…"}。',
    en: 'Returning requires a reason: the body must be {"reason": "…"}.',
  }),
  lock: () => ({ zh: "锁定请求无效。", en: "Invalid lock request." }),
  unlock: () => ({ zh: "解锁请求无效。", en: "Invalid unlock request." }),
  progressBatch: (maxPairs) => ({
    zh: `请求体应为 {"requests": [{"region": "CN-HL", "year": 2024}, …]}，1 至 ${maxPairs} 组。`,
    en: `The body must be {"requests": [{"region": "CN-HL", "year": 2024}, …]} with 1 to ${maxPairs} pairs.`,
  }),
};
const withFix = (m: Bilingual): Bilingual => ({
  zh: `${m.zh}未作任何更改；请按 details.issues 中的路径更正后重试。`,
  en: `${m.en} Nothing was changed; correct the fields listed in details.issues and retry.`,
});

/** Who may do what (403 FORBIDDEN): one message per rule. */
export type ForbiddenRule = "submit" | "read" | "readRegion" | "review" | "enterIndicators" | "admin";

export const API_ERRORS = {
  // ── the request itself ───────────────────────────────────────────────────────────────────────────────
  BODY_REQUIRED: def<{ expected: "json" | "xlsx" }>(400, ({ expected }) =>
    expected === "xlsx"
      ? { zh: "请求体为空，应为 .xlsx 文件。", en: "The request body is empty; an .xlsx file is expected." }
      : { zh: "请求体为空，应为 JSON 对象。", en: "The request body is empty; a JSON object is expected." },
  ),
  INVALID_JSON: fixed(400, () => ({
    zh: "请求体不是有效的 JSON。请检查引号、逗号和括号。",
    en: "The request body is not valid JSON. Check quotes, commas and brackets.",
  })),
  REQUEST_TOO_LARGE: def<{ bytes?: number; limitBytes: number }>(413, ({ bytes, limitBytes }) =>
    bytes === undefined
      ? {
          zh: `请求体超过 ${limitBytes / 1024 / 1024} MB，未保存任何内容。请按报告期或减半行数拆分后分别报送。`,
          en: `The request body exceeds ${limitBytes / 1024 / 1024} MB; nothing was stored. Split it by period or into halves of the rows.`,
        }
      : {
          zh: `请求体 ${mb(bytes)} MB，超过上限 ${limitBytes / 1024 / 1024} MB，未保存任何内容。请按报告期（H1/H2 或 Q1–Q4）分开报送，或将行数减半后分多次报送，每次使用新的 submissionId。`,
          en: `The request body is ${mb(bytes)} MB, above the ${limitBytes / 1024 / 1024} MB limit; nothing was stored. Split it by period (H1/H2 or Q1–Q4) or into halves of the rows, each sent with its own submissionId.`,
        },
  ),
  UNSUPPORTED_MEDIA_TYPE: def<{ expected: "json" | "xlsx"; received: string; xlsxType?: string }>(
    415,
    ({ expected, received, xlsxType }) =>
      expected === "xlsx"
        ? {
            zh: `请求体应为 .xlsx 文件本身（Content-Type: ${xlsxType}），收到 ${received}。JSON 报送请用 POST /api/submissions；不要用表单（multipart）上传。`,
            en: `The body must be the .xlsx file itself (Content-Type: ${xlsxType}); received ${received}. Send JSON to POST /api/submissions; do not use a multipart form.`,
          }
        : {
            zh: `请求体应为 JSON（Content-Type: application/json），收到 ${received || "（无 Content-Type）"}，未作任何处理。请加上 Content-Type: application/json 请求头。`,
            en: `The body must be JSON (Content-Type: application/json); received ${received || "(no Content-Type)"}; nothing was done. Add the header Content-Type: application/json.`,
          },
  ),
  INVALID_QUERY: def<{ field: string; received: string; expected: string } | { count: number } | { expected: "regionYear" }>(400, (p) =>
    "field" in p
      ? {
          zh: `查询参数 ${p.field} 无效：收到“${p.received}”，应为 ${p.expected}。请更正后重试。`,
          en: `Query parameter ${p.field} is invalid: received "${p.received}", expected ${p.expected}. Correct it and retry.`,
        }
      : "count" in p
        ? {
            zh: `查询参数无效（${p.count} 处），见 details.issues 中每个参数应有的值。请更正后重试。`,
            en: `Invalid query parameters (${p.count}); details.issues says what each one must be. Correct them and retry.`,
          }
        : {
            zh: "查询参数无效：region 应为 CN-HL 或 CN-HE，year 应为 2000–2100 的整数。",
            en: "Invalid query: region must be CN-HL or CN-HE, year a whole number 2000–2100.",
          },
  ),
  /** One (region, year) pair of POST /api/progress/batch: answered inside its result; 400 as a request. */
  INVALID_PAIR: def<{ region: unknown; year: unknown }>(400, ({ region, year }) => ({
    zh: `region 应为 CN-HL 或 CN-HE，year 应为 2000–2100 的整数；收到 ${JSON.stringify(region)}、${JSON.stringify(year)}。`,
    en: `region must be CN-HL or CN-HE and year a whole number 2000–2100; received ${JSON.stringify(region)}, ${JSON.stringify(year)}.`,
  })),
  REGION_REQUIRED: fixed(400, () => ({
    zh: "请选择地区（region=CN-HL 或 CN-HE）。管理员没有默认地区。",
    en: "Choose a region (region=CN-HL or CN-HE). Admins have no default region.",
  })),
  INVALID_CONTINUATION: fixed(400, () => ({
    zh: "continuation 参数无效：请原样使用上一页返回的 continuation，或去掉该参数从第一页开始。",
    en: "The continuation parameter is invalid: pass the continuation of the previous page unchanged, or omit it to start at the first page.",
  })),
  VALIDATION_FAILED: def<
    | { what: "submission" | "indicatorValue"; count: number }
    | { what: "indicatorNumber"; issue: Bilingual }
    | { what: "body"; body: RequestBody; maxPairs?: number }
  >(400, (p) =>
    "count" in p && p.what === "submission"
      ? {
          zh: `报送有 ${p.count} 处错误，未保存任何内容。请按 details.issues 中的路径逐项更正后重新提交。`,
          en: `The submission has ${p.count} error(s); nothing was stored. Correct each field listed in details.issues (by path) and send it again.`,
        }
      : "count" in p
        ? {
            zh: `指标值有 ${p.count} 处错误，未保存任何内容。请按 details.issues 中的路径逐项更正后重新提交。`,
            en: `The indicator value has ${p.count} error(s); nothing was stored. Correct each field listed in details.issues and send it again.`,
          }
        : p.what === "indicatorNumber"
          ? { zh: `数值无效，未保存任何内容：${p.issue.zh}`, en: `Invalid value; nothing was stored: ${p.issue.en}` }
          : withFix(REQUEST_BODIES[p.body](p.maxPairs ?? 0)),
  ),
  ID_MISMATCH: def<{ pathId: string; bodyId: string }>(400, ({ pathId, bodyId }) => ({
    zh: `路径中的编号 ${pathId} 与请求体中的 submissionId ${bodyId} 不一致。请使两者相同后重试。`,
    en: `The id in the path (${pathId}) differs from the body's submissionId (${bodyId}). Make them equal and retry.`,
  })),
  INVALID_INSTITUTE_ID: def<{ received: string }>(400, ({ received }) => ({
    zh: `机构编号无效：“${received}”，应为名录中的编号，如 HLJ-001。`,
    en: `Invalid institute id "${received}"; expected a register id such as HLJ-001.`,
  })),
  REASON_REQUIRED: def<{ action: "changeIndicator" | "unlock" } | { message: Bilingual }>(400, (p) =>
    "message" in p
      ? p.message
      : p.action === "unlock"
        ? { zh: "解锁必须填写原因（reason），以便审计。", en: "Reopening a locked year requires a reason (kept in its history)." }
        : {
            zh: "修改指标值必须填写修改原因（reason），以便审计。",
            en: "Changing an indicator value requires a reason (kept in the audit trail).",
          },
  ),

  // ── workbooks ────────────────────────────────────────────────────────────────────────────────────────
  WORKBOOK_INVALID: def<{ count: number; rows?: number } | { stamp: true }>(400, (p) =>
    "stamp" in p
      ? {
          zh: "工作簿的已报送版本无效，未保存任何内容。请重新下载该报送的工作簿，或使用新模板。",
          en: "The workbook's stored-version stamp is invalid; nothing was stored. Download the submission's workbook again, or use a new template.",
        }
      : p.rows === undefined
        ? {
            zh: `工作簿有 ${p.count} 处问题，未保存任何内容。请按 details.issues 中的单元格逐项更正后重新上传。`,
            en: `The workbook has ${p.count} problem(s); nothing was stored. Correct each cell listed in details.issues and upload it again.`,
          }
        : {
            zh: `工作簿有 ${p.count} 处问题（${p.rows} 行需要处理），未保存任何内容。请按 details.issues 中的工作表和单元格逐项更正后重新上传。`,
            en: `The workbook has ${p.count} problem(s) on ${p.rows} row(s); nothing was stored. Correct each cell listed in details.issues (sheet and cell) and upload it again.`,
          },
  ),
  /** The workbook reader's own bound (packages/workbook/src/node/limits.ts) says what and how much. */
  WORKBOOK_LIMIT_EXCEEDED: def<{ message: Bilingual }>(413, (p) => p.message),
  /** The reader threads (packages/workbook/src/node/read-pool.ts) write these two messages: they know the limits. */
  WORKBOOK_TOO_COMPLEX: def<{ message: Bilingual }>(413, (p) => p.message),
  WORKBOOK_READER_BUSY: def<{ message: Bilingual }>(503, (p) => p.message),
  WORKBOOK_TOO_LARGE: def<{ bytes: number; limitBytes: number }>(413, ({ bytes, limitBytes }) => ({
    zh: `工作簿 ${mb(bytes)} MB，超过上限 ${limitBytes / 1024 / 1024} MB，未保存任何内容。请删除多余的工作表、图片和空行，或按报告期（H1/H2 或 Q1–Q4）分开报送，每份使用新下载的模板。`,
    en: `The workbook is ${mb(bytes)} MB, above the ${limitBytes / 1024 / 1024} MB limit; nothing was stored. Remove extra sheets, pictures and empty rows, or split it by period (H1/H2 or Q1–Q4), each in a freshly downloaded template.`,
  })),
  SUBMISSION_TOO_LARGE: def<{ bytes: number; limitBytes: number; parts: number; perPart: { achievements: number; contracts: number } }>(
    413,
    ({ bytes, limitBytes, parts, perPart }) => ({
      zh: `该报送保存后为 ${(bytes / 1e6).toFixed(2)} MB，超过单份上限 ${(limitBytes / 1e6).toFixed(1)} MB，未保存任何内容（不会截断）。请拆分后分别报送，每份使用新的 submissionId：按报告期拆分（H1/H2 或 Q1–Q4），或按行拆成 ${parts} 份（每份约 ${perPart.achievements} 条成果、${perPart.contracts} 份合同）。`,
      en: `This submission would be stored as ${(bytes / 1e6).toFixed(2)} MB, above the ${(limitBytes / 1e6).toFixed(1)} MB limit for one submission; nothing was stored (nothing is ever truncated). Split it and send each part with its own submissionId: by period (H1/H2 or Q1–Q4), or by rows into ${parts} parts (about ${perPart.achievements} achievements and ${perPart.contracts} contracts each).`,
    }),
  ),

  // ── who may ──────────────────────────────────────────────────────────────────────────────────────────
  UNAUTHENTICATED: def<{ reason: "missing" } | { reason: "invalid"; maxLifetimeHours: number }>(401, (p) =>
    p.reason === "missing"
      ? {
          zh: "需要登录令牌：请发送 'Authorization: Bearer <令牌>'（本地可用 npm run token 生成）。",
          en: "A bearer token is required: send 'Authorization: Bearer <token>' (locally: npm run token -- --role institute --institute HLJ-001 --region CN-HL).",
        }
      : {
          zh: `登录令牌无效或已过期，请重新登录。令牌须含 exp 与 iat，iat 不得晚于当前时间，有效期不超过 ${p.maxLifetimeHours} 小时。`,
          en: `The bearer token is invalid or expired; sign in again. A token must carry exp and iat, iat not in the future, and live at most ${p.maxLifetimeHours} h.`,
        },
  ),
  FORBIDDEN: def<{ rule: ForbiddenRule; caller: string; instituteId?: string; region?: string; what?: Bilingual }>(
    403,
    ({ rule, caller, instituteId, region, what }) => {
      switch (rule) {
        case "submit":
          return {
            zh: `只有 ${instituteId} 本单位（或管理员）可以报送或修改其数据；您的令牌属于 ${caller}。`,
            en: `Only institute ${instituteId} (or an admin) may submit or change its figures; your token is for ${caller}.`,
          };
        case "read":
          return {
            zh: `您无权查看 ${instituteId}（${region}）的数据；您的令牌属于 ${caller}。`,
            en: `You may not read figures of ${instituteId} (${region}); your token is for ${caller}.`,
          };
        case "readRegion":
          return {
            zh: `只有 ${region} 省级管理人员（或管理员）可以查看全省数据；您的令牌属于 ${caller}。`,
            en: `Only provincial staff of ${region} (or an admin) may read region-wide figures; your token is for ${caller}.`,
          };
        case "review":
          return {
            zh: `只有 ${region} 省级管理人员（或管理员）可以审核或退回该报送；您的令牌属于 ${caller}。`,
            en: `Only provincial staff of ${region} (or an admin) may approve or return this submission; your token is for ${caller}.`,
          };
        case "enterIndicators":
          return {
            zh: `只有 ${region} 省级管理人员（或管理员）可以录入该省的指标值；您的令牌属于 ${caller}。`,
            en: `Only provincial staff of ${region} (or an admin) may enter its indicator values; your token is for ${caller}.`,
          };
        case "admin":
          return {
            zh: `只有管理员可以${what?.zh ?? ""}；您的令牌属于 ${caller}。`,
            en: `Only an admin may ${what?.en ?? ""}; your token is for ${caller}.`,
          };
      }
    },
  ),

  // ── what is (not) there ──────────────────────────────────────────────────────────────────────────────
  NOT_FOUND: def<{ thing: "indicatorValue"; id: string } | { thing: "file" | "endpoint" | "outsideApi" }>(404, (p) =>
    p.thing === "indicatorValue"
      ? {
          zh: `指标值 ${p.id} 不存在。请用 GET /api/indicator-values?region=…&year=… 查看已录入的值。`,
          en: `Indicator value ${p.id} does not exist. GET /api/indicator-values?region=…&year=… lists the stored ones.`,
        }
      : p.thing === "file"
        ? { zh: "没有该文件。", en: "No such file." }
        : p.thing === "endpoint"
          ? { zh: "没有该接口。接口列表见 GET /api/openapi.json。", en: "No such endpoint. GET /api/openapi.json lists them." }
          : { zh: "没有该地址；接口位于 /api/ 下。", en: "No such path; the API is under /api/." },
  ),
  METHOD_NOT_ALLOWED: def<{ method: string }>(405, ({ method }) => ({
    zh: `该地址不支持 ${method}。`,
    en: `${method} is not supported here.`,
  })),
  /** The URI names an institute (path or query) that is not in the register: see the note at the top. */
  INSTITUTE_NOT_FOUND: def<{ instituteId: string }>(404, ({ instituteId }) => ({
    zh: `机构 ${instituteId} 不在机构名录中。请核对机构编号，或联系省级管理人员登记。`,
    en: `Institute ${instituteId} is not in the register. Check the id or ask provincial staff to register it.`,
  })),
  /** A request body names an institute that is not in the register: see the note at the top. */
  UNKNOWN_INSTITUTE: def<{ instituteId: string }>(422, ({ instituteId }) => ({
    zh: `机构 ${instituteId} 不在机构名录中，未保存任何内容。请核对机构编号，或联系省级管理人员登记。`,
    en: `Institute ${instituteId} is not in the register; nothing was stored. Check the id or ask provincial staff to register it.`,
  })),
  REGION_MISMATCH: def<{ instituteId: string; registered: string; received: string }>(422, ({ instituteId, registered, received }) => ({
    zh: `机构 ${instituteId} 登记在 ${registered}，报送填写的是 ${received}，未保存任何内容。请将地区改为 ${registered} 后重新提交。`,
    en: `Institute ${instituteId} is registered in ${registered} but the submission names ${received}; nothing was stored. Set the region to ${registered} and send it again.`,
  })),
  METRIC_NOT_ENTERABLE: def<{ region: string; metric: string; year: number }>(422, ({ region, metric, year }) => ({
    zh: `${region} 的指标 ${metric} 在 ${year} 年没有数字目标，不能录入指标值。可录入的指标见 GET /api/templates/indicators.xlsx?region=${region}&year=${year}。`,
    en: `${region} has no numeric target for metric ${metric} in ${year}, so no value can be entered. The metrics that take values are listed by GET /api/templates/indicators.xlsx?region=${region}&year=${year}.`,
  })),
  SUBMISSION_NOT_FOUND: def<{ submissionId: string }>(404, ({ submissionId }) => ({
    zh: `没有编号为 ${submissionId} 的报送。`,
    en: `There is no submission with id ${submissionId}.`,
  })),
  AMBIGUOUS_ID: def<{ submissionId: string }>(409, ({ submissionId }) => ({
    zh: `有多个机构使用了编号 ${submissionId}，请加上 ?instituteId=。`,
    en: `More than one institute used id ${submissionId}; add ?instituteId=.`,
  })),

  // ── versions, locks and conflicts ────────────────────────────────────────────────────────────────────
  PRECONDITION_REQUIRED: def<{ thing: "submission" | "indicatorValue" }>(428, ({ thing }) =>
    thing === "submission"
      ? {
          zh: "修改报送必须带 If-Match 请求头（取自 GET 返回的 ETag），以免覆盖他人的修改。",
          en: "Changing a submission requires an If-Match header (the ETag from GET), so that nobody's changes are overwritten.",
        }
      : {
          zh: "修改指标值必须带 If-Match 请求头（取自 GET 返回的 ETag），以免覆盖他人的修改。",
          en: "Changing an indicator value requires an If-Match header (the ETag from GET), so that nobody's changes are overwritten.",
        },
  ),
  PRECONDITION_FAILED: def<{ thing: "submission" | "indicatorValue"; id: string } | { message: Bilingual }>(412, (p) =>
    "message" in p
      ? p.message
      : p.thing === "submission"
        ? {
            zh: `报送 ${p.id} 已被他人修改（ETag 已变），未作更改。请重新读取最新内容后再修改。`,
            en: `Submission ${p.id} has changed since you read it (ETag differs); nothing was changed. GET it again and reapply your change.`,
          }
        : {
            zh: `指标值 ${p.id} 已被他人修改（ETag 已变），未作更改。请重新获取后再修改。`,
            en: `Indicator value ${p.id} has changed since you read it (ETag differs); nothing was changed. Read it again and reapply your change.`,
          },
  ),
  KEY_FIELDS_IMMUTABLE: def<{ id: string } | { message: Bilingual }>(409, (p) =>
    "message" in p
      ? p.message
      : {
          zh: `请求体的地区、指标、年份或城市与 ${p.id} 不一致；这些字段确定数值的位置，不能修改。请另行 POST 新的数值。`,
          en: `The body's region, metric, year or city do not match ${p.id}; they place the value and cannot change. POST a new value instead.`,
        },
  ),
  CONTENT_CONFLICT: def<{ clientId: string; id: string } | { message: Bilingual }>(409, (p) =>
    "message" in p
      ? p.message
      : {
          zh: `编号 ${p.clientId} 的指标值已存在且内容不同，未作更改。修改请用 PUT /api/indicator-values/${p.id}（带 If-Match 与修改原因）。`,
          en: `Indicator value ${p.clientId} already exists with different content; nothing was changed. To change it use PUT /api/indicator-values/${p.id} with If-Match and a reason.`,
        },
  ),
  VALUE_EXISTS: def<{ region: string; year: number; metric: string; value: string; by: string; at: string }>(409, (p) => ({
    zh: `${p.region} ${p.year} 年的 ${p.metric} 已有录入值 ${p.value}（${p.by}，${p.at}），未作更改。修改请用 PUT（带 If-Match 与修改原因）。`,
    en: `${p.metric} of ${p.region} ${p.year} already has the value ${p.value} (${p.by}, ${p.at}); nothing was changed. To change it use PUT with If-Match and a reason.`,
  })),
  CHANGED_DURING_IMPORT: def<{ written: number }>(409, ({ written }) => ({
    zh: `导入期间有人修改了同一指标值，已写入 ${written} 行，其余未写入。请重新导入同一文件（已写入的行不会重复）。`,
    en: `Someone changed one of these values during the import; ${written} row(s) were written, the rest were not. Import the same file again (rows already written are not repeated).`,
  })),
  LOCKED: def<{ by: string; at: string } | { message: Bilingual }>(423, (p) =>
    "message" in p
      ? p.message
      : {
          zh: `该报送已由 ${p.by} 于 ${p.at} 审核通过并锁定，不能再修改。如需更正，请联系省级管理人员。`,
          en: `This submission is locked: approved by ${p.by} at ${p.at}; it can no longer be changed. To correct it, contact provincial staff.`,
        },
  ),
  YEAR_LOCKED: def<{ region: string; year: number; at?: string }>(423, ({ region, year, at }) =>
    at === undefined
      ? {
          zh: `${region} ${year} 年的指标值已锁定，未作更改。如需修改，请管理员解锁。`,
          en: `Indicator values of ${region} ${year} are locked; nothing was changed. An admin can reopen the year.`,
        }
      : {
          zh: `${region} ${year} 年的指标值已锁定（${at}），未作更改。如需修改，请管理员解锁（POST /api/indicator-values/unlock）。`,
          en: `Indicator values of ${region} ${year} are locked (${at}); nothing was changed. An admin can reopen the year (POST /api/indicator-values/unlock).`,
        },
  ),
  /* The submission lifecycle's refusals (messages from packages/engine/src/lifecycle/transition.ts). */
  PERIOD_OVERLAPS: lifecycle(409),
  PERIOD_ALREADY_SUBMITTED: lifecycle(409),
  NOT_AWAITING_REVIEW: lifecycle(409),
  ONE_SIDE_CONFLICT: lifecycle(409),

  // ── the store and the server ─────────────────────────────────────────────────────────────────────────
  STORE_CONTENDED: def<{ what: "period" | "submission" }>(503, ({ what }) =>
    what === "period"
      ? { zh: "该报告期正被同时提交，请稍后重试。", en: "This period is being submitted concurrently; retry shortly." }
      : { zh: "该报送正被同时修改，请稍后重试。", en: "This submission is being changed concurrently; retry shortly." },
  ),
  STORE_BUSY: fixed(503, () => ({
    zh: "数据库繁忙，请稍后重试，数据未作更改。",
    en: "The store is busy; nothing was changed. Retry shortly.",
  })),
  STORE_UNAVAILABLE: def<{ retryAfterSeconds: number }>(503, ({ retryAfterSeconds }) => ({
    zh: `数据库暂时不可用。若本次是提交或修改，可能已保存也可能未保存：请在 ${retryAfterSeconds} 秒后原样重试（同一编号和内容的重复提交不会产生重复数据）。`,
    en: `The store is temporarily unavailable. If this was a submission or change, it may or may not have been stored: retry the same request after ${retryAfterSeconds} s (resending the same id and content never stores a second copy).`,
  })),
  /** Claims nothing about what was stored (an unexpected error may come after a write): says how to find out. */
  INTERNAL: fixed(500, () => ({
    zh: "服务器内部错误。若本次是提交或修改，请用 GET 查看是否已保存，或原样重试（同一编号和内容的重复提交不会产生重复数据）；如持续出现，请联系管理员并提供请求时间。",
    en: "Internal server error. If this was a submission or change, check with GET whether it was stored, or resend the same request (the same id and content never store a second copy); if it persists, contact the administrator with the time of the request.",
  })),
  WEB_NOT_BUILT: fixed(503, () => ({
    zh: "网页尚未构建：请先运行 npm run build（生成 dist/addin/web.html），再访问 /api/web。",
    en: "The web page is not built: run npm run build (it writes dist/addin/web.html), then open /api/web.",
  })),
  MALFORMED_PATH: fixed(400, () => ({
    zh: "地址中含有无效的百分号编码（应为 UTF-8 的 %XX 序列），未作任何处理。请检查链接或对编号做 encodeURIComponent。",
    en: "The path holds malformed percent-encoding (expected UTF-8 %XX sequences); nothing was done. Check the link or encode the id with encodeURIComponent.",
  })),
  MALFORMED_REQUEST: fixed(400, () => ({
    zh: "HTTP 请求格式错误，未作任何处理。",
    en: "The HTTP request is malformed; nothing was done.",
  })),
  HEADERS_TOO_LARGE: fixed(431, () => ({
    zh: "请求头过大，未作任何处理。请缩短令牌或删除多余的请求头（如过大的 Cookie）。",
    en: "The request headers are too large; nothing was done. Shorten the token or remove extra headers (such as a large Cookie).",
  })),
} as const satisfies Record<string, Entry<never>>;

export type ApiErrorCode = keyof typeof API_ERRORS;
/** The parameters of a code's message template. */
export type ApiErrorParams<C extends ApiErrorCode> = Parameters<(typeof API_ERRORS)[C]["message"]>[0];

export const isApiErrorCode = (code: string): code is ApiErrorCode => Object.prototype.hasOwnProperty.call(API_ERRORS, code);

/** The code's one HTTP status. */
export const apiErrorStatus = (code: ApiErrorCode): number => API_ERRORS[code].status;

/** The code's message for these parameters. */
export function apiErrorMessage<C extends ApiErrorCode>(code: C, params: ApiErrorParams<C>): Bilingual {
  return (API_ERRORS[code].message as (p: ApiErrorParams<C>) => Bilingual)(params);
}
