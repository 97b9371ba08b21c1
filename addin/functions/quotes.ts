/**
 * The quoted clauses behind TT.EXPLAIN, loaded lazily. The functions bundle keeps the titles, numbers,
 * articles and dates (packages/engine/policy/documents) but not the verbatim clause text, which would push it past
 * its 150 KB budget: `npm run build:policy` writes the quotes to policy-quotes.json, webpack copies it
 * beside functions.js, and the first EXPLAIN fetches it once and keeps it for the session.
 * Where the engine still carries the quote (Node, the cloud API), it is used directly.
 */
import type { ParameterUse } from "@tt/engine";

/** parameter or target id → the words of the clause. */
export type QuoteTable = Readonly<Record<string, string>>;

export const QUOTES_FILE = "policy-quotes.json";

/** Where this script was loaded from, captured while it runs for the first time (currentScript is null later). */
const scriptUrl: string | undefined = (() => {
  try {
    const s = (globalThis as { document?: { currentScript?: { src?: string } | null } }).document?.currentScript;
    return s?.src || undefined;
  } catch {
    return undefined;
  }
})();

export function quotesUrl(): string | undefined {
  const base = scriptUrl ?? (globalThis as { location?: { href?: string } }).location?.href;
  if (!base) return undefined;
  try {
    return new URL(QUOTES_FILE, base).toString();
  } catch {
    return undefined;
  }
}

let pending: Promise<QuoteTable> | undefined;
let loader: (() => Promise<QuoteTable>) | undefined;

/** Replace how the quotes are fetched (tests, or a host that serves them elsewhere); resets the cache. */
export function setQuoteLoader(load: (() => Promise<QuoteTable>) | undefined): void {
  loader = load;
  pending = undefined;
}

async function fetchQuotes(): Promise<QuoteTable> {
  const url = quotesUrl();
  const f = (globalThis as { fetch?: typeof fetch }).fetch;
  if (!url || !f) return {};
  const res = await f(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as QuoteTable;
}

/** The quote table, fetched once; a failed fetch is retried on the next call (never cached as empty). */
export function loadQuotes(): Promise<QuoteTable> {
  if (!pending) {
    const attempt = (loader ?? fetchQuotes)();
    pending = attempt.catch((e) => {
      pending = undefined;
      throw e;
    });
  }
  return pending;
}

/** The quoted clause of a parameter: from the engine when present, else from the lazily loaded table. */
export async function quoteOf(p: Pick<ParameterUse, "id" | "reference">): Promise<string | undefined> {
  if (p.reference.quote) return p.reference.quote;
  try {
    return (await loadQuotes())[p.id];
  } catch {
    return undefined;
  }
}
