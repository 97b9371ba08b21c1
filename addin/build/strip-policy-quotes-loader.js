/**
 * webpack loader for shared/src/generated/policy-data.ts, in the functions bundle only: drops each
 * reference's `quote` (the verbatim clause text) and `title` (the document title), ~15 KB of Chinese
 * text that no add-in code path reads (traces cite `seed` + `section` via clauseOf). This keeps the
 * functions script under its 150 KB budget. The full text stays in shared/policy/*.yaml and in the
 * cloud API. tests/addin/built-bundle.test.ts compares EXPLAIN on the built bundle with the engine in
 * Node, so a future engine use of these fields would fail a test rather than show "undefined".
 */
module.exports = function stripPolicyQuotes(source) {
  return source.replace(/^\s*"(quote|title)": ".*",?\r?\n/gm, "");
};
