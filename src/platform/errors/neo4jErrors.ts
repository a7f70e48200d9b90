import { Neo4jError, isRetryableError } from "neo4j-driver";
import { ErrorCode } from "./codes";
import { BadUserInputError, GatewayError, OverloadedError } from "./GatewayError";

/** Neo4j failures a caller can do nothing about but wait: the graph is down, busy or slow. */
const UNAVAILABLE_CODES = new Set([
  "ServiceUnavailable",
  "SessionExpired",
  "N/A",
  "Neo.ClientError.Security.Unauthorized",
  "Neo.ClientError.Security.AuthenticationRateLimit",
  "Neo.ClientError.Database.DatabaseNotFound",
  "Neo.ClientError.Database.DatabaseUnavailable",
]);

/**
 * Neo4j is up but slow: a statement ran out of its time (NEO4J_QUERY_TIMEOUT_MS) or no pooled connection came
 * free in time (every one busy with slow work). That is overload, not an outage: OVERLOADED (503, Retry-After), so
 * the caller backs off instead of being told the graph is down.
 */
const SLOW_CODES = new Set([
  "Neo.ClientError.Transaction.TransactionTimedOut",
  "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
]);
const POOL_EXHAUSTED = /^Connection acquisition timed out/;

/** True when the driver gave up waiting for a pooled connection (nothing was sent to Neo4j). */
export function isPoolExhausted(error: unknown): boolean {
  const neo = findNeo4jError(error);
  return neo !== undefined && POOL_EXHAUSTED.test(neo.message);
}

/** Seconds a caller refused for slowness is asked to wait. */
const SLOW_RETRY_AFTER_SECONDS = 2;

/**
 * Statement errors caused by what the caller sent through the generated API: a Lucene query the full-text index
 * cannot parse (or one too complex for it), a negative offset or limit. Their text comes from Neo4j; the caller
 * gets our own message.
 */
const CALLER_FAULTS: { code: RegExp; message: RegExp; field: string; says: string }[] = [
  {
    code: /^Neo\.ClientError\.Procedure\.ProcedureCallFailed$/,
    message: /ParseException|TooManyClauses|maxClauseCount|too complex|Lexical error|Cannot parse/i,
    field: "phrase",
    says: "The full-text phrase is not valid search syntax (or is too complex); quote special characters or shorten it.",
  },
  {
    code: /^Neo\.ClientError\.Statement\.(ArgumentError|SyntaxError)$/,
    message: /non-negative|negative|must be a (positive|non-negative)|Invalid input\. '-/i,
    // A negative offset is refused before it reaches Neo4j (offsetArgumentsPlugin), so this is a limit.
    field: "limit",
    says: "limit must be zero or a positive integer.",
  },
];

/** What a Neo4j failure means for the caller, and whether it says the graph is down. */
export interface Neo4jTranslation {
  error: GatewayError;
  /** True when the failure means Neo4j is unavailable (an outage), not a single bad request. */
  outage: boolean;
}

/**
 * The one translation point for Neo4j driver errors. Returns a safe, coded error for the caller, or
 * undefined when `error` did not come from Neo4j. Anything else Neo4j says is our bug: it is masked.
 */
export function translateNeo4jError(error: unknown): GatewayError | undefined {
  return classifyNeo4jError(error)?.error;
}

/** As translateNeo4jError, also saying whether the failure is an outage (for the outage log). */
export function classifyNeo4jError(error: unknown): Neo4jTranslation | undefined {
  if (error instanceof GatewayError) return undefined;
  const neo = findNeo4jError(error);
  if (!neo) return undefined;
  const code = typeof neo.code === "string" && neo.code !== "" ? neo.code : "N/A";
  if (SLOW_CODES.has(code) || POOL_EXHAUSTED.test(neo.message)) {
    const why = POOL_EXHAUSTED.test(neo.message) ? "no Neo4j connection came free in time" : "Neo4j is slow";
    return { outage: false, error: Object.assign(new OverloadedError(SLOW_RETRY_AFTER_SECONDS, why), { cause: neo }) };
  }
  if (
    UNAVAILABLE_CODES.has(code) ||
    isRetryableError(neo) ||
    code.startsWith("Neo.TransientError.") ||
    !code.startsWith("Neo.")
  ) {
    return {
      outage: true,
      error: new GatewayError(
        ErrorCode.KNOWLEDGE_GRAPH_UNAVAILABLE,
        "The knowledge graph is unavailable; try again shortly.",
        {},
        { cause: neo },
      ),
    };
  }
  const fault = CALLER_FAULTS.find((f) => f.code.test(code) && f.message.test(neo.message));
  if (fault) {
    const bad = new BadUserInputError(fault.field, fault.says);
    return { outage: false, error: Object.assign(bad, { cause: neo }) };
  }
  return {
    outage: false,
    error: new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error", {}, { cause: neo }),
  };
}

function findNeo4jError(error: unknown, depth = 0): Neo4jError | undefined {
  if (error instanceof Neo4jError) return error;
  if (depth > 5 || typeof error !== "object" || error === null) return undefined;
  const next =
    (error as { originalError?: unknown; cause?: unknown }).originalError ?? (error as { cause?: unknown }).cause;
  return next === undefined ? undefined : findNeo4jError(next, depth + 1);
}
