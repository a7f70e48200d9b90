import neo4j, { type Driver } from "neo4j-driver";
import type { GatewayConfig } from "../config/config";

/** Where and how to reach Neo4j once the target is known (a local engine's address is only known at run time). */
export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database: string;
}

/** Creates the process's single driver; pool and timeouts come from config. */
export function createDriver(connection: Neo4jConnection, pool: GatewayConfig["neo4jPool"]): Driver {
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
    maxConnectionPoolSize: pool.maxConnectionPoolSize,
    // Half the statement timeout: a request that waited in vain for a connection tries once more (graphAccess.ts).
    connectionAcquisitionTimeout: Math.max(1, Math.floor(pool.queryTimeoutMs / 2)),
    connectionTimeout: Math.min(pool.queryTimeoutMs, 5_000),
    // The driver retries transient failures for 30 s by default; an agent on a live call cannot wait that long.
    maxTransactionRetryTime: pool.queryTimeoutMs,
    disableLosslessIntegers: true,
    userAgent: "agent-assist-gateway",
  });
}
