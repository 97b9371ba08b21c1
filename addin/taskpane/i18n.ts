/**
 * Every word the task pane shows, in Chinese (the default: the users are provincial staff and institute
 * officers) and English. Messages from the engine and the API already come as {zh, en}: `pick` chooses.
 */
import type { Bilingual } from "@tt/engine";

export type Language = "zh" | "en";

export const pick = (b: Bilingual | null | undefined, lang: Language): string => (b ? (lang === "zh" ? b.zh : b.en) : "");

/** `tr(lang).x` — one table, so a missing translation is a type error. */
const STRINGS = {
  title: { zh: "技术转移报送与进度", en: "Tech-transfer submissions and progress" },
  languageSwitch: { zh: "English", en: "中文" },
  languageSwitchLabel: { zh: "切换为英文界面", en: "Switch to Chinese" },
  signInHeading: { zh: "登录", en: "Sign in" },
  naaNotConfigured: {
    zh: "未配置微软帐户登录，请联系管理员开通。本地开发请粘贴开发令牌。",
    en: "Microsoft sign-in is not configured: set TT_NAA_CLIENT_ID (the Entra ID app's client id) at build time, see addin/README.md. For local development paste a development token.",
  },
  naaSignIn: { zh: "使用微软帐户登录", en: "Sign in with Microsoft" },
  devTokenLabel: { zh: "开发令牌（npm run token 生成）", en: "Development token (from npm run token)" },
  useToken: { zh: "使用此令牌", en: "Use this token" },
  signOut: { zh: "退出", en: "Sign out" },
  notSignedIn: { zh: "未登录", en: "Not signed in" },
  signedInAs: { zh: "当前用户", en: "Signed in as" },
  role: { zh: "角色", en: "Role" },
  expires: { zh: "有效期至", en: "Expires" },
  tokenExpired: { zh: "令牌已过期，请重新生成。", en: "The token has expired; create a new one." },
  tokenUnreadable: {
    zh: "无法读取该令牌（应为以点分隔的三段文字）。",
    en: "This token cannot be read (expected a JWT: three dot-separated parts).",
  },
  apiUrlLabel: { zh: "云端接口地址", en: "Cloud API address" },
  yearLabel: { zh: "年度", en: "Year" },
  roles: {
    institute: { zh: "科研机构", en: "Institute" },
    province: { zh: "省级管理人员", en: "Provincial staff" },
    admin: { zh: "管理员", en: "Administrator" },
  },
  instituteHeading: { zh: "机构报送", en: "Institute submission" },
  insertTemplate: { zh: "插入报送模板", en: "Insert template" },
  check: { zh: "检查", en: "Check" },
  submit: { zh: "报送", en: "Submit" },
  provinceHeading: { zh: "全省进度与审核", en: "Provincial progress and review" },
  refreshProgress: { zh: "刷新进度", en: "Refresh progress" },
  insertIndicators: { zh: "插入指标填报表", en: "Insert indicator sheet" },
  sendIndicators: { zh: "提交指标值", en: "Send indicator values" },
  insertRoster: { zh: "插入奖补名单（已审核）", en: "Insert award roster (approved)" },
  defaultRegionLabel: { zh: "工作簿默认地区（函数省略地区时使用）", en: "Workbook default region (used when a function omits the region)" },
  defaultRegionNone: { zh: "未设置（按黑龙江省）", en: "Not set (Heilongjiang)" },
  regionHL: { zh: "黑龙江省", en: "Heilongjiang" },
  regionHE: { zh: "河北省", en: "Hebei" },
  loadSubmissions: { zh: "列出本地区报送", en: "List the region's submissions" },
  submissionIdLabel: { zh: "报送编号", en: "Submission id" },
  regionLabel: { zh: "地区", en: "Region" },
  chooseRegion: { zh: "请先选择地区。", en: "Choose a region first." },
  approve: { zh: "审核通过", en: "Approve" },
  returnWithReason: { zh: "退回（须填原因）", en: "Return with reason" },
  reasonLabel: { zh: "退回原因", en: "Reason for returning" },
  reasonRequired: { zh: "请填写退回原因。", en: "Enter the reason for returning it." },
  selectSubmission: { zh: "请先在列表中点“查看”选择一份报送。", en: "Choose a submission with View in the list first." },
  galleryHeading: { zh: "函数库", en: "Function gallery" },
  insertExample: { zh: "插入到所选单元格", en: "Insert into the selected cell" },
  citation: { zh: "依据", en: "Clause" },
  noCitation: { zh: "按所选指标的目标文件", en: "the target document of the chosen metric" },
  galleryUnavailable: {
    zh: "函数说明暂不可用（函数说明文件未加载）。",
    en: "Function descriptions unavailable (functions.json not loaded).",
  },
  inserted: { zh: "已插入", en: "Inserted" },
  needSignIn: { zh: "请先登录。", en: "Sign in first." },
  needRole: { zh: "当前角色无此权限。", en: "Your role cannot do this." },
  stages: {
    reading: { zh: "读取工作表", en: "Reading the sheets" },
    checking: { zh: "检查", en: "Checking" },
    sending: { zh: "发送", en: "Sending" },
    writing: { zh: "写回结果", en: "Writing back" },
    done: { zh: "完成", en: "Done" },
  },
} as const;

type Leaf = { zh: string; en: string };
type Table<T> = { [K in keyof T]: T[K] extends Leaf ? string : Table<T[K]> };

function resolve<T>(node: T, lang: Language): Table<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    out[k] = v && typeof v === "object" && "zh" in v && "en" in v ? (v as Leaf)[lang] : resolve(v, lang);
  }
  return out as Table<T>;
}

const cache: Partial<Record<Language, Table<typeof STRINGS>>> = {};
export const tr = (lang: Language): Table<typeof STRINGS> => (cache[lang] ??= resolve(STRINGS, lang));

/** Messages built from figures. */
export const say = {
  templateInserted: (created: string[], existing: string[]): Bilingual => ({
    zh: `${created.length ? `已插入：${created.join("、")}。` : ""}${existing.length ? `已存在，未重复插入：${existing.join("、")}。` : ""}`,
    en: `${created.length ? `Inserted: ${created.join(", ")}. ` : ""}${existing.length ? `Already present, not inserted again: ${existing.join(", ")}.` : ""}`.trim(),
  }),
  rowsNeedAttention: (n: number): Bilingual => ({ zh: `${n} 行需要处理`, en: `${n} ${n === 1 ? "row needs" : "rows need"} attention` }),
  checkPassed: (a: number, c: number): Bilingual => ({
    zh: `检查通过：成果 ${a} 项，技术合同 ${c} 项。`,
    en: `Check passed: ${a} achievements, ${c} contracts.`,
  }),
  submitted: (id: string, n: number, differ: number): Bilingual => ({
    zh: `已报送（编号 ${id}），${n} 项合同的核定补助已写回${differ ? `；其中 ${differ} 项与预计补助不同，已标出` : ""}。`,
    en: `Submitted (id ${id}); the server's subsidies for ${n} contracts were written back${differ ? `; ${differ} differ from the expected subsidy and are highlighted` : ""}.`,
  }),
  updated: (id: string): Bilingual => ({ zh: `已更新报送 ${id}。`, en: `Submission ${id} updated.` }),
  unchanged: (id: string): Bilingual => ({
    zh: `该内容已报送（编号 ${id}），没有变化，未重复发送。`,
    en: `Already submitted (id ${id}); nothing changed, nothing sent.`,
  }),
  replayed: (id: string): Bilingual => ({
    zh: `服务器已有相同内容的报送（编号 ${id}），未重复保存。`,
    en: `The server already holds this content (id ${id}); nothing stored twice.`,
  }),
  staleEtag: (id: string): Bilingual => ({
    zh: `报送 ${id} 已被他人修改（或已被审核），您的修改未保存。请联系审核人员，或刷新后重新修改。`,
    en: `Submission ${id} was changed by someone else (or reviewed) since your last submit; your change was not saved. Ask the reviewer, or reload and reapply your change.`,
  }),
  serverIssues: (n: number): Bilingual => ({
    zh: `服务器拒收：${n} 处需要修改，已在单元格上标出。`,
    en: `Refused by the server: ${n} cells need changes; they are marked.`,
  }),
  progressWritten: (sheet: string, metrics: number): Bilingual => ({
    zh: `已刷新“${sheet}”（${metrics} 项指标）。`,
    en: `"${sheet}" refreshed (${metrics} metrics).`,
  }),
  reviewed: (id: string, action: "approve" | "return"): Bilingual =>
    action === "approve"
      ? { zh: `报送 ${id} 已审核通过。`, en: `Submission ${id} approved.` }
      : { zh: `报送 ${id} 已退回。`, en: `Submission ${id} returned.` },
  rosterWritten: (sheet: string, rows: number, total: string): Bilingual => ({
    zh: `已插入“${sheet}”：${rows} 项补助，合计 ${total} 元。`,
    en: `"${sheet}" inserted: ${rows} subsidies, ${total} CNY in all.`,
  }),
  listed: (n: number): Bilingual => ({ zh: `共 ${n} 份报送。`, en: `${n} submissions.` }),
};
