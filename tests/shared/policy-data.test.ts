/**
 * The policy data itself: every file cites a seed that exists and quotes words that are in it, every
 * target of POLICY.md section 3 is present, and a malformed file fails with the file and field named.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PARAMETERS, TARGETS, target } from "@tt/engine";
import { PolicyFileError } from "@tt/engine/tools/load-files";
import { loadPolicyDirectory } from "@tt/engine/tools/load-files";

const seeds = join(__dirname, "..", "..", "..", "shared", "seeds");
const seedText = (name: string) => readFileSync(join(seeds, name), "utf8").replace(/\s+/g, "");

describe("citations", () => {
  const all = [...PARAMETERS, ...TARGETS];
  test.each(all.map((p) => [p.id, p]))("%s cites an existing seed file and quotes its words", (_id, p) => {
    expect(existsSync(join(seeds, p.reference.seed))).toBe(true);
    const text = seedText(p.reference.seed);
    for (const part of p.reference.quote.split("……")) {
      expect(text).toContain(part.replace(/\s+/g, ""));
    }
  });
});

describe("the compiled module equals the YAML files (build-time compilation is not stale)", () => {
  test("same parameters and targets", () => {
    const set = loadPolicyDirectory(join(__dirname, "..", "..", "packages", "engine", "policy"));
    expect(set.parameters).toEqual(PARAMETERS);
    expect(set.targets).toEqual(TARGETS);
  });
});

describe("a malformed policy file", () => {
  test("fails with a PolicyFileError naming the file and the field", () => {
    const dir = join(__dirname, "fixtures", "malformed");
    expect(() => loadPolicyDirectory(dir, dir)).toThrow(PolicyFileError);
    try {
      loadPolicyDirectory(dir, dir);
    } catch (e) {
      const err = e as PolicyFileError;
      expect(err.file).toBe(join("parameters", "cn-hl", "bad-rate.yaml"));
      expect(err.message).toContain('field "values.0.value"');
      expect(err.message).toContain("parameters/cn-hl/bad-rate.yaml");
    }
  });
});

/**
 * Every figure of POLICY.md section 3, as (region, metric, year, value). Written from the digest and
 * checked against the data, so that a target cannot silently go missing.
 */
const SECTION_3: [string, string, number, string][] = [
  ["CN-HL", "industrialised", 2022, "60"],
  ["CN-HL", "industrialised", 2023, "70"],
  ["CN-HL", "industrialised", 2024, "80"],
  ["CN-HL", "industrialised", 2025, "90"],
  ["CN-HL", "industrialised", 2026, "100"],
  ["CN-HL", "industrialised-total", 2026, "400"],
  ["CN-HL", "investment", 2026, "5000000000"],
  ["CN-HL", "economic-output", 2026, "10000000000"],
  ["CN-HL", "industrialised-digital-economy", 2026, "50"],
  ["CN-HL", "industrialised-biotechnology", 2026, "150"],
  ["CN-HL", "industrialised-ice-snow-creative-design", 2026, "20"],
  ["CN-HL", "industrialised-aerospace-electronics-equipment", 2026, "70"],
  ["CN-HL", "industrialised-new-materials", 2026, "30"],
  ["CN-HL", "industrialised-traditional-industries", 2026, "60"],
  ["CN-HL", "industrialised-modern-services", 2026, "20"],
  ["CN-HL", "industrialised-all-sources", 2025, "1200"],
  ["CN-HL", "industrialised-universities", 2025, "600"],
  ["CN-HL", "industrialised-total", 2025, "300"],
  ["CN-HL", "industrialised-enterprises", 2025, "300"],
  ["CN-HL", "contract-turnover-total", 2025, "200000000000"],
  ["CN-HL", "high-tech-enterprises", 2025, "5000"],
  ["CN-HL", "specialised-smes", 2025, "3000"],
  ["CN-HL", "high-tech-investment-share", 2025, "0.11"],
  ["CN-HL", "new-product-sales-share", 2025, "0.21"],
  ["CN-HL", "new-provincial-innovation-platforms", 2025, "100"],
  ["CN-HL", "transfer-institutions", 2025, "100"],
  ["CN-HL", "incubated-startups", 2025, "2000"],
  ["CN-HL", "industrialisation-bases", 2025, "10"],
  ["CN-HL", "high-quality-transformed", 2026, "1500"],
  ["CN-HL", "contract-turnover", 2026, "55000000000"],
  ["CN-HL", "high-tech-enterprises", 2026, "6000"],
  ["CN-HL", "specialised-smes", 2026, "3000"],
  ["CN-HL", "national-innovation-platforms", 2026, "60"],
  ["CN-HL", "key-core-technologies", 2026, "200"],
  ["CN-HL", "contract-registration-institutions", 2020, "25"],
  ["CN-HL", "demonstration-transfer-institutions-provincial", 2020, "40"],
  ["CN-HL", "demonstration-transfer-institutions-national", 2020, "20"],
  ["CN-HL", "evaluation-institutions", 2020, "10"],
  ["CN-HL", "brokers-trained", 2020, "600"],
  ["CN-HL", "contract-turnover-growth", 2019, "0.08"],
  ["CN-HL", "contract-turnover", 2020, "17000000000"],
  ["CN-HL", "contract-turnover", 2025, "30000000000"],
  ["CN-HE", "contract-turnover", 2021, "100000000000"],
  ["CN-HE", "contract-turnover", 2023, "150000000000"],
  ["CN-HE", "contract-turnover", 2025, "200000000000"],
  ["CN-HE", "high-tech-enterprises", 2021, "11000"],
  ["CN-HE", "high-tech-enterprises", 2023, "13000"],
  ["CN-HE", "high-tech-enterprises", 2025, "15000"],
  ["CN-HE", "leading-tech-enterprises", 2023, "60"],
  ["CN-HE", "leading-tech-enterprises", 2025, "100"],
  ["CN-HE", "major-achievements-transformed", 2025, "300"],
  ["CN-HE", "major-transformation-projects", 2022, "60"],
  ["CN-HE", "turnover-gdp-ratio-growth", 2022, "0.10"],
  ["CN-HE", "turnover-gdp-ratio", 2025, "0.025"],
  ["CN-HE", "new-provincial-key-labs", 2025, "100"],
  ["CN-HE", "new-basic-research-institutions", 2025, "4"],
  ["CN-HE", "pilot-platforms", 2025, "10"],
  ["CN-HE", "transfer-institutions-universities", 2025, "50"],
  ["CN-HE", "demonstration-transfer-institutions", 2025, "20"],
  ["CN-HE", "transfer-professionals", 2025, "3000"],
  ["CN-HE", "transfer-professionals-trained", 2023, "500"],
  ["CN-HE", "technology-commissioners", 2025, "10000"],
  ["CN-HE", "high-growth-enterprises-introduced", 2025, "50"],
  ["CN-HE", "transformation-funds", 2024, "200000000"],
  ["CN-HE", "matchmaking-events", 2021, "50"],
  ["CN-HE", "international-cooperation-bases", 2021, "220"],
  ["CN-HE", "new-professional-institutions", 2021, "10"],
  ["CN-HE", "sub-field-analyses", 2021, "10"],
  ["CN-HE", "resident-service-institutions", 2021, "30"],
  ["CN-HE", "influential-service-institutions", 2021, "50"],
  ["CN-HE", "achievement-database-entries", 2021, "100000"],
  ["CN-HE", "ownership-pilot-institutions", 2021, "5"],
];

describe("every target of POLICY.md section 3 is present", () => {
  test.each(SECTION_3)("%s %s %i = %s", (region, metric, year, value) => {
    expect(target({ region, metric, year }).value.equals(value)).toBe(true);
  });
  test.each([
    ["CN-HL", "rd-spending-growth"],
    ["CN-HL", "high-tech-zones"],
    ["CN-HE", "negative-list-universities"],
    ["CN-HE", "quarterly-publication"],
    ["CN-HE", "reward-wage-accounting"],
  ])("the qualitative %s %s is kept with its statement", (region, metric) => {
    const series = TARGETS.filter((t) => t.region === region && t.metric === metric);
    expect(series).toHaveLength(1);
    expect(series[0]!.kind).toBe("qualitative");
  });
});
