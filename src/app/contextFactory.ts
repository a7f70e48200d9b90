import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import { lazyChild } from "../platform/observability/lazyLogger";
import type { Authenticator } from "../platform/auth/authenticate";
import { requestIdOf } from "../platform/http/requestId";
import type { AdmissionQueue } from "../platform/resilience/AdmissionQueue";
import type { OutageLog } from "../platform/observability/outageLog";
import type { GatewayMetrics } from "../platform/observability/metrics";
import { knowledgeRequestScope, type KnowledgeLoop } from "../features/knowledge";
import type { AgentAssistPusher, LedgerScope } from "../features/push";
import {
  createSuggestionLoader,
  SharedReads,
  SuggestionCache,
  type ArticleProperties,
  type RankDefaults,
  type SuggestionLoader,
} from "../features/suggestions";
import type { ContextInput } from "../platform/graphql/context";
import type { GatewayContext } from "./context";

export interface ContextDeps {
  authenticate: Authenticator;
  driver: Driver;
  database: string;
  logger: Logger;
  queryTimeoutMs: number;
  pusher: AgentAssistPusher;
  metrics?: GatewayMetrics;
  admission?: AdmissionQueue;
  outages?: OutageLog;
  ledger?: LedgerScope;
  knowledge?: KnowledgeLoop;
  /** KB_FEEDBACK_WEIGHT. */
  feedbackWeight: number;
  /** KB_SEARCH_RANK and KB_TEXT_RANK. */
  ranks: RankDefaults;
  /** The suggestion result cache's bounds (SUGGEST_CACHE_*); none without a knowledge loop (no version to key on). */
  suggestCache?: { entries: number; maxBytes: number; ttlMs: number };
}

/** Builds each request's context; an incoming `x-request-id` is kept when it is a sane token. */
export function createContextFactory(deps: ContextDeps): (input?: ContextInput) => Promise<GatewayContext> {
  const relevance = () => deps.knowledge?.terms.relevance;
  // Identical suggestion reads under way at once, across requests, share one round trip.
  const shared = new SharedReads<ArticleProperties[]>();
  const cache = suggestionCache(deps);
  return async ({ requestId: incoming, authorization, clientAddress, internalCaller } = {}) => {
    const requestId = requestIdOf(incoming);
    const auth = internalCaller ? { caller: internalCaller } : await deps.authenticate(authorization);
    const subject = "caller" in auth ? auth.caller.subject : undefined;
    // The request's child logger is made on first use: most requests log one line or, below `info`, none.
    const logger = lazyChild(deps.logger, { requestId, ...(subject ? { subject } : {}) });
    // The gateway's own warm-up searches are not knowledge gaps.
    const knowledge = deps.knowledge
      ? knowledgeRequestScope(deps.knowledge, requestId, { countGaps: !internalCaller })
      : undefined;
    let loader: SuggestionLoader | undefined;
    return {
      requestId,
      auth,
      logger,
      sessionConfig: { database: deps.database },
      transaction: { timeout: deps.queryTimeoutMs, metadata: { requestId } },
      cypherParams: { feedbackWeight: deps.feedbackWeight },
      ...(internalCaller ? { internal: true as const } : {}),
      assist: {
        pusher: deps.pusher,
        logger,
        requestId,
        requestedBy: subject ?? "anonymous",
        caller: subject ?? (clientAddress ? `address ${clientAddress}` : "anonymous"),
        outages: deps.outages,
        ...(knowledge ? { knowledge } : {}),
        ranks: deps.ranks,
        relevance,
        // Made on first use: most requests (history, gaps, introspection, the generated API) never load a suggestion.
        get loader() {
          loader ??= createSuggestionLoader(deps.driver, {
            relevance,
            shared,
            ...(cache ? { cache } : {}),
            feedbackWeight: deps.feedbackWeight,
            database: deps.database,
            timeoutMs: deps.queryTimeoutMs,
            requestId,
            metrics: deps.metrics,
            admission: deps.admission,
            outages: deps.outages,
          });
          return loader;
        },
      },
      ...(deps.ledger ? { ledger: deps.ledger } : {}),
      ...(knowledge ? { knowledge } : {}),
    };
  };
}

/** The process's suggestion cache, when it is on and there is a knowledge version to key it on. */
function suggestionCache(deps: ContextDeps): SuggestionCache | undefined {
  const terms = deps.knowledge?.terms;
  const bounds = deps.suggestCache;
  if (!terms || !bounds || bounds.entries === 0) return undefined;
  const metrics = deps.metrics;
  const cache = new SuggestionCache({
    maxEntries: bounds.entries,
    maxBytes: bounds.maxBytes,
    ttlMs: bounds.ttlMs,
    version: () => terms.version,
    ...(metrics
      ? {
          onLookup: (hit: boolean) => metrics.suggestCacheLookups.inc({ outcome: hit ? "hit" : "miss" }),
          onInvalidated: (dropped: number) => {
            metrics.suggestCacheInvalidations.inc();
            if (dropped > 0) metrics.suggestCacheDropped.inc(dropped);
          },
        }
      : {}),
  });
  metrics?.observeSuggestCache(cache);
  return cache;
}
