import type { Logger } from "pino";
import type { AgentAssistPusher, PushScope } from "../assist/AgentAssistPusher";

/** Per-request context: what every resolver may use. @neo4j/graphql reads `sessionConfig` and `transaction`. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  sessionConfig: { database: string };
  transaction: { timeout: number; metadata: Record<string, string> };
  /** The push mutations' collaborators; the DataLoader inside is new for every request. */
  assist: PushScope & { pusher: AgentAssistPusher };
}
