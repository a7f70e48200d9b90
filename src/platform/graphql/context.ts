import type { Logger } from "pino";
import type { Authentication } from "../auth/authenticate";
import type { Caller } from "../auth/roles";

/**
 * What every request's context holds, whatever the features: resolvers may use it; @neo4j/graphql reads
 * `sessionConfig`, `transaction` and `cypherParams`. Each feature declares the part it adds (its own context
 * type), and the composition root's `GatewayContext` is their union.
 */
export interface BaseContext {
  requestId: string;
  /** The verified caller, or why there is none (enforced per operation by authorizationPlugin). */
  auth: Authentication;
  logger: Logger;
  sessionConfig: { database: string };
  transaction: { timeout: number; metadata: Record<string, string> };
  /** Parameters @neo4j/graphql passes to @cypher statements: the LEARNED ranking's weight. */
  cypherParams: { feedbackWeight: number };
  /** The gateway's own work (the warm-up): logged at debug, not counted in request metrics. */
  internal?: true;
}

/** Request headers the context is built from. */
export interface ContextInput {
  requestId?: string | string[];
  authorization?: string;
  /** The client's address (fair shares of callers without a token). */
  clientAddress?: string;
  /** The gateway's own work (warm-up): this caller instead of the request's credentials. Never set from HTTP. */
  internalCaller?: Caller;
}

/** Builds one request's context (HTTP and WebSocket share it). */
export type ContextFactory<C extends BaseContext = BaseContext> = (input?: ContextInput) => Promise<C>;
