import { setTimeout as delay } from "node:timers/promises";

/** An exponential backoff as data: attempt n waits up to `baseMs * 2^(n-1)`, never more than `capMs`. */
export interface Backoff {
  baseMs: number;
  capMs: number;
  /**
   * The share of each wait that is random: 0 waits exactly the ceiling, 0.5 somewhere in its upper half, 1 anywhere
   * from 0 to it ("full jitter"). Jitter keeps many processes that failed together from retrying together.
   */
  jitter: number;
}

/**
 * How long to wait after the `attempt`-th failure (1 = after the first). Every retry loop in the gateway (CXone
 * calls, queued pushes, the warm-up, the local Neo4j's restarts, the background deliverer) waits this way.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (1 - backoff.jitter) + ceiling * backoff.jitter * random());
}

/** Waits `ms`, or less when `signal` aborts (resolving, not rejecting: the caller checks the signal). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal ? { signal } : undefined).catch((error: unknown) => {
    if (!signal?.aborted) throw error;
  });
}
