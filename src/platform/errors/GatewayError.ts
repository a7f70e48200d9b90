import { GraphQLError } from "graphql";
import { ErrorCode } from "./codes";

/** Extra facts a client may act on, e.g. `field` for bad input or `retryAfterSeconds` for rate limits. */
export type ErrorFacts = Record<string, string | number | boolean>;

/** Base of every error the gateway means to show a caller: a safe message plus `extensions.code`. */
export class GatewayError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    facts: ErrorFacts = {},
    options: { cause?: unknown; http?: number; headers?: Record<string, string> } = {},
  ) {
    // Apollo reads extensions.http for the response status and headers, and strips it before formatting.
    const http = options.http
      ? { http: { status: options.http, headers: new Map(Object.entries(options.headers ?? {})) } }
      : {};
    super(message, { extensions: { code, ...facts, ...http }, originalError: asError(options.cause) });
    this.name = "GatewayError";
  }
}

/** Invalid input; `field` names the argument or input field at fault. */
export class BadUserInputError extends GatewayError {
  constructor(field: string, message: string) {
    super(ErrorCode.BAD_USER_INPUT, message, { field });
    this.name = "BadUserInputError";
  }
}

function asError(cause: unknown): Error | undefined {
  return cause instanceof Error ? cause : undefined;
}

/** More work than the gateway can serve in time: HTTP 503 with Retry-After, answered at once. */
export class OverloadedError extends GatewayError {
  constructor(retryAfterSeconds: number, why: string) {
    super(
      ErrorCode.OVERLOADED,
      `The gateway is at capacity (${why}); try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
      {
        http: 503,
        headers: { "retry-after": String(retryAfterSeconds) },
      },
    );
    this.name = "OverloadedError";
  }
}
