import { randomUUID } from "node:crypto";
import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import type { AgentAssistPusher } from "../assist/AgentAssistPusher";
import { createSuggestionLoader } from "../graph/suggestionLoader";
import type { GatewayContext } from "./context";

export interface ContextDeps {
  driver: Driver;
  database: string;
  logger: Logger;
  queryTimeoutMs: number;
  pusher: AgentAssistPusher;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds each request's context; an incoming `x-request-id` is kept when it is a sane token. */
export function createContextFactory(deps: ContextDeps): (incomingRequestId?: string | string[]) => GatewayContext {
  return (incoming) => {
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const logger = deps.logger.child({ requestId });
    return {
      requestId,
      logger,
      sessionConfig: { database: deps.database },
      transaction: { timeout: deps.queryTimeoutMs, metadata: { requestId } },
      assist: {
        pusher: deps.pusher,
        logger,
        loader: createSuggestionLoader(deps.driver, { database: deps.database, timeoutMs: deps.queryTimeoutMs, requestId }),
      },
    };
  };
}
