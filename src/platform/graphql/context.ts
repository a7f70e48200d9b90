import type { Logger } from "pino";
import type { AgentAssistPusher, PushScope } from "../../features/push/AgentAssistPusher";
import type { Authentication } from "../auth/authenticate";
import type { LedgerScope } from "../../features/push/historyResolvers";
import type { KnowledgeRequestScope } from "../../features/knowledge/requestScope";

/** Per-request context: what every resolver may use. @neo4j/graphql reads `sessionConfig` and `transaction`. */
export interface GatewayContext {
  requestId: string;
  /** The verified caller, or why there is none (enforced per operation by authorizationPlugin). */
  auth: Authentication;
  logger: Logger;
  sessionConfig: { database: string };
  transaction: { timeout: number; metadata: Record<string, string> };
  /** Parameters @neo4j/graphql passes to @cypher statements: the LEARNED ranking's weight. */
  cypherParams: { feedbackWeight: number };
  /** The push mutations' collaborators; the DataLoader inside is new for every request. */
  assist: PushScope & { pusher: AgentAssistPusher };
  /** Push history and the live feed (absent in schema-only tests). */
  ledger?: LedgerScope;
  /** Paths, feedback, knowledge gaps, terms in text (absent in schema-only tests). */
  knowledge?: KnowledgeRequestScope;
}
