import type { Logger } from "pino";
import type { CxoneClient, Delivery } from "../../integrations/cxone/CxoneClient";
import { ErrorCode } from "../../platform/errors/codes";
import { GatewayError } from "../../platform/errors/GatewayError";
import type { PushChanges } from "./PushLedger";
import { cardsOf, lastErrorOf, type PushRow } from "./pushRecord";

/** CXone failures worth trying again later: the push is QUEUED. Anything else ends it as FAILED. */
const RETRYABLE: ReadonlySet<string> = new Set([ErrorCode.CXONE_UNAVAILABLE, ErrorCode.CXONE_RATE_LIMITED, ErrorCode.CXONE_TIMEOUT]);

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 5_000;

/** The Idempotency-Key of a push: the same on every attempt by every process, different for every push. */
export function pushIdempotencyKey(pushId: string): string {
  return `aag-push-${pushId}`;
}

/** When to try a queued push again: CXone's Retry-After when it gave one, else exponential backoff with jitter. */
export function nextAttemptAt(now: number, attempts: number, retryAfterSeconds: number | undefined, random: () => number = Math.random): number {
  const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = backoff / 2 + random() * (backoff / 2);
  return now + Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
}

export interface AttemptResult {
  changes: PushChanges;
  delivery?: Delivery;
  /** The coded error of a failed attempt. */
  error?: GatewayError;
}

/**
 * One delivery attempt of a recorded push, turned into the changes to write: DELIVERED, QUEUED (retryable, with
 * the next attempt time, never past `expiresAt`) or FAILED. The attempt never runs past `expiresAt`.
 */
export async function attemptDelivery(row: PushRow, cxone: CxoneClient, logger: Logger, now: () => number): Promise<AttemptResult> {
  const attempts = row.attempts + 1;
  const remainingMs = row.expiresAt - now();
  const cards = cardsOf(row);
  try {
    const delivery = await cxone.deliver(row.interactionId, cards, logger, row.requestId || undefined, {
      idempotencyKey: pushIdempotencyKey(row.id),
      maxDeadlineMs: remainingMs,
    });
    return {
      delivery,
      changes: {
        status: "DELIVERED",
        attempts,
        deliveredAt: Date.parse(delivery.deliveredAt) || now(),
        contentId: delivery.contentId,
        nextAttemptAt: null,
      },
    };
  } catch (caught) {
    const error =
      caught instanceof GatewayError ? caught : new GatewayError(ErrorCode.CXONE_UNAVAILABLE, "CXone could not be reached; try again shortly.", {}, { cause: caught });
    const retryAfter = (error.extensions as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    const retryAfterSeconds = typeof retryAfter === "number" ? retryAfter : undefined;
    const failure = { errorCode: error.code, errorMessage: error.message, errorRetryAfter: retryAfterSeconds ?? null };
    if (!RETRYABLE.has(error.code)) return { error, changes: { status: "FAILED", attempts, nextAttemptAt: null, ...failure } };
    const next = Math.min(nextAttemptAt(now(), attempts, retryAfterSeconds), row.expiresAt);
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
