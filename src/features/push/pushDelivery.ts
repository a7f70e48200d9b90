import type { Logger } from "pino";
import type { CxoneClient, Delivery } from "../../integrations/cxone/CxoneClient";
import { ErrorCode } from "../../platform/errors/codes";
import { GatewayError } from "../../platform/errors/GatewayError";
import type { GatewayMetrics } from "../../platform/observability/metrics";
import { backoffDelay, type Backoff } from "../../platform/resilience/backoff";
import type { OutcomeWriter } from "./OutcomeWriter";
import type { PushChanges } from "./PushLedger";
import { logPushChange } from "./pushLog";
import { cardsOf, lastErrorOf, type PushRow } from "./pushRecord";

/** CXone failures worth trying again later: the push is QUEUED. Anything else ends it as FAILED. */
const RETRYABLE: ReadonlySet<string> = new Set([
  ErrorCode.CXONE_UNAVAILABLE,
  ErrorCode.CXONE_RATE_LIMITED,
  ErrorCode.CXONE_TIMEOUT,
]);

/** How long a queued push waits before its next attempt (PUSH_RETRY_BASE_MS, PUSH_RETRY_MAX_MS): 0.5 s doubling to 5 s. */
export const PUSH_RETRY_DEFAULT: Backoff = { baseMs: 500, capMs: 5_000, jitter: 0.5 };

/** The Idempotency-Key of a push: the same on every attempt by every process, different for every push. */
export function pushIdempotencyKey(pushId: string): string {
  return `aag-push-${pushId}`;
}

/** When to try a queued push again: CXone's Retry-After when it gave one, else the push backoff. */
export function nextAttemptAt(
  now: number,
  attempts: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
  retry: Backoff = PUSH_RETRY_DEFAULT,
): number {
  return now + Math.max(backoffDelay(attempts, retry, random), (retryAfterSeconds ?? 0) * 1000);
}

/** What delivering a recorded push needs: the CXone client, the outcome writer, the clock, the retry backoff. */
export interface DeliveryDeps {
  cxone: CxoneClient;
  writer: OutcomeWriter;
  now: () => number;
  retry: Backoff;
  metrics?: GatewayMetrics;
}

/** One attempt of a recorded push, settled: the row as it now stands, what CXone confirmed, or the coded failure. */
export interface Settled {
  row: PushRow;
  delivery?: Delivery;
  error?: GatewayError;
  /** False when the outcome could not be written (the push keeps its lease until it lapses, then is retried). */
  recorded: boolean;
}

/**
 * Delivers a recorded push once and records the outcome: the one place a push is attempted, by the first attempt
 * (the mutation) and by the background deliverer alike. A push past `expiresAt` is ended as EXPIRED instead. The
 * outcome is written through the group commit under the push's lease and logged (logPushChange). If the write
 * fails the push keeps its lease until it lapses; then a deliverer tries again under the same Idempotency-Key,
 * so CXone never shows it twice.
 */
export async function deliverAndRecord(row: PushRow, deps: DeliveryDeps, logger: Logger): Promise<Settled> {
  const attempt = row.expiresAt <= deps.now() ? { changes: expiry(row) } : await attemptDelivery(row, deps, logger);
  const { changes } = attempt;
  let written: PushRow | null = null;
  let recorded = true;
  try {
    written = await deps.writer.write({ id: row.id, leaseToken: row.leaseToken as string, changes });
  } catch (error) {
    recorded = false;
    logger.warn(
      { err: error, status: changes.status },
      "could not record the push's outcome; it will be tried again when its lease lapses",
    );
  }
  const settled = written ?? ({ ...row, ...changes, updatedAt: deps.now() } as PushRow);
  // A null write with no error: another process holds the lease now, and it logs what it does.
  if (written || !recorded) logPushChange(settled, logger, deps.metrics);
  return {
    row: settled,
    recorded,
    ...(attempt.delivery ? { delivery: attempt.delivery } : {}),
    ...(attempt.error ? { error: attempt.error } : {}),
  };
}

interface Attempt {
  changes: PushChanges;
  delivery?: Delivery;
  error?: GatewayError;
}

/**
 * One delivery attempt, turned into the changes to write: DELIVERED, QUEUED (retryable, with the next attempt time,
 * never past `expiresAt`) or FAILED. The attempt never runs past `expiresAt`.
 */
async function attemptDelivery(row: PushRow, deps: DeliveryDeps, logger: Logger): Promise<Attempt> {
  const attempts = row.attempts + 1;
  const remainingMs = row.expiresAt - deps.now();
  try {
    const delivery = await deps.cxone.deliver(
      row.interactionId,
      cardsOf(row),
      { idempotencyKey: pushIdempotencyKey(row.id), maxDeadlineMs: remainingMs },
      logger,
      row.requestId || undefined,
    );
    return {
      delivery,
      changes: {
        status: "DELIVERED",
        attempts,
        deliveredAt: Date.parse(delivery.deliveredAt) || deps.now(),
        contentId: delivery.contentId,
        nextAttemptAt: null,
      },
    };
  } catch (caught) {
    const error =
      caught instanceof GatewayError
        ? caught
        : new GatewayError(
            ErrorCode.CXONE_UNAVAILABLE,
            "CXone could not be reached; try again shortly.",
            {},
            { cause: caught },
          );
    const retryAfter = (error.extensions as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    const retryAfterSeconds = typeof retryAfter === "number" ? retryAfter : undefined;
    const failure = { errorCode: error.code, errorMessage: error.message, errorRetryAfter: retryAfterSeconds ?? null };
    if (!RETRYABLE.has(error.code))
      return { error, changes: { status: "FAILED", attempts, nextAttemptAt: null, ...failure } };
    const next = Math.min(
      nextAttemptAt(deps.now(), attempts, retryAfterSeconds, Math.random, deps.retry),
      row.expiresAt,
    );
    return { error, changes: { status: "QUEUED", attempts, nextAttemptAt: next, ...failure } };
  }
}

/** The changes that end a push whose time ran out. */
export function expiry(row: PushRow): PushChanges {
  const last = lastErrorOf(row);
  return {
    status: "EXPIRED",
    nextAttemptAt: null,
    errorCode: last?.code ?? ErrorCode.CXONE_UNAVAILABLE,
    errorMessage: `Not delivered before it expired${last ? `: ${last.message}` : ""}`,
  };
}
