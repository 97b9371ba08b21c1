/**
 * Closed lists the schemas check codes against, on every path (JSON body, workbook upload, add-in):
 * the province-level divisions a contract party may be in, and the template versions this code reads.
 * The template (workbook/template.ts) builds its drop-downs and its version stamp from the same lists.
 */

/** Province-level divisions of China (ISO 3166-2:CN) with their Chinese names, and OTHER for outside China. */
export const PROVINCES: readonly (readonly [string, string])[] = [
  ["CN-HL", "黑龙江"],
  ["CN-HE", "河北"],
  ["CN-BJ", "北京"],
  ["CN-TJ", "天津"],
  ["CN-SX", "山西"],
  ["CN-NM", "内蒙古"],
  ["CN-LN", "辽宁"],
  ["CN-JL", "吉林"],
  ["CN-SH", "上海"],
  ["CN-JS", "江苏"],
  ["CN-ZJ", "浙江"],
  ["CN-AH", "安徽"],
  ["CN-FJ", "福建"],
  ["CN-JX", "江西"],
  ["CN-SD", "山东"],
  ["CN-HA", "河南"],
  ["CN-HB", "湖北"],
  ["CN-HN", "湖南"],
  ["CN-GD", "广东"],
  ["CN-GX", "广西"],
  ["CN-HI", "海南"],
  ["CN-CQ", "重庆"],
  ["CN-SC", "四川"],
  ["CN-GZ", "贵州"],
  ["CN-YN", "云南"],
  ["CN-XZ", "西藏"],
  ["CN-SN", "陕西"],
  ["CN-GS", "甘肃"],
  ["CN-QH", "青海"],
  ["CN-NX", "宁夏"],
  ["CN-XJ", "新疆"],
  ["CN-TW", "台湾"],
  ["CN-HK", "香港"],
  ["CN-MO", "澳门"],
  ["OTHER", "境外"],
];
export const PARTY_REGION_CODES = PROVINCES.map(([code]) => code) as [string, ...string[]];

/** Bump the minor version for added optional columns, the major version for anything a reader could misread. */
export const TEMPLATE_VERSION = "2.0.0";
/** Versions this code reads. Anything else is refused with TEMPLATE_VERSION_UNSUPPORTED (JSON and workbook alike). */
export const READABLE_TEMPLATE_VERSIONS: readonly string[] = ["1.0.0", "2.0.0"];
/**
 * Versions read per region. 2.0.0 gave Hebei its own fields (领域, 004 第2条) and yes/no questions (policy/categories):
 * a Hebei 1.0.0 workbook carries Heilongjiang's fields and is refused; Heilongjiang's template did not change.
 */
export const TEMPLATE_VERSIONS_BY_REGION: Readonly<Record<"CN-HL" | "CN-HE", readonly string[]>> = {
  "CN-HL": ["1.0.0", "2.0.0"],
  "CN-HE": ["2.0.0"],
};
