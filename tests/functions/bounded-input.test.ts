/**
 * Issue 9, "Bounded input" — one focused test per defect found by trying the local build as an attacker
 * and as a clumsy user would (correctness only; the timings are in bench/ and bench/RELIABILITY.md):
 * malformed percent-encoding, JSON under text/plain, headers too large, nosniff, absurd amounts and
 * exponent form, control characters / lone surrogates / bidi overrides / zero-width titles, CN-ZZ,
 * templateVersion over JSON, Infinity in progress.xlsx.
 */
import { request as httpRequest } from "node:http";
import { progressSheetModel } from "@tt/workbook";
import { submission, type ProgressReport } from "@tt/contract";
import { buildProgressWorkbook } from "@tt/workbook/node";
import { MONEY_CEILING } from "@tt/contract";
import { matchRoute } from "../../functions/routes";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { aSubmission } from "./helpers";

let api: LocalApi;
let hlj001: string;
let admin: string;

beforeAll(async () => {
  api = await startLocalApi();
  hlj001 = await api.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" });
  admin = await api.token({ role: "admin", subject: "test-admin" });
});
afterAll(() => api.close());

const post = (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(`${api.url}/submissions`, {
    method: "POST",
    headers: { authorization: `Bearer ${hlj001}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function stored(id: string): Promise<number> {
  const r = await fetch(`${api.url}/submissions/${encodeURIComponent(id)}?instituteId=HLJ-001`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  await r.arrayBuffer();
  return r.status;
}

const expectErrorShape = (body: any) => {
  expect(typeof body.code).toBe("string");
  expect(body.code).toMatch(/^[A-Z_]+$/);
  expect(typeof body.message.zh).toBe("string");
  expect(typeof body.message.en).toBe("string");
  expect(typeof body.details).toBe("object");
};

describe("HTTP edges", () => {
  const MALFORMED = ["%E0%A4%A", "%", "%zz", "%E0%A4", "%C0%80", "%ED%A0%80", "%FF", "abc%2"];

  test.each(MALFORMED)("GET /api/submissions/%s → 400 MALFORMED_PATH in the error shape, not 500", async (seg) => {
    expect(matchRoute("GET", `submissions/${seg}`)).toBe("malformed-path");
    const r = await fetch(`${api.url}/submissions/${seg}`, { headers: { authorization: `Bearer ${hlj001}` } });
    expect(r.status).toBe(400);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    const body = await r.json();
    expectErrorShape(body);
    expect(body.code).toBe("MALFORMED_PATH");
  });

  test("JSON under text/plain, a form type or no Content-Type → 415 and nothing stored; application/json;charset=utf-8 is fine", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", undefined]) {
      const sub = aSubmission();
      const r = await post(sub, type ? { "content-type": type } : {});
      expect(r.status).toBe(415);
      const body = await r.json();
      expectErrorShape(body);
      expect(body.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(await stored(sub.submissionId)).toBe(404);
    }
    const ok = await post(aSubmission(), { "content-type": "application/json; charset=utf-8" });
    expect(ok.status).toBe(201);
  });

  test("headers above the server's limit → 431 in the error shape (not a bare socket close)", async () => {
    const { status, body, nosniff } = await new Promise<{ status: number; body: string; nosniff: string | undefined }>(
      (resolve, reject) => {
        const u = new URL(`${api.url}/health`);
        const req = httpRequest(
          { host: u.hostname, port: u.port, path: u.pathname, headers: { "x-padding": "a".repeat(64 * 1024) } },
          (res) => {
            let text = "";
            res.on("data", (c) => (text += c));
            res.on("end", () =>
              resolve({ status: res.statusCode!, body: text, nosniff: res.headers["x-content-type-options"] as string | undefined }),
            );
          },
        );
        req.on("error", reject);
        req.end();
      },
    );
    expect(status).toBe(431);
    expect(nosniff).toBe("nosniff");
    const parsed = JSON.parse(body);
    expectErrorShape(parsed);
    expect(parsed.code).toBe("HEADERS_TOO_LARGE");
  });

  test("X-Content-Type-Options: nosniff on answers of every kind (200, 401, 404, 405, file)", async () => {
    const answers = await Promise.all([
      fetch(`${api.url}/health`),
      fetch(`${api.url}/submissions`),
      fetch(`${api.url}/no-such-thing`),
      fetch(`${api.url}/health`, { method: "DELETE" }),
      fetch(`${api.url}/templates/institute.xlsx?instituteId=HLJ-001&year=2024`, { headers: { authorization: `Bearer ${hlj001}` } }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 405, 200]);
    for (const a of answers) {
      expect(a.headers.get("x-content-type-options")).toBe("nosniff");
      await a.arrayBuffer();
    }
  });
});

describe("amounts", () => {
  // One live submission per institute, year and period (issue 9): each group that stores one uses a year of its own.
  const withAmount = (amount: unknown) => {
    const s = aSubmission({ year: 2023 });
    s.contracts[0]!.contractAmount = amount as string;
    s.contracts[0]!.receipts = [];
    return s;
  };

  test.each([
    ["ten thousand nines", "9".repeat(10_000)],
    ["one fen above the ceiling", "1000000000000.01"],
    ["1e21 (a number)", 1e21],
    ["1e300 (a number)", 1e300],
    ["2,000,000,000,000 (grouped text)", "2,000,000,000,000"],
  ])("a contract amount of %s is refused with 400 naming the field; nothing stored", async (_label, amount) => {
    const s = withAmount(amount);
    const r = await post(s);
    expect(r.status).toBe(400);
    const body = await r.json();
    const issue = body.details.issues.find((i: { path: string }) => i.path === "contracts.0.contractAmount");
    expect(issue.code).toBe("AMOUNT_TOO_LARGE");
    expect(issue.message.zh).toContain(MONEY_CEILING);
    expect(await stored(s.submissionId)).toBe(404);
  });

  test("the ceiling itself is accepted; amounts are stored and returned fixed-point, never in exponent form", async () => {
    const s = withAmount(1e12);
    s.achievements[0]!.contractAmount = 1e-7 as never;
    s.achievements[0]!.receivedAmount = "0.00000001";
    const r = await post(s);
    expect(r.status).toBe(201);
    const body = await r.json();
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/"[\d.]+[eE][+-]?\d+"|:[\d.]+[eE][+-]?\d+/);
    expect(body.submission.contracts[0].contractAmount).toBe("1000000000000");
    expect(body.submission.achievements[0].contractAmount).toBe("0.0000001");
    // replaying what the API returned is accepted by the API's own schema
    expect(submission.safeParse(body.submission).success).toBe(true);
  });

  test("progress.xlsx never holds Infinity or exponent form, even for a figure stored before the ceiling", () => {
    const huge = "9".repeat(400);
    const report: ProgressReport = {
      region: "CN-HL",
      year: 2024,
      metrics: [
        {
          metric: "contract-turnover",
          description: { zh: "成交额", en: "Turnover" },
          unit: "CNY",
          kind: "annual",
          status: "measured",
          source: "s",
          actual: huge,
          target: "1e+25",
          gap: "5e+9988",
          completion: "1E-9",
          met: null,
        },
      ],
      completeness: { registered: 1, submitted: 1, missingCount: 0, rate: "1", missing: [] },
    };
    const model = progressSheetModel(report, { refreshedAt: "2024-12-31T00:00:00Z", rulesVersion: "t" });
    const ws = buildProgressWorkbook(model).getWorksheet(model.sheet)!;
    const values: unknown[] = [];
    ws.eachRow((row) => row.eachCell((c) => values.push(c.value)));
    for (const v of values) {
      if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
      if (typeof v === "number" || typeof v === "string") expect(String(v)).not.toMatch(/^[\d.]+e[+-]?\d+$/i);
      expect(String(v)).not.toMatch(/Infinity/);
    }
    expect(values).toContain(huge);
    expect(values).toContain("10000000000000000000000000");
    expect(values).toContain("0.000000001");
  });
});

describe("text and codes", () => {
  const withTitle = (title: string) => {
    const s = aSubmission({ year: 2022 });
    s.achievements[0]!.title = title;
    return s;
  };

  test.each([
    ["a control character", "成果\u0007名称", "TEXT_CONTROL_CHARACTER"],
    ["an escape sequence", "成果\u001b[31m", "TEXT_CONTROL_CHARACTER"],
    ["a C1 control", "成果\u0085", "TEXT_CONTROL_CHARACTER"],
    ["a lone high surrogate", "成果\ud800", "TEXT_CONTROL_CHARACTER"],
    ["a lone low surrogate", "\udc00成果", "TEXT_CONTROL_CHARACTER"],
    ["a right-to-left override", "报告\u202Efdp.exe", "TEXT_CONTROL_CHARACTER"],
    ["a bidi isolate", "报告\u2067x\u2069", "TEXT_CONTROL_CHARACTER"],
    ["zero-width characters only", "\u200B\u200C\u200D\u2060\uFEFF", "TEXT_EMPTY"],
    ["spaces and joiners only", " \u200D \u3000 ", "TEXT_EMPTY"],
  ])("a title with %s is refused (400 %s on its path); nothing stored", async (_what, title, code) => {
    const s = withTitle(title);
    const r = await post(s);
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: "achievements.0.title", code })]));
    expect(await stored(s.submissionId)).toBe(404);
  });

  test("documented normalisation: line breaks and tabs become spaces, zero-width spaces are stripped, emoji pairs kept", async () => {
    const s = withTitle("寒地\t水稻\n育秧\u200B装备 🌾");
    const r = await post(s);
    expect(r.status).toBe(201);
    expect((await r.json()).submission.achievements[0].title).toBe("寒地 水稻 育秧装备 🌾");
  });

  test("buyer region CN-ZZ and seller region CN-XX are refused over JSON as over the workbook", async () => {
    const s = aSubmission();
    s.contracts[0]!.buyer.region = "CN-ZZ";
    s.contracts[0]!.seller.region = "CN-XX";
    const r = await post(s);
    expect(r.status).toBe(400);
    const paths = (await r.json()).details.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`);
    expect(paths).toEqual(expect.arrayContaining(["contracts.0.buyer.region:NOT_IN_LIST", "contracts.0.seller.region:NOT_IN_LIST"]));
  });

  test("templateVersion 9.9.9 is refused over JSON as over the workbook", async () => {
    const s = { ...aSubmission(), templateVersion: "9.9.9" };
    const r = await post(s);
    expect(r.status).toBe(400);
    expect((await r.json()).details.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "templateVersion", code: "TEMPLATE_VERSION_UNSUPPORTED" })]),
    );
  });

  test("a wrong type says WRONG_TYPE and what arrived, not 'required field is missing'", async () => {
    const s = { ...aSubmission(), year: "二〇二四" };
    const r = await post(s);
    expect(r.status).toBe(400);
    const issue = (await r.json()).details.issues.find((i: { path: string }) => i.path === "year");
    expect(issue.code).toBe("WRONG_TYPE");
    expect(issue.message.en).toContain("received string");
  });
});
