/** The records an institute submits: achievements industrialised, technology contracts, and the submission. */
import { z } from "zod";
import { Decimal } from "@tt/engine";
import { instituteId, isoDate, money, name, partyRegion, region, safeText, year } from "./fields";
import { READABLE_TEMPLATE_VERSIONS, TEMPLATE_VERSION, TEMPLATE_VERSIONS_BY_REGION } from "@tt/engine";
import { CONTRACT_TYPE_IDS, MODE_IDS, achievementFlags, regionName, regionSectors } from "@tt/engine";

/**
 * Every region's fields and questions (policy/categories): an unknown id is refused on its field; one of another
 * region than the submission's is refused by the submission's check (SECTOR_NOT_IN_REGION, FLAG_NOT_IN_REGION).
 */
const ALL_SECTOR_IDS = [...new Set([...regionSectors("CN-HL"), ...regionSectors("CN-HE")].map((x) => x.id))] as [string, ...string[]];
const ALL_FLAG_IDS = [...new Set([...achievementFlags("CN-HL"), ...achievementFlags("CN-HE")].map((x) => x.id))] as [string, ...string[]];

/** One achievement industrialised (科技成果产业化), as counted against 000 一 and 二. */
export const achievement = z
  .object({
    title: name.meta({ description: "Achievement title 成果名称" }),
    year: year.meta({ description: "Year it was industrialised 产业化年度" }),
    sector: z.enum(ALL_SECTOR_IDS).meta({
      description: "Field 领域, one of the submission region's own (CN-HL: 000 二; CN-HE: 004 第2条; GET /api/policies lists them)",
    }),
    mode: z.enum(MODE_IDS).meta({ description: "Mode 转化方式" }),
    city: safeText(40).meta({ description: "City where it was industrialised 落地城市", examples: ["哈尔滨"] }),
    date: isoDate.meta({ description: "Date industrialised 产业化日期" }),
    contractAmount: money.meta({ description: "Contract amount 合同金额 (CNY)" }),
    receivedAmount: money.meta({ description: "Amount received 实际到账金额 (CNY)" }),
    investmentAmount: money.optional().meta({ description: "Investment 投资额 (CNY)" }),
    flags: z
      .array(z.enum(ALL_FLAG_IDS))
      .max(8)
      .optional()
      .meta({ description: "Questions answered yes for this achievement, of the region's own (CN-HE: major-achievement 重大科技成果, …)" }),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (new Decimal(a.receivedAmount).greaterThan(a.contractAmount)) {
      ctx.addIssue({
        code: "custom",
        path: ["receivedAmount"],
        message: `amount received ${a.receivedAmount} exceeds the contract amount ${a.contractAmount}`,
        params: { code: "RECEIVED_EXCEEDS_CONTRACT", zh: `到账金额 ${a.receivedAmount} 超过合同金额 ${a.contractAmount}` },
      });
    }
    if (Number(a.date.slice(0, 4)) !== a.year) {
      ctx.addIssue({
        code: "custom",
        path: ["date"],
        message: `date ${a.date} is not in year ${a.year}`,
        params: { code: "DATE_NOT_IN_YEAR", zh: `日期 ${a.date} 不在 ${a.year} 年内` },
      });
    }
  });

export const receipt = z.object({ date: isoDate, amount: money }).strict();

/** A registered technology contract with the amounts actually received (到账), which registration does not record. */
export const technologyContract = z
  .object({
    registrationNumber: z
      .string()
      .regex(/^[0-9A-Z]{8,32}$/, { message: "expected the registration number (8–32 digits or capital letters)" })
      .meta({ description: "Contract registration number 技术合同登记号", examples: ["2024230100000123"] }),
    type: z.enum(CONTRACT_TYPE_IDS).meta({ description: "Contract type 合同类型" }),
    buyer: z.object({ name, region: partyRegion }).strict(),
    seller: z.object({ name, region: partyRegion }).strict(),
    /** Which side the submitting institute is on: the side whose subsidy the server computes. */
    role: z.enum(["buyer", "seller"]).meta({ description: "Submitting institute's side 本单位角色" }),
    signedDate: isoDate.meta({ description: "Date signed 签订日期" }),
    contractAmount: money.meta({ description: "Contract amount 合同成交额 (CNY)" }),
    receipts: z.array(receipt).max(500).meta({ description: "Amounts actually received, with dates 实际到账" }),
    sourceJingJin: z.boolean().meta({ description: "Achievement sourced from Beijing or Tianjin 成果来源于京津 (Hebei rule)" }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const total = c.receipts.reduce((s, r) => s.plus(r.amount), new Decimal(0));
    if (total.greaterThan(c.contractAmount)) {
      ctx.addIssue({
        code: "custom",
        path: ["receipts"],
        message: `receipts total ${total.toString()} exceeds the contract amount ${c.contractAmount}`,
        params: { code: "RECEIVED_EXCEEDS_CONTRACT", zh: `到账合计 ${total.toString()} 超过合同成交额 ${c.contractAmount}` },
      });
    }
    c.receipts.forEach((r, i) => {
      if (r.date < c.signedDate) {
        ctx.addIssue({
          code: "custom",
          path: ["receipts", i, "date"],
          message: `receipt dated ${r.date} precedes the signing date ${c.signedDate}`,
          params: { code: "RECEIPT_BEFORE_SIGNING", zh: `到账日期 ${r.date} 早于签订日期 ${c.signedDate}` },
        });
      }
    });
  });

/** Reporting period within the year: Y (whole year), H1/H2, Q1–Q4. */
export const period = z.enum(["Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4"]).meta({ description: "Reporting period 报告期" });

export const submission = z
  .object({
    submissionId: z
      .string()
      .regex(/^[A-Za-z0-9-]{8,64}$/, { message: "expected a client-generated id (8–64 letters, digits or '-'), e.g. a UUID" })
      .meta({ description: "Client-generated id; resending the same id and content is recognised, not duplicated" }),
    instituteId,
    region,
    year,
    period: period.default("Y"),
    templateVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, { message: "expected a template version such as 1.0.0" })
      .refine((v) => READABLE_TEMPLATE_VERSIONS.includes(v), {
        message: `template version not read by this system; it reads ${READABLE_TEMPLATE_VERSIONS.join(", ")} (current ${TEMPLATE_VERSION})`,
        params: {
          code: "TEMPLATE_VERSION_UNSUPPORTED",
          zh: `本系统不读取该模板版本；可读取 ${READABLE_TEMPLATE_VERSIONS.join("、")}（当前 ${TEMPLATE_VERSION}）`,
        },
      }),
    achievements: z.array(achievement).max(20000),
    contracts: z.array(technologyContract).max(20000),
  })
  .strict()
  .superRefine((s, ctx) => {
    const versions = TEMPLATE_VERSIONS_BY_REGION[s.region];
    if (READABLE_TEMPLATE_VERSIONS.includes(s.templateVersion) && !versions.includes(s.templateVersion)) {
      ctx.addIssue({
        code: "custom",
        path: ["templateVersion"],
        message: `template ${s.templateVersion} is not read for ${s.region} (it reads ${versions.join(", ")}): download template ${TEMPLATE_VERSION} and copy your rows into it`,
        params: {
          code: "TEMPLATE_VERSION_UNSUPPORTED",
          zh: `${s.region} 不读取 ${s.templateVersion} 版模板（可读取 ${versions.join("、")}）：请下载 ${TEMPLATE_VERSION} 版模板，将数据复制进去后再报送`,
        },
      });
    }
    const sectors = regionSectors(s.region);
    const flags = achievementFlags(s.region);
    const province = { zh: regionName(s.region, "zh"), en: regionName(s.region, "en") };
    /** The other region's words for an id (its Chinese and English label and province), or the id itself. */
    const whose = <T extends { id: string; zh: string; en: string }>(id: string, of: (r: "CN-HL" | "CN-HE") => readonly T[]) => {
      for (const r of ["CN-HL", "CN-HE"] as const) {
        const x = of(r).find((i) => i.id === id);
        if (x) return { zh: `“${x.zh}”（${regionName(r, "zh")}）`, en: `"${id}" (${x.en}, ${regionName(r, "en")})` };
      }
      return { zh: `“${id}”`, en: `"${id}"` };
    };
    s.achievements.forEach((a, i) => {
      if (!sectors.some((x) => x.id === a.sector)) {
        ctx.addIssue({
          code: "custom",
          path: ["achievements", i, "sector"],
          message: `field ${whose(a.sector, regionSectors).en} is not one of ${province.en}'s fields (${sectors.map((x) => x.id).join(", ")}); choose one from the template's list`,
          params: {
            code: "SECTOR_NOT_IN_REGION",
            zh: `领域${whose(a.sector, regionSectors).zh}不是${province.zh}的领域（${sectors.map((x) => x.zh).join("、")}），请从模板的下拉列表中选择`,
          },
        });
      }
      (a.flags ?? []).forEach((f, k) => {
        if (!flags.some((x) => x.id === f) || a.flags!.indexOf(f) !== k) {
          ctx.addIssue({
            code: "custom",
            path: ["achievements", i, "flags", k],
            message: `${whose(f, achievementFlags).en} is not asked in ${province.en} or is repeated (${province.en} asks: ${flags.map((x) => x.id).join(", ") || "nothing"})`,
            params: {
              code: "FLAG_NOT_IN_REGION",
              zh: `标注项${whose(f, achievementFlags).zh}不适用于${province.zh}或重复出现（${province.zh}的标注项：${flags.map((x) => x.zh).join("、") || "无"}）`,
            },
          });
        }
      });
    });
    s.achievements.forEach((a, i) => {
      if (a.year !== s.year) {
        ctx.addIssue({
          code: "custom",
          path: ["achievements", i, "year"],
          message: `achievement year ${a.year} differs from the submission year ${s.year}`,
          params: { code: "YEAR_MISMATCH", zh: `成果年度 ${a.year} 与报送年度 ${s.year} 不一致` },
        });
      }
    });
    const seen = new Map<string, number>();
    s.contracts.forEach((c, i) => {
      const first = seen.get(c.registrationNumber);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["contracts", i, "registrationNumber"],
          message: `registration number ${c.registrationNumber} also appears in contract ${first + 1}`,
          params: { code: "DUPLICATE_CONTRACT", zh: `登记号 ${c.registrationNumber} 与第 ${first + 1} 份合同重复` },
        });
      } else seen.set(c.registrationNumber, i);
    });
  });

export type Achievement = z.output<typeof achievement>;
export type TechnologyContract = z.output<typeof technologyContract>;
export type Submission = z.output<typeof submission>;
export type SubmissionInput = z.input<typeof submission>;
