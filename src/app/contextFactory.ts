import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import { lazyChild } from "../platform/observability/lazyLogger";
import type { AgentAssistPusher } from "../features/push/AgentAssistPusher";
import type { Authenticator } from "../platform/auth/authenticate";
import { requestIdOf } from "../platform/http/requestId";
import type { Caller } from "../platform/auth/roles";
import type { AdmissionQueue } from "../platform/resilience/AdmissionQueue";
import type { OutageLog } from "../platform/observability/outageLog";
import type { GatewayMetrics } from "../platform/observability/metrics";
import { createSuggestionLoader } from "../features/suggestions/suggestionLoader";
import type { LedgerScope } from "../features/push/historyResolvers";
import type { KnowledgeLoop } from "../features/knowledge/KnowledgeLoop";
import { knowledgeRequestScope } from "../features/knowledge/requestScope";
import type { GatewayContext } from "../platform/graphql/context";

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
}

/** Request headers the context reads. */
export interface ContextInput {
  requestId?: string | string[];
  authorization?: string;
  /** The gateway's own work (warm-up): this caller instead of the request's credentials. Never set from HTTP. */
  internalCaller?: Caller;
}

/** Builds each request's context; an incoming `x-request-id` is kept when it is a sane token. */
export function createContextFactory(deps: ContextDeps): (input?: ContextInput) => Promise<GatewayContext> {
  return async ({ requestId: incoming, authorization, internalCaller } = {}) => {
    const requestId = requestIdOf(incoming);
    const auth = internalCaller ? { caller: internalCaller } : await deps.authenticate(authorization);
    const subject = "caller" in auth ? auth.caller.subject : undefined;
    // The request's child logger is made on first use: most requests log one line or, below `info`, none.
    const logger = lazyChild(deps.logger, { requestId, ...(subject ? { subject } : {}) });
    // The gateway's own warm-up searches are not knowledge gaps.
    const knowledge = deps.knowledge ? knowledgeRequestScope(deps.knowledge, requestId, { countGaps: !internalCaller }) : undefined;
    return {
      requestId,
      auth,
      logger,
      sessionConfig: { database: deps.database },
      transaction: { timeout: deps.queryTimeoutMs, metadata: { requestId } },
      cypherParams: { feedbackWeight: deps.feedbackWeight },
      assist: {
        pusher: deps.pusher,
        logger,
        requestId,
        requestedBy: subject ?? "anonymous",
        outages: deps.outages,
        ...(knowledge ? { knowledge } : {}),
        loader: createSuggestionLoader(deps.driver, {
          feedbackWeight: deps.feedbackWeight,
          database: deps.database,
          timeoutMs: deps.queryTimeoutMs,
          requestId,
          metrics: deps.metrics,
          admission: deps.admission,
          outages: deps.outages,
        }),
      },
      ...(deps.ledger ? { ledger: deps.ledger } : {}),
      ...(knowledge ? { knowledge } : {}),
    };
  };
}
