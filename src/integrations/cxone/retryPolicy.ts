import { backoffDelay } from "../../platform/resilience/backoff";

/** Retry policy as data: which failures are retried and how long to wait. Pure functions, no I/O. */
export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Exponential backoff base: attempt n waits up to base * 2^(n-1), with full jitter. */
  backoffBaseMs: number;
  /** The longest Retry-After we wait out; a server asking for more is not retried (it would refuse again). */
  retryAfterCapMs: number;
}

/** Upstream answers worth another try: rate limiting and temporary unavailability. */
export const RETRYABLE_STATUS_CODES = [429, 502, 503, 504] as const;

/**
 * Socket-level failures and per-attempt timeouts worth another try. A timed-out attempt may have been acted on;
 * retrying it is safe because every delivery carries the same Idempotency-Key on every attempt.
 */
export const RETRYABLE_ERROR_CODES = [
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
] as const;

/** The longest wait between two attempts of one CXone call. */
const BACKOFF_CEILING_MS = 5_000;

/** Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or undefined if absent/invalid. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names a weekday and month; anything else (like "-1") is not one.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Full-jitter exponential backoff for the given attempt number (1 = the wait after the first failure). */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  return backoffDelay(attempt, { baseMs, capMs: BACKOFF_CEILING_MS, jitter: 1 }, random);
}

export interface RetryFacts {
  /** Attempts made so far (1 after the first failure). */
  attempt: number;
  statusCode?: number;
  errorCode?: string;
  retryAfter?: string | string[];
  /** Time left before the push deadline. */
  remainingMs: number;
}

/** How long to wait before the next attempt, or undefined to give up now. */
export function nextRetryDelay(
  policy: RetryPolicy,
  facts: RetryFacts,
  random: () => number = Math.random,
): number | undefined {
  if (facts.attempt >= policy.maxAttempts) return undefined;
  const retryable =
    (facts.statusCode !== undefined && (RETRYABLE_STATUS_CODES as readonly number[]).includes(facts.statusCode)) ||
    (facts.errorCode !== undefined && (RETRYABLE_ERROR_CODES as readonly string[]).includes(facts.errorCode));
  if (!retryable) return undefined;
  const asked = parseRetryAfter(facts.retryAfter);
  if (asked !== undefined && asked > policy.retryAfterCapMs) return undefined;
  const delay = asked ?? backoffMs(facts.attempt, policy.backoffBaseMs, random);
  // Waiting past the deadline only to fail anyway would hide the real cause (rate limit, outage).
  if (delay >= facts.remainingMs) return undefined;
  return delay;
}
