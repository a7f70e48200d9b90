/** Every `extensions.code` the gateway returns. Clients switch on these, never on message text. */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
  KNOWLEDGE_GRAPH_UNAVAILABLE = "KNOWLEDGE_GRAPH_UNAVAILABLE",
  CXONE_NOT_CONFIGURED = "CXONE_NOT_CONFIGURED",
  CXONE_AUTH_FAILED = "CXONE_AUTH_FAILED",
  CXONE_FORBIDDEN = "CXONE_FORBIDDEN",
  INTERACTION_NOT_FOUND = "INTERACTION_NOT_FOUND",
  CXONE_RATE_LIMITED = "CXONE_RATE_LIMITED",
  CXONE_UNAVAILABLE = "CXONE_UNAVAILABLE",
  CXONE_TIMEOUT = "CXONE_TIMEOUT",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  /** More work than Neo4j can serve in time: answered at once with HTTP 503 and Retry-After. */
  OVERLOADED = "OVERLOADED",

  // Refused at the HTTP level, before GraphQL runs.
  /** The body is not JSON (HTTP 400); Apollo uses it too, for a request it cannot read as GraphQL over HTTP. */
  BAD_REQUEST = "BAD_REQUEST",
  /** The body is larger than MAX_BODY_BYTES (HTTP 413). */
  PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE",
  /** The gateway has not finished starting (HTTP 503 on /graphql while Apollo starts). */
  NOT_READY = "NOT_READY",
  /** TRUSTED_DOCUMENTS=require and the document is not a trusted one (HTTP 400). */
  DOCUMENT_NOT_TRUSTED = "DOCUMENT_NOT_TRUSTED",

  // Assigned by Apollo Server to requests it cannot run; passed through as they are.
  GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED",
  GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED",
  PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND",
  PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED",
  OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE",
}
