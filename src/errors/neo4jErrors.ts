import { Neo4jError, isRetryableError } from "neo4j-driver";
import { ErrorCode } from "./codes";
import { GatewayError } from "./GatewayError";

/** Neo4j failures a caller can do nothing about but wait: the graph is down, busy or slow. */
const UNAVAILABLE_CODES = new Set([
  "ServiceUnavailable",
  "SessionExpired",
  "Neo.ClientError.Security.Unauthorized",
  "Neo.ClientError.Security.AuthenticationRateLimit",
  "Neo.ClientError.Transaction.TransactionTimedOut",
  "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
  "Neo.ClientError.Database.DatabaseNotFound",
]);

/**
 * The one translation point for Neo4j driver errors. Returns a safe, coded error for the caller, or
 * undefined when `error` did not come from Neo4j. Anything else Neo4j says is our bug: it is masked.
 */
export function translateNeo4jError(error: unknown): GatewayError | undefined {
  const neo = findNeo4jError(error);
  if (!neo) return undefined;
  if (UNAVAILABLE_CODES.has(neo.code) || isRetryableError(neo) || neo.code.startsWith("Neo.TransientError.")) {
    return new GatewayError(
      ErrorCode.KNOWLEDGE_GRAPH_UNAVAILABLE,
      "The knowledge graph is unavailable; try again shortly.",
      {},
      { cause: neo },
    );
  }
  return new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error", {}, { cause: neo });
}

function findNeo4jError(error: unknown, depth = 0): Neo4jError | undefined {
  if (error instanceof Neo4jError) return error;
  if (depth > 5 || typeof error !== "object" || error === null) return undefined;
  const next = (error as { originalError?: unknown; cause?: unknown }).originalError ?? (error as { cause?: unknown }).cause;
  return next === undefined ? undefined : findNeo4jError(next, depth + 1);
}
