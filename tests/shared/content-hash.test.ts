/** One content hash: the server's synchronous node:crypto hash equals the contract's Web Crypto one. */
import fc from "fast-check";
import { canonicalJson, contentHash } from "@tt/contract";
import { contentHash as serverContentHash } from "../../functions/lib/documents";
import { aSubmission } from "../functions/helpers";
import { submission } from "@tt/contract";

test("the server's hash of a parsed submission equals the contract's", async () => {
  const parsed = submission.parse(aSubmission());
  expect(serverContentHash(parsed)).toBe(await contentHash(parsed));
});

test("canonical JSON ignores key order and undefined members, and equal content gives equal hashes", async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (v) => {
      const reordered = JSON.parse(
        JSON.stringify(v, (_k, x) =>
          x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).reverse()) : x,
        ),
      );
      expect(canonicalJson(reordered)).toBe(canonicalJson(v));
      expect(await contentHash(reordered)).toBe(await contentHash(v));
    }),
    { numRuns: 200 },
  );
  expect(canonicalJson({ b: 1, a: undefined, c: [undefined, 2] })).toBe('{"b":1,"c":[null,2]}');
});
