import type { Logger } from "pino";
import { ErrorCode } from "../../platform/errors/codes";
import { GatewayError } from "../../platform/errors/GatewayError";
import { parseRetryAfter } from "./retryPolicy";

/** Which CXone call failed; it decides what a 404 or a 401 means. */
export type CxoneRoute = "token" | "discovery" | "content" | "signal";

const BODY_LOG_LIMIT = 1_000;

/**
 * The one translation point for CXone's HTTP answers. The upstream body is logged (truncated), never
 * returned: it may hold internal detail the caller must not see.
 */
export function errorFromResponse(
  route: CxoneRoute,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  logger: Logger,
): GatewayError {
  logger.warn({ route, status, upstreamBody: body.slice(0, BODY_LOG_LIMIT) }, "CXone answered with an error");
  const delivery = route === "content" || route === "signal";
  if (status === 401 || (route === "token" && (status === 400 || status === 403))) {
    return new GatewayError(ErrorCode.CXONE_AUTH_FAILED, "CXone refused the gateway's credentials.", {
      upstreamStatus: status,
    });
  }
  if (status === 403) {
    return new GatewayError(
      ErrorCode.CXONE_FORBIDDEN,
      "CXone refused the push: the OAuth client lacks the required scope or permission.",
      {
        upstreamStatus: status,
      },
    );
  }
  if (status === 404 && delivery) {
    return new GatewayError(ErrorCode.INTERACTION_NOT_FOUND, "The interaction has ended or does not exist in CXone.", {
      upstreamStatus: status,
    });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers["retry-after"]);
    return new GatewayError(ErrorCode.CXONE_RATE_LIMITED, "CXone is rate limiting pushes; try again later.", {
      upstreamStatus: status,
      retryAfterSeconds: Math.max(1, Math.ceil((retryAfterMs ?? 1000) / 1000)),
    });
  }
  return new GatewayError(ErrorCode.CXONE_UNAVAILABLE, `CXone is unavailable (HTTP ${status}); try again shortly.`, {
    upstreamStatus: status,
  });
}

const TIMEOUT_CODES = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ETIMEDOUT",
]);

/** Translates a failure that produced no HTTP answer (deadline, timeout, refused or reset connection). */
export function errorFromException(route: CxoneRoute, error: unknown, logger: Logger): GatewayError {
  if (error instanceof GatewayError) return error;
  const code = (error as { code?: unknown }).code;
  const name = (error as { name?: unknown }).name;
  logger.warn({ route, errorCode: code, errorName: name, message: (error as Error)?.message }, "CXone call failed");
  if (name === "TimeoutError" || name === "AbortError" || (typeof code === "string" && TIMEOUT_CODES.has(code))) {
    return timeoutError(route, error);
  }
  return new GatewayError(
    ErrorCode.CXONE_UNAVAILABLE,
    "CXone could not be reached; try again shortly.",
    {},
    { cause: error },
  );
}

/**
 * CXONE_TIMEOUT: no confirmation within the push deadline. For a delivery the cards may still have arrived (CXone
 * may have stored them without answering in time); repeating the same push is safe, its Idempotency-Key is the same.
 */
export function timeoutError(route: CxoneRoute, cause?: unknown): GatewayError {
  const delivery = route === "content" || route === "signal";
  return delivery
    ? new GatewayError(
        ErrorCode.CXONE_TIMEOUT,
        "CXone did not confirm the push within the push deadline; the cards may have arrived. Repeating the same push is safe: it cannot deliver twice.",
        { mayHaveArrived: true },
        { cause },
      )
    : new GatewayError(ErrorCode.CXONE_TIMEOUT, "CXone did not answer in time.", {}, { cause });
}
