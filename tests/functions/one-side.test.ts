/**
 * 001 二(四) across submissions: "对同一年度同一技术交易项目的双方给予单方面支持". When the seller institute and
 * the buyer both submit the same registered contract for the same year, neither can be approved until the
 * reviewer returns one of them; reviewers see the conflict on GET. Real handlers, embedded Cosmos DB.
 */
import { submissionsPost } from "../../functions/submissions-post";
import { submissionGet } from "../../functions/submission-get";
import { submissionApprove } from "../../functions/submission-approve";
import { submissionReturn } from "../../functions/submission-return";
import { aSubmission, call, fixture, type Fixture } from "./helpers";

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(() => f.close());

async function both(year: number, registrationNumber: string) {
  const seller = aSubmission({ instituteId: "HLJ-001", year });
  seller.contracts[0]!.registrationNumber = registrationNumber;
  seller.contracts[0]!.role = "seller";
  const buyer = aSubmission({ instituteId: "HLJ-002", year });
  buyer.contracts[0]!.registrationNumber = registrationNumber;
  buyer.contracts[0]!.role = "buyer";
  for (const [s, id] of [
    [seller, "HLJ-001"],
    [buyer, "HLJ-002"],
  ] as const) {
    const token = await f.token({ role: "institute", instituteId: id, region: "CN-HL" });
    const r = await call(submissionsPost, f.services, { method: "POST", token, body: s });
    expect(r.status).toBe(201);
  }
  return { seller, buyer };
}

test("both sides of one deal in one year: approval is refused with the clause until one side is returned", async () => {
  const province = await f.token({ role: "province", region: "CN-HL" });
  const { seller, buyer } = await both(2024, "2024230199990001");

  const seen = await call(submissionGet, f.services, { token: province, params: { id: seller.submissionId } });
  expect(seen.body.oneSideConflicts).toHaveLength(1);
  expect(seen.body.oneSideConflicts[0]).toMatchObject({
    transactionId: "2024230199990001",
    year: 2024,
    clause: "黑政发〔2017〕16号第二部分第（四）项",
  });

  const refused = await call(submissionApprove, f.services, {
    method: "POST",
    token: province,
    params: { id: seller.submissionId },
    body: {},
  });
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe("ONE_SIDE_CONFLICT");
  expect(refused.body.message.zh).toContain("同一年度同一项目只能支持一方");
  const unchanged = await call(submissionGet, f.services, { token: province, params: { id: seller.submissionId } });
  expect(unchanged.body.status).toBe("submitted");

  const returned = await call(submissionReturn, f.services, {
    method: "POST",
    token: province,
    params: { id: buyer.submissionId },
    body: { reason: "同一技术交易已由出让方申请" },
  });
  expect(returned.status).toBe(200);
  const approved = await call(submissionApprove, f.services, {
    method: "POST",
    token: province,
    params: { id: seller.submissionId },
    body: {},
  });
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe("approved");
});

test("the same deal claimed in different years is not a conflict", async () => {
  const province = await f.token({ role: "province", region: "CN-HL" });
  const a = aSubmission({ instituteId: "HLJ-003", year: 2023 });
  a.contracts[0]!.registrationNumber = "2023230199990002";
  const b = aSubmission({ instituteId: "HLJ-004", year: 2024 });
  b.contracts[0]!.registrationNumber = "2023230199990002";
  b.contracts[0]!.signedDate = "2023-12-01";
  for (const [s, id] of [
    [a, "HLJ-003"],
    [b, "HLJ-004"],
  ] as const) {
    const r = await call(submissionsPost, f.services, {
      method: "POST",
      token: await f.token({ role: "institute", instituteId: id, region: "CN-HL" }),
      body: s,
    });
    expect(r.status).toBe(201);
  }
  const r = await call(submissionApprove, f.services, { method: "POST", token: province, params: { id: b.submissionId }, body: {} });
  expect(r.status).toBe(200);
});

test("an institute does not see who else claims its contract", async () => {
  const { seller } = await both(2025, "2025230199990003");
  const own = await call(submissionGet, f.services, {
    token: await f.token({ role: "institute", instituteId: "HLJ-001", region: "CN-HL" }),
    params: { id: seller.submissionId },
  });
  expect(own.status).toBe(200);
  expect(own.body.oneSideConflicts).toBeUndefined();
});
