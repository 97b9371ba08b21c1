/** Test fixtures: an embedded Cosmos server per test file (random port), real SDK, real handlers. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HttpRequest, InvocationContext, type HttpResponseInit } from "@azure/functions";
import type { SubmissionInput } from "@tt/contract";
import { regionSectors } from "@tt/engine";
import { startEmbeddedCosmos, type EmbeddedCosmos } from "../../functions/local/embedded-cosmos";
import { devAuthenticator, signDevToken, type DevClaims } from "../../functions/local/dev-key";
import { openServices, type Services } from "../../functions/lib/services";
import type { Handler } from "../../functions/lib/http";
import { SUBMISSION_EXAMPLE } from "../../functions/lib/examples";

export interface Fixture {
  cosmos: EmbeddedCosmos;
  services: Services;
  keyDir: string;
  token(claims: DevClaims): Promise<string>;
  close(): Promise<void>;
}

export async function fixture(): Promise<Fixture> {
  const cosmos = await startEmbeddedCosmos(0);
  const keyDir = mkdtempSync(path.join(tmpdir(), "tt-devkey-"));
  const services = await openServices({ cosmos, auth: await devAuthenticator(keyDir), seedSampleInstitutes: true });
  return {
    cosmos,
    services,
    keyDir,
    token: (claims) => signDevToken(claims, keyDir),
    close: async () => {
      services.repo.dispose();
      await cosmos.close();
    },
  };
}

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  rawBody?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, string>;
}

const silent = new InvocationContext({ logHandler: () => undefined });

export async function call(handler: Handler, services: Services, o: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const body = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  // Like every real client, a JSON body is sent as application/json unless the test says otherwise.
  if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === "content-type"))
    headers["content-type"] = "application/json";
  const req = new HttpRequest({
    method: o.method ?? "GET",
    url: "http://localhost/api/test",
    headers,
    ...(o.query ? { query: o.query } : {}),
    ...(o.params ? { params: o.params } : {}),
    ...(body !== undefined ? { body: { string: body } } : {}),
  });
  const res: HttpResponseInit = await handler(req, silent, services);
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries((res.headers ?? {}) as Record<string, string>)) h[k.toLowerCase()] = v;
  return { status: res.status ?? 200, body: res.jsonBody ?? res.body, headers: h };
}

let counter = 0;
/** A valid submission for an institute (sample register), with `n` achievements of the given sectors. */
export function aSubmission(over: Partial<SubmissionInput> & { sectors?: string[] } = {}): SubmissionInput {
  const { sectors, ...rest } = over;
  const year = rest.year ?? 2024;
  const instituteId = rest.instituteId ?? "HLJ-001";
  const region = rest.region ?? (instituteId.startsWith("HEB") ? "CN-HE" : "CN-HL");
  const base = structuredClone(SUBMISSION_EXAMPLE);
  // The region's own first field by default (Heilongjiang: new-materials as before; Hebei: 004 第2条's first).
  const achievements = (sectors ?? [region === "CN-HE" ? regionSectors("CN-HE")[0]!.id : "new-materials"]).map((sector, i) => ({
    ...base.achievements[0]!,
    title: `成果 ${i + 1}`,
    sector: sector as never,
    year,
    date: `${year}-05-20`,
  }));
  const contracts = base.contracts.map((c) => ({
    ...c,
    registrationNumber: `${year}2301${String(++counter).padStart(8, "0")}`,
    signedDate: `${year}-03-15`,
    receipts: [{ date: `${year}-04-01`, amount: "800000.00" }],
  }));
  return {
    ...base,
    submissionId: `test-${instituteId}-${year}-${++counter}-${Math.random().toString(36).slice(2, 8)}`,
    instituteId,
    region,
    year,
    achievements,
    contracts,
    ...rest,
  } as SubmissionInput;
}
