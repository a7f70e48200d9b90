import { print, type DocumentNode } from "graphql";
import type { Logger } from "pino";
import { Agent, fetch } from "undici";
import { WARM_UP_SAMPLE_QUERY } from "../features/suggestions";
import type { WarmUpOperation, WarmUpSample } from "../platform/graphql/feature";
import { backoffDelay, sleep } from "../platform/resilience/backoff";
import { ErrorCode } from "../platform/errors/codes";
import { FEATURES } from "./features";
import type { WarmState } from "./readiness";

/** Concurrent copies of the warm-up set (at most), after one copy alone: opens pooled connections, exercises the hot path. */
const MAX_PARALLEL = 8;
const ROUNDS = 2;

/**
 * Readiness means the first burst is served like any other: before /readyz says 200, the gateway runs every
 * feature's warm-up operations (each feature declares those that plan its statements) over HTTP to its own
 * listener, several at once, so Neo4j has planned them, the pool holds open connections, and V8 has compiled the
 * whole request path.
 * `headers` identify the warm-up to the context factory (a per-process secret; no caller credentials needed).
 */
export async function warmUp(
  url: string,
  headers: Record<string, string>,
  limits: { maxConcurrent: number; maxConnectionsPerClient: number },
  logger: Logger,
  options: { rounds?: number } = {},
): Promise<void> {
  // Never more at once than the admission queue runs, so the warm-up cannot overload the gateway it warms, and
  // never more connections than one client may hold.
  const setSize = warmUpSet({ exact: "", fuzzy: "" }).length;
  const parallel = Math.max(1, Math.min(MAX_PARALLEL, Math.floor(limits.maxConcurrent / setSize)));
  const agent = new Agent({
    connections: Math.max(1, Math.min(parallel * setSize, limits.maxConnectionsPerClient - 1)),
  });
  try {
    await warmWith(url, headers, parallel, agent, logger, options.rounds ?? ROUNDS);
  } finally {
    await agent.close();
  }
}

/** The warm-up's documents (its values travel as variables): trusted, so a gateway that requires trusted documents warms up too. */
export function warmUpDocuments(): string[] {
  return [WARM_UP_SAMPLE_QUERY, ...warmUpSet({ exact: "", fuzzy: "" }).map((op) => op.query)].map((d) => print(d));
}

/** Every feature's warm-up operations for this sample of the graph. */
function warmUpSet(sample: WarmUpSample): WarmUpOperation[] {
  return FEATURES.flatMap((feature) => feature.warmUp?.(sample) ?? []);
}

async function warmWith(
  url: string,
  headers: Record<string, string>,
  parallel: number,
  agent: Agent,
  logger: Logger,
  rounds: number,
): Promise<void> {
  const started = Date.now();
  let requests = 0;
  const run = async (document: DocumentNode, variables: Record<string, unknown> = {}) => {
    requests += 1;
    const response = await fetch(url, {
      dispatcher: agent,
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const result = (await response.json()) as {
      data?: Record<string, unknown>;
      errors?: { extensions?: { code?: string } }[];
    };
    if (result.errors?.length) throw new WarmUpFailure(result.errors.map((e) => String(e.extensions?.code)));
    return result.data;
  };
  const terms = (await run(WARM_UP_SAMPLE_QUERY))?.searchTerms as { keyword: string }[] | undefined;
  const exact = terms?.[0]?.keyword ?? "warm up";
  const operations = warmUpSet({ exact, fuzzy: `${exact} warmup` });
  const set = () =>
    operations.map(
      ({ query, variables }) =>
        () =>
          run(query, variables),
    );
  // First each statement alone, so a cold engine plans each once instead of many times at once.
  for (const step of set()) await step();
  for (let round = 0; round < rounds; round++) {
    // allSettled: a failed copy must not leave others running into the next attempt.
    const outcomes = await Promise.allSettled(
      Array.from({ length: parallel }, () => set().map((step) => step())).flat(),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) throw failed.reason;
  }
  logger.info(
    { durationMs: Date.now() - started, requests },
    `warm-up done: ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, statements planned, connections open`,
  );
}

/** Waits between warm-up attempts: 0.5 s, doubling, at most 10 s. */
const WARM_UP_RETRY = { baseMs: 500, capMs: 10_000, jitter: 0 };

/** Codes that mean "not yet" (Neo4j starting, busy or briefly away): the warm-up is tried again. */
const TRANSIENT: ReadonlySet<string> = new Set([ErrorCode.KNOWLEDGE_GRAPH_UNAVAILABLE, ErrorCode.OVERLOADED]);

/** A warm-up operation answered with errors. */
export class WarmUpFailure extends Error {
  constructor(readonly codes: string[]) {
    super(`warm-up query failed (${codes.join(", ")})`);
    this.name = "WarmUpFailure";
  }

  /** True when trying again later may succeed; otherwise the gateway itself is broken and must not say ready. */
  get transient(): boolean {
    return this.codes.every((code) => TRANSIENT.has(code));
  }
}

/**
 * Warms up until it succeeds (Neo4j may be starting or briefly away), with backoff; marks `state` warm when done.
 * Resolves false if `signal` aborts first; rejects at once on a failure that trying again cannot fix.
 */
export async function warmUntilDone(
  attempt: () => Promise<void>,
  state: WarmState,
  logger: Logger,
  signal: AbortSignal,
): Promise<boolean> {
  state.warmed = false;
  state.detail = "warming up";
  for (let failures = 1; !signal.aborted; failures++) {
    const delayMs = backoffDelay(failures, WARM_UP_RETRY);
    try {
      await attempt();
      state.warmed = true;
      state.detail = "done";
      return true;
    } catch (error) {
      if (error instanceof WarmUpFailure && !error.transient) {
        state.detail = `warm-up failed: ${error.message}`;
        throw error;
      }
      state.detail = `warm-up failed: ${(error as Error).message}; retrying`;
      logger.warn({ err: error, retryInMs: delayMs }, "warm-up failed; retrying");
      if (signal.aborted) break;
      await sleep(delayMs, signal);
    }
  }
  return false;
}
