import { GraphQLError } from "graphql";
import { ErrorCode } from "./codes";
import { GatewayError } from "./GatewayError";
import { classifyNeo4jError } from "./neo4jErrors";
import type { Dependency } from "../observability/outageLog";

/** Codes Apollo Server itself assigns to request problems; they are safe to pass through. */
const APOLLO_REQUEST_CODES: ReadonlySet<string> = new Set([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.BAD_REQUEST,
  ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ErrorCode.OPERATION_RESOLUTION_FAILURE,
]);

/** Codes that mean a dependency is down (logged through the outage log, not one line per request). */
const OUTAGE_CODES: Partial<Record<string, Dependency>> = {
  [ErrorCode.KNOWLEDGE_GRAPH_UNAVAILABLE]: "neo4j",
  [ErrorCode.CXONE_UNAVAILABLE]: "cxone",
  [ErrorCode.CXONE_TIMEOUT]: "cxone",
  [ErrorCode.OVERLOADED]: "capacity",
};

/** What the caller is told about an error, and how the gateway logs it. */
export interface ErrorVerdict {
  code: string;
  message: string;
  /** Extra facts for the caller (`field`, `retryAfterSeconds`, ...). */
  facts: Record<string, unknown>;
  /** How to log it: not at all (the caller's own mistake), warn, error (our bug), or as part of an outage. */
  log: "none" | "warn" | "error" | Dependency;
  /** The underlying failure, for the log only. */
  cause?: unknown;
}

/**
 * The one decision about every error that reaches a caller: coded errors pass, Neo4j errors are translated,
 * @neo4j/graphql's input errors become BAD_USER_INPUT, Apollo's request errors pass, and everything else is
 * masked as INTERNAL_SERVER_ERROR. Never throws.
 */
export function classifyError(error: unknown): ErrorVerdict {
  const original = unwrap(error);
  if (original instanceof GatewayError) return fromGatewayError(original);
  const neo4j = classifyNeo4jError(original);
  if (neo4j) return { ...fromGatewayError(neo4j.error), cause: original };
  const libraryCode = neo4jGraphqlErrorCode(original);
  if (libraryCode) {
    const message = original instanceof Error ? original.message : String(original);
    return {
      code: libraryCode,
      message,
      facts: {},
      log: libraryCode === ErrorCode.BAD_USER_INPUT ? "warn" : "none",
      cause: original,
    };
  }
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  // Parse, validation and variable errors are GraphQLErrors Apollo coded itself; pass them on.
  if (
    typeof code === "string" &&
    APOLLO_REQUEST_CODES.has(code) &&
    (original instanceof GraphQLError || original === error)
  ) {
    return { code, message: (error as Error).message, facts: {}, log: "none" };
  }
  return {
    code: ErrorCode.INTERNAL_SERVER_ERROR,
    message: "Internal server error",
    facts: {},
    log: "error",
    cause: original ?? error,
  };
}

function fromGatewayError(error: GatewayError): ErrorVerdict {
  // `http` only tells Apollo the response status and headers; it is not for the caller.
  const { http: _http, code: _code, ...facts } = error.extensions as Record<string, unknown>;
  const cause = error.originalError ?? (error as { cause?: unknown }).cause;
  const outage = OUTAGE_CODES[error.code];
  let log: ErrorVerdict["log"] = "none";
  if (outage) log = outage;
  else if (error.code === ErrorCode.INTERNAL_SERVER_ERROR) log = "error";
  else if (cause !== undefined) log = "warn"; // a foreign error we translated into the caller's fault
  return { code: error.code, message: error.message, facts, log, ...(cause !== undefined ? { cause } : {}) };
}

/** @neo4j/graphql does not export its error classes; they are told apart by their fixed `name`. */
function neo4jGraphqlErrorCode(error: unknown): ErrorCode | undefined {
  const name = error instanceof Error ? error.name : "";
  if (name === "Neo4jGraphQLForbiddenError") return ErrorCode.FORBIDDEN;
  if (name === "Neo4jGraphQLAuthenticationError") return ErrorCode.UNAUTHENTICATED;
  if (name.startsWith("Neo4jGraphQL") && name.endsWith("Error")) return ErrorCode.BAD_USER_INPUT;
  return undefined;
}

/** Apollo wraps resolver errors in a GraphQLError; the thrown value is its originalError. */
function unwrap(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && !(current instanceof GatewayError); depth++) {
    const inner = (current as { originalError?: unknown } | null)?.originalError;
    if (inner === undefined || inner === null) break;
    current = inner;
  }
  return current;
}
