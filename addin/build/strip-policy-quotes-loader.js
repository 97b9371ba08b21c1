/**
 * webpack loader for shared/src/generated/policy-data.ts, in the add-in bundles: rewrites the three data
 * constants without what the add-in never reads, to keep functions.js under its 150 KB budget:
 *   - each reference's `quote` (the verbatim clause text, ~10 KB): emitted as policy-quotes.json beside
 *     the add-in and fetched lazily by TT.EXPLAIN (addin/functions/quotes.ts);
 *   - each reference's `title` and `number`: the same for every parameter of a document, kept ONCE in
 *     DOCUMENTS, from which every citation is built (shared/src/policy/citation.ts);
 *   - each document's `reading` (the evidence for its effective date; the date itself stays).
 * The constants are parsed as JSON (the generator writes `export const X: T = <JSON>;`), so the loader
 * does not depend on how the JSON is laid out. The full data stays in shared/policy/*.yaml and the API.
 * tests/addin/built-bundle.test.ts compares EXPLAIN on the built bundle with the engine in Node.
 */
const DROP = {
  PARAMETERS: (item) => dropReference(item),
  TARGETS: (item) => dropReference(item),
  DOCUMENTS: ({ reading: _reading, ...document }) => document,
};

function dropReference(item) {
  const { quote: _q, title: _t, number: _n, ...reference } = item.reference;
  return { ...item, reference };
}

module.exports = function stripPolicyQuotes(source) {
  return source.replace(/^export const (PARAMETERS|TARGETS|DOCUMENTS)(: [^=]+)? = ([\s\S]*?);$/gm, (_all, name, type, json) => {
    const data = JSON.parse(json).map(DROP[name]);
    return `export const ${name}${type || ""} = ${JSON.stringify(data)};`;
  });
};
