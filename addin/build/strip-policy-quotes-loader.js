/**
 * webpack loader for shared/src/generated/policy-data.ts, in the functions bundle only: drops text no add-in
 * code path reads — each reference's `quote` (the verbatim clause) and `title`, each target's `wording` (the
 * bound word and phrase, shown by the API's progress report) and `measure` (which records count, used by the
 * API only) — and writes the data without indentation. This keeps the functions script under its 150 KB
 * budget. The full text stays in shared/policy/*.yaml and in the cloud API. tests/addin/built-bundle.test.ts
 * compares EXPLAIN and TT.STILLNEEDED on the built bundle with the engine in Node, so a future engine use of
 * these fields would fail a test rather than show "undefined".
 */
module.exports = function stripPolicyQuotes(source) {
  return source.replace(/(export const (?:PARAMETERS|TARGETS)[^=]*= )(\[[\s\S]*?\n\]);/g, (_all, head, json) => {
    const items = JSON.parse(json);
    for (const item of items) {
      if (item.reference) {
        delete item.reference.quote;
        delete item.reference.title;
      }
      delete item.wording;
      delete item.measure;
      for (const v of item.values ?? []) delete v.wording;
    }
    return `${head}${JSON.stringify(items)};`;
  });
};
