/**
 * manifest.xml: the shared-runtime <Runtimes> block (which Microsoft's offline schemas cannot check) and the
 * schema validation by scripts/validate-manifest.sh — passing on manifest.xml, failing on broken copies.
 * The xmllint part is skipped (saying why) only when xmllint/xsltproc are not installed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./support/build";

const { withPublicUrl } = require("../../addin/build/manifest-urls") as { withPublicUrl(xml: string, url: string): string };

const MANIFEST = join(ROOT, "manifest.xml");
const VALIDATOR = join(ROOT, "scripts", "validate-manifest.sh");
const xml = readFileSync(MANIFEST, "utf8");

const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const haveTools = has("xmllint") && has("xsltproc");
if (!haveTools)
  console.warn("manifest schema validation skipped: xmllint/xsltproc not installed (apt-get install -y libxml2-utils xsltproc)");
const withTools = haveTools ? test : test.skip;

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

describe("the shared runtime", () => {
  const runtimes = /<Runtimes>([\s\S]*?)<\/Runtimes>/.exec(xml)?.[1] ?? "";
  const runtime = /<Runtime\b[^>]*\/?>/.exec(runtimes)?.[0] ?? "";

  test('one <Runtime> whose resid names a bt:Url, with lifetime="long"', () => {
    expect(runtimes.match(/<Runtime\b/g)).toHaveLength(1);
    const resid = attr(runtime, "resid");
    expect(attr(runtime, "lifetime")).toBe("long");
    expect(xml).toMatch(new RegExp(`<bt:Url id="${resid!.replace(".", "\\.")}" DefaultValue="https://localhost:3000/taskpane\\.html"`));
  });

  test("the custom functions page, the task pane button and the FunctionFile all use that runtime", () => {
    const resid = attr(runtime, "resid");
    const cf = /<ExtensionPoint xsi:type="CustomFunctions">([\s\S]*?)<\/ExtensionPoint>/.exec(xml)![1]!;
    expect(attr(/<Page>\s*<SourceLocation[^>]*>/.exec(cf)![0], "resid")).toBe(resid);
    expect(attr(/<Action xsi:type="ShowTaskpane">[\s\S]*?<SourceLocation[^>]*>/.exec(xml)![0].split("<SourceLocation")[1]!, "resid")).toBe(
      resid,
    );
    expect(attr(/<FunctionFile[^>]*>/.exec(xml)![0], "resid")).toBe(resid);
    expect(xml).toMatch(/<bt:String id="Functions\.Namespace" DefaultValue="TT"\/>/);
    expect(xml).toMatch(/<bt:Override Locale="zh-CN" Value="https:\/\/localhost:3000\/functions-zh-cn\.json"\/>/);
  });
});

describe("scripts/validate-manifest.sh", () => {
  const dir = mkdtempSync(join(tmpdir(), "manifest-"));
  const validate = (path: string) => spawnSync("bash", [VALIDATOR, path], { encoding: "utf8" });
  const broken = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  withTools("manifest.xml validates", () => {
    const r = validate(MANIFEST);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("validates");
  });

  withTools("the production manifest (ADDIN_PUBLIC_URL swapped in) validates and keeps no localhost URL", () => {
    const prod = withPublicUrl(xml, "https://addin.example.org/tt/");
    expect(prod).not.toContain("localhost");
    expect(validate(broken("manifest.prod.xml", prod)).status).toBe(0);
  });

  withTools.each([
    [
      "a schema error (unknown permission)",
      xml.replace("<Permissions>ReadWriteDocument</Permissions>", "<Permissions>Everything</Permissions>"),
      /Permissions/,
    ],
    ["a short-lived runtime", xml.replace('lifetime="long"', 'lifetime="short"'), /lifetime="long"/],
    ["a runtime naming no bt:Url", xml.replace('<Runtime resid="Taskpane.Url"', '<Runtime resid="Nowhere.Url"'), /names no <bt:Url/],
    ["malformed XML", xml.replace("</OfficeApp>", ""), /not well-formed/],
  ])("a broken copy fails: %s", (_what, text, message) => {
    const r = validate(broken("manifest.broken.xml", text));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("fails to validate");
  });

  test("the validator is executable and explains its usage", () => {
    expect(() => execFileSync("bash", [VALIDATOR], { stdio: "pipe" })).toThrow();
  });
});
