/**
 * Live actuals: many cells in one recalculation make ONE request; answers are cached; a failing server
 * turns every waiting cell into #N/A with the reason (never a cell stuck on #BUSY!).
 */
import * as TT from "../../addin/functions/functions";
import { ProgressClient } from "../../addin/functions/progress-client";
import { setApiBaseUrl, setAuthToken, setLanguage } from "../../addin/functions/runtime-state";
import type { StandInExcelError } from "../../addin/functions/excel-errors";
import { startProgressServer, type ProgressServer } from "./support/progress-server";

let server: ProgressServer;
const api = () => (globalThis as unknown as { TTAddin: { clearLiveCache(): void } }).TTAddin;

beforeAll(async () => {
  server = await startProgressServer();
  setApiBaseUrl(server.url);
  setLanguage("en");
});
afterAll(async () => {
  setApiBaseUrl(null);
  setAuthToken(null);
  setLanguage(null);
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.mode = "ok";
  api().clearLiveCache();
});

const cells = (n: number, call: () => Promise<unknown[][]>) => Promise.all(Array.from({ length: n }, call));

test("500 cells asking for the live actual make ONE HTTP request", async () => {
  const results = await cells(500, () => TT.PROGRESS([[2024]], null as never, null as never));
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0]!.body).toEqual({ requests: [{ region: "CN-HL", year: 2024 }] });
  expect(results.every((r) => r[0]![0] === 55)).toBe(true);
});

test("TARGETGAP without an actual uses the live actual; distinct (region, year) pairs share the one request", async () => {
  const [gap, other, range] = await Promise.all([
    TT.TARGETGAP([[2024]], null as never, null as never, null as never),
    TT.PROGRESS([[2025]], "industrialised", "CN-HL"),
    TT.PROGRESS([[2024], [2024]], "contract-turnover", "CN-HL"),
  ]);
  expect(gap).toEqual([[25]]); // 80 − 55
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0]!.body.requests).toEqual(
    expect.arrayContaining([
      { region: "CN-HL", year: 2024 },
      { region: "CN-HL", year: 2025 },
    ]),
  );
  expect((other[0]![0] as StandInExcelError).code).toBe("#N/A"); // actual null: not reported yet
  expect((other[0]![0] as StandInExcelError).message).toContain("No actual has been reported yet");
  expect(range).toEqual([[1000], [1000]]);
});

test("identical requests within the cache lifetime are answered without a new request", async () => {
  await TT.PROGRESS([[2024]], null as never, null as never);
  await TT.PROGRESS([[2024]], null as never, null as never);
  await TT.TARGETGAP([[2024]], null as never, null as never, null as never);
  expect(server.requests).toHaveLength(1);
});

test("the sign-in token set by the task pane is sent as a bearer token", async () => {
  setAuthToken("token-123");
  try {
    await TT.PROGRESS([[2024]], null as never, null as never);
    expect(server.requests[0]!.authorization).toBe("Bearer token-123");
  } finally {
    setAuthToken(null);
  }
});

test("bad input is rejected locally, before any request", async () => {
  const [[cell]] = (await TT.PROGRESS([[1999]], null as never, null as never)) as [[unknown]];
  expect((cell as StandInExcelError).code).toBe("#VALUE!");
  const [[metric]] = (await TT.PROGRESS([[2024]], "unicorns", "CN-HL")) as [[unknown]];
  expect((metric as StandInExcelError).code).toBe("#N/A");
  expect(server.requests).toHaveLength(0);
});

test.each([
  ["http-500", "HTTP 500"],
  ["malformed", "malformed JSON"],
] as const)("a failing server (%s) turns all 500 cells into #N/A with the reason", async (mode, reason) => {
  server.mode = mode;
  const results = await cells(500, () => TT.PROGRESS([[2024]], null as never, null as never));
  expect(server.requests).toHaveLength(1);
  for (const [[cell]] of results as [[StandInExcelError]][]) {
    expect(cell!.code).toBe("#N/A");
    expect(cell!.message).toContain(reason);
    expect(cell!.message).toContain(server.url);
  }
});

test("a server error for one (region, year) is #N/A with the server's message for those cells only", async () => {
  const [bad, good] = await Promise.all([
    TT.PROGRESS([[2030]], null as never, null as never),
    TT.PROGRESS([[2024]], null as never, null as never),
  ]);
  expect((bad[0]![0] as StandInExcelError).message).toContain("no data");
  expect(good).toEqual([[55]]);
});

test("an unreachable server and a server that never answers both settle every cell with #N/A", async () => {
  const unreachable = new ProgressClient({ baseUrl: () => "http://127.0.0.1:9", batchWindowMs: 5 });
  await expect(unreachable.actual({ region: "CN-HL", year: 2024, metric: "industrialised" })).rejects.toMatchObject({ kind: "not-found" });

  server.mode = "hang";
  const slow = new ProgressClient({ baseUrl: () => server.url, batchWindowMs: 5, timeoutMs: 200 });
  const waiting = Array.from({ length: 20 }, () => slow.actual({ region: "CN-HL", year: 2024, metric: "industrialised" }).catch((e) => e));
  const settled = await Promise.all(waiting);
  expect(settled.every((e) => e.kind === "not-found" && /no answer within/.test(e.text.en))).toBe(true);
});
