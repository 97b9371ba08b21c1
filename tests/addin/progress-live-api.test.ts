/**
 * TT.PROGRESS and TT.TARGETGAP against the real cloud API (local host + embedded Cosmos DB): the add-in's
 * batch client and the API's POST /api/progress/batch must agree on the contract, and the live actual must
 * be the one GET /api/progress reports after a submission.
 */
import * as TT from "../../addin/functions/functions";
import { setApiBaseUrl, setAuthToken, setLanguage } from "../../addin/functions/runtime-state";
import type { StandInExcelError } from "../../addin/functions/excel-errors";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { aSubmission } from "../functions/helpers";

let api: LocalApi;
const clearCache = () => (globalThis as unknown as { TTAddin: { clearLiveCache(): void } }).TTAddin.clearLiveCache();

beforeAll(async () => {
  api = await startLocalApi();
  setApiBaseUrl(api.url.replace(/\/api$/, ""));
  setLanguage("en");
  const institute = await api.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL", subject: "t" });
  for (const sectors of [["new-materials", "biotechnology"], ["digital-economy"]]) {
    const r = await fetch(`${api.url}/submissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${institute}`, "content-type": "application/json" },
      body: JSON.stringify(aSubmission({ instituteId: "HLJ-001", year: 2024, sectors, period: sectors.length === 2 ? "H1" : "H2" })),
    });
    expect(r.status).toBe(201);
  }
});
afterAll(async () => {
  setApiBaseUrl(null);
  setAuthToken(null);
  setLanguage(null);
  await api.close();
});
beforeEach(() => clearCache());

test("a province officer's TT.PROGRESS(2024) is the submitted count, and TT.TARGETGAP(2024) is 80 minus it", async () => {
  setAuthToken(await api.token({ role: "province", region: "CN-HL", subject: "p" }));
  const expected = await fetch(`${api.url}/progress?region=CN-HL&year=2024`, {
    headers: { authorization: `Bearer ${await api.token({ role: "province", region: "CN-HL", subject: "p" })}` },
  }).then((r) => r.json());
  const actual = Number(expected.metrics.find((m: { metric: string }) => m.metric === "industrialised").actual);
  expect(actual).toBe(3);
  const [progress, gap] = await Promise.all([
    TT.PROGRESS([[2024]], "industrialised", "CN-HL"),
    TT.TARGETGAP([[2024]], null as never, null as never, null as never),
  ]);
  expect(progress).toEqual([[actual]]);
  expect(gap).toEqual([[80 - actual]]);
});

test("without a sign-in every cell is #N/A saying to sign in, never a stale or zero value", async () => {
  setAuthToken(null);
  const out = await TT.PROGRESS([[2024]], "industrialised", "CN-HL");
  const err = out[0]![0] as StandInExcelError;
  expect(err.code).toBe("#N/A");
  expect(err.message).toMatch(/sign in/i);
});

test("a Hebei officer asking for Heilongjiang gets #N/A with the API's reason for that cell only", async () => {
  setAuthToken(await api.token({ role: "province", region: "CN-HE", subject: "h" }));
  const [hl, he] = await Promise.all([
    TT.PROGRESS([[2024]], "industrialised", "CN-HL"),
    TT.PROGRESS([[2024]], "contract-turnover", "CN-HE"),
  ]);
  expect((hl[0]![0] as StandInExcelError).code).toBe("#N/A");
  expect(typeof he[0]![0]).toBe("number");
});
