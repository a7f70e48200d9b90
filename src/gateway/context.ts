import type { Logger } from "pino";

/** Per-request context: what every resolver may use. @neo4j/graphql reads `sessionConfig` and `transaction`. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  sessionConfig: { database: string };
  transaction: { timeout: number; metadata: Record<string, string> };
}
