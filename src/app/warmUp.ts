import type { Logger } from "pino";
import { Agent, fetch } from "undici";
import type { WarmState } from "./readiness";

/** Concurrent copies of the warm-up set (at most), after one copy alone: opens pooled connections, exercises the hot path. */
const MAX_PARALLEL = 8;
const SET_SIZE = 7;
const ROUNDS = 2;

const TERM = "query WarmTerm { searchTerms(limit: 1, sort: [{ keyword: ASC }]) { keyword } }";
/** Scalar-only selection: the batched form of the suggestion statement (through the request's DataLoader). */
const SUGGEST_BATCHED = "query WarmSuggest($q: String!) { suggestArticles(query: $q) { title url summary priority updatedAt } }";
/** A selection reaching into relationships: the single form, as @neo4j/graphql translates and runs it. */
const SUGGEST_SINGLE = "query WarmSuggestSingle($q: String!) { suggestArticles(query: $q, limit: 3) { url resolvedBy(limit: 1) { keyword } } }";
const FULLTEXT = "query WarmFulltext($q: String!) { searchTermsFulltext(phrase: $q, first: 3) { edges { score node { keyword } } } }";
/** Suggestions with their paths (the explain statement) and from text (the terms statement). */
const SUGGESTIONS = "query WarmSuggestions($q: String!) { suggestions(query: $q) { rank hops path { label } article { url } } }";
const FROM_TEXT = "query WarmText($t: String!) { suggestFromText(text: $t) { rank reason article { url } } }";
const PUSH_PREVIEW = `mutation WarmPush($q: String!) {
  pushToAgentAssist(input: { interactionId: "0", agentId: "warm-up", query: $q, dryRun: true }) { status cards { url } }
}`;

/**
 * Readiness means the first burst is served like any other: before /readyz says 200, the gateway runs each of
 * its statements (the suggestion statement in its batched and single forms, with an exact term and with the
 * full-text fallback, the generated API, a push preview, suggestions with paths and from text) over HTTP to its own listener, several at once, so
 * Neo4j has planned them, the pool holds open connections, and V8 has compiled the whole request path.
 * `headers` identify the warm-up to the context factory (a per-process secret; no caller credentials needed).
 */
export async function warmUp(
  url: string,
  headers: Record<string, string>,
  limits: { maxConcurrent: number; maxConnectionsPerClient: number },
  logger: Logger,
): Promise<void> {
  // Never more at once than the admission queue runs, so the warm-up cannot overload the gateway it warms, and
  // never more connections than one client may hold.
  const parallel = Math.max(1, Math.min(MAX_PARALLEL, Math.floor(limits.maxConcurrent / SET_SIZE)));
  const agent = new Agent({ connections: Math.max(1, Math.min(parallel * SET_SIZE, limits.maxConnectionsPerClient - 1)) });
  try {
    await warmWith(url, headers, parallel, agent, logger);
  } finally {
    await agent.close();
  }
}

async function warmWith(url: string, headers: Record<string, string>, parallel: number, agent: Agent, logger: Logger): Promise<void> {
  const started = Date.now();
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, {
      dispatcher: agent,
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] };
    if (result.errors?.length) throw new WarmUpFailure(result.errors.map((e) => String(e.extensions?.code)));
    return result.data;
  };
  const terms = (await run(TERM))?.searchTerms as { keyword: string }[] | undefined;
  const exact = terms?.[0]?.keyword ?? "warm up";
  const fuzzy = `${exact} warmup`;
  const set = () => [
    () => run(SUGGEST_BATCHED, { q: exact }),
    () => run(SUGGEST_BATCHED, { q: fuzzy }),
    () => run(SUGGEST_SINGLE, { q: exact }),
    () => run(FULLTEXT, { q: exact }),
    () => run(PUSH_PREVIEW, { q: exact }),
    () => run(SUGGESTIONS, { q: exact }),
    () => run(FROM_TEXT, { t: `the customer said ${exact} twice` }),
  ];
  // First each statement alone, so a cold engine plans each once instead of many times at once.
  for (const step of set()) await step();
  for (let round = 0; round < ROUNDS; round++) {
    // allSettled: a failed copy must not leave others running into the next attempt.
    const outcomes = await Promise.allSettled(Array.from({ length: parallel }, () => set().map((step) => step())).flat());
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) throw failed.reason;
  }
  logger.info({ durationMs: Date.now() - started }, "warm-up done: statements planned, connections open");
}

/** Codes that mean "not yet" (Neo4j starting, busy or briefly away): the warm-up is tried again. */
const TRANSIENT = new Set(["KNOWLEDGE_GRAPH_UNAVAILABLE", "OVERLOADED"]);

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
  for (let delayMs = 500; !signal.aborted; delayMs = Math.min(delayMs * 2, 10_000)) {
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
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
  return false;
}
