/** The zh-CN metadata is generated from @zh/@zhparam tags; anything missing or stray stops the build. */
import { localizeMetadata, readChineseDocs } from "../../scripts/localize-functions";

const metadata = JSON.stringify({
  functions: [
    {
      id: "ADD",
      name: "ADD",
      description: "Adds",
      parameters: [
        { name: "first", description: "First" },
        { name: "second", description: "Second" },
      ],
    },
  ],
});
const source = (tags: string) => `
/**
 * Adds two numbers.
 ${tags}
 * @customfunction
 * @param first First
 * @param second Second
 */
export function add(first: number, second: number): number { return first + second; }
/** Not a custom function. @zh 不是 */
export function helper() {}
`;

test("Chinese descriptions and argument names replace the English ones; function ids and names stay", () => {
  const zh = readChineseDocs("f.ts", source("* @zh 两数相加。\n * @zhparam first 加数：第一个数\n * @zhparam second 被加数：第二个数"));
  const out = JSON.parse(localizeMetadata(metadata, zh));
  expect(out.functions[0]).toEqual({
    id: "ADD",
    name: "ADD",
    description: "两数相加。",
    parameters: [
      { name: "加数", description: "第一个数" },
      { name: "被加数", description: "第二个数" },
    ],
  });
});

test("a @zhparam without a Chinese argument name fails: the Chinese view never shows the English name", () => {
  const zh = readChineseDocs("f.ts", source("* @zh 两数相加。\n * @zhparam first 第一个数\n * @zhparam second 被加数：第二个数"));
  expect(() => localizeMetadata(metadata, zh)).toThrow(/ADD: @zhparam first has no Chinese argument name/);
});

test("a missing translation or a stray @zhparam fails, naming each problem", () => {
  const zh = readChineseDocs("f.ts", source("* @zh 两数相加。\n * @zhparam first 加数：第一个数\n * @zhparam third 第三：第三个"));
  expect(() => localizeMetadata(metadata, zh)).toThrow(
    /ADD: no @zhparam for parameter second[\s\S]*ADD: @zhparam third names no parameter/,
  );
  expect(() => localizeMetadata(metadata, readChineseDocs("f.ts", source("")))).toThrow(/ADD: no @zh description/);
});
