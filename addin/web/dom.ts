/** Small DOM helpers shared by the web page and the task pane's review queue. */
import type { Bilingual } from "@tt/engine";
import type { Language } from "./i18n";

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Omit<HTMLElementTagNameMap[K], "dataset">> & { dataset?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}

/** A table with a header row; `numeric` columns are right-aligned. */
export function table(head: string[], rows: (Node | string)[][], numeric: number[] = []): HTMLTableElement {
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c, i) => el("td", numeric.includes(i) ? { className: "num" } : {}, c))))),
  );
}

/** 1234567.5 → "1,234,567.50" (the stored decimal string, grouped; never exponent form). */
export function money(v: string | null | undefined): string {
  if (v === null || v === undefined) return "—";
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return v;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${(m[3] ?? "").padEnd(2, "0").slice(0, 2)}`;
}

export const pickIn =
  (lang: Language) =>
  (b: Bilingual | null | undefined): string =>
    b ? (lang === "zh" ? b.zh : b.en) : "";

/** A decimal string with thousands separators, decimals kept as they are ("30000000000" → "30,000,000,000"). */
export function grouped(v: string | null | undefined): string {
  if (v === null || v === undefined) return "—";
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(v);
  return m ? `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${m[3] ?? ""}` : v;
}
