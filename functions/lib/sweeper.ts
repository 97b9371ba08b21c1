/**
 * The rollup sweeper: completes step 3 of the write protocol (repository.ts) for documents whose rollup
 * is still pending — a write cut short by a fault, a timeout or a crash. Progress is already correct while
 * they wait (reads overlay pending documents); the sweeper only keeps that overlay small.
 *
 * Runs under `npm start` (local/host.ts, every SWEEP_INTERVAL_MS) and in the Functions app as a timer
 * trigger (index.ts). In Azure, a change-feed processor on `submissions` is the production equivalent;
 * the timer stays correct there too because applying a document twice changes nothing.
 */
import type { Repository } from "./repository";

export const SWEEP_INTERVAL_MS = Number(process.env.SWEEP_INTERVAL_MS ?? 2000);
/**
 * Documents younger than this (by `updatedAt`) are left to the request that wrote them, which is still
 * completing its own rollup: sweeping them too would only repeat its work (the result is the same).
 */
export const SWEEP_MIN_AGE_MS = Number(process.env.SWEEP_MIN_AGE_MS ?? 10_000);

export interface Sweeper {
  /** One pass now (also used by tests). Returns how many documents it completed. */
  runOnce(): Promise<number>;
  /**
   * Stops the timer and ends a pass in flight at its next step, resolving once it has ended: nothing of it
   * reaches the store after this (a host closes its store next). What it left is still marked.
   */
  stop(): Promise<void>;
}

export function startSweeper(
  repo: Repository,
  opts: { intervalMs?: number; minAgeMs?: number; log?: (line: string) => void } = {},
): Sweeper {
  let running: Promise<number> | null = null;
  const stopping = new AbortController();
  const runOnce = () => {
    running ??= repo.sweep(undefined, opts.minAgeMs ?? SWEEP_MIN_AGE_MS, stopping.signal).finally(() => {
      running = null;
    });
    return running;
  };
  let lastError = "";
  const timer = setInterval(() => {
    runOnce().then(
      () => void (lastError = ""),
      (e) => {
        const line = `sweeper: ${e instanceof Error ? e.message : String(e)} (retried every pass)`;
        if (line !== lastError) opts.log?.(line); // once per outage, not every pass
        lastError = line;
      },
    );
  }, opts.intervalMs ?? SWEEP_INTERVAL_MS);
  timer.unref?.();
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      stopping.abort();
      await running?.catch(() => 0); // its failure was logged by the timer, or is the caller's of runOnce
    },
  };
}
