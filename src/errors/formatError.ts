import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { ErrorCode } from "./codes";
import { GatewayError } from "./GatewayError";
import { translateNeo4jError } from "./neo4jErrors";

/** Codes Apollo Server itself assigns to request problems; they are safe to pass through. */
const APOLLO_REQUEST_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * Builds Apollo's `formatError`: never throws, lets coded errors through, translates Neo4j errors, and
 * masks everything else (logged with detail here, shown as INTERNAL_SERVER_ERROR to the caller).
 */
export function createFormatError(logger: Logger, exposeStack: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    try {
      const original = unwrap(error);
      const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
      if (original instanceof GatewayError) {
        return withCode(base, original.message, original.extensions, exposeStack ? original : undefined, logger);
      }
      const translated = translateNeo4jError(original);
      if (translated) {
        logger.error({ err: original, path: formatted.path }, "neo4j error");
        return { ...base, message: translated.message, extensions: { code: translated.code } };
      }
      const libraryCode = neo4jGraphqlErrorCode(original);
      if (libraryCode) return { ...base, extensions: { code: libraryCode } };
      const code = formatted.extensions?.code;
      // Parse, validation and variable errors are GraphQLErrors Apollo coded itself; pass them on.
      if (typeof code === "string" && APOLLO_REQUEST_CODES.has(code) && (original instanceof GraphQLError || original === error)) {
        return { ...base, extensions: { code } };
      }
      logger.error({ err: original ?? error, path: formatted.path }, "unexpected error");
      return { ...base, message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    } catch {
      return { message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
  };
}

/** @neo4j/graphql does not export its error classes; they are told apart by their fixed `name`. */
function neo4jGraphqlErrorCode(error: unknown): ErrorCode | undefined {
  const name = error instanceof Error ? error.name : "";
  if (name === "Neo4jGraphQLForbiddenError") return ErrorCode.FORBIDDEN;
  if (name === "Neo4jGraphQLAuthenticationError") return ErrorCode.UNAUTHENTICATED;
  if (name.startsWith("Neo4jGraphQL") && name.endsWith("Error")) return ErrorCode.BAD_USER_INPUT;
  return undefined;
}

function withCode(
  base: GraphQLFormattedError,
  message: string,
  extensions: Record<string, unknown>,
  stackOf: Error | undefined,
  logger: Logger,
): GraphQLFormattedError {
  if (extensions.code === ErrorCode.INTERNAL_SERVER_ERROR) logger.error({ path: base.path }, message);
  // `http` only tells Apollo the response status; it is not for the caller.
  const { http: _http, ...facts } = extensions;
  const ext = stackOf ? { ...facts, stacktrace: stackOf.stack?.split("\n") } : facts;
  return { ...base, message, extensions: ext };
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
