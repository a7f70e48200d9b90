import { setTimeout as delay } from "node:timers/promises";
import { ErrorCode } from "../../platform/errors/codes";
import { GatewayError } from "../../platform/errors/GatewayError";

/**
 * The gateway's own push rate limit (GCRA, a token bucket by arrival times): at most `perSecond` requests to
 * CXone's delivery routes a second with bursts of `burst`, per process. First attempts and retries alike take a
 * slot, so an outage's retries cannot multiply the rate. A push queues briefly for its slot rather than
 * provoking 429 storms at CXone; when the wait would run past its deadline it is refused at once.
 */
export class PushRateGate {
  private theoreticalArrival = 0;
  private readonly intervalMs: number;
  private readonly toleranceMs: number;

  constructor(
    perSecond: number,
    burst: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => delay(ms),
  ) {
    this.intervalMs = 1000 / perSecond;
    this.toleranceMs = (burst - 1) * this.intervalMs;
  }

  /** Waits for a slot; returns the milliseconds waited. Throws CXONE_RATE_LIMITED if `maxWaitMs` is too short. */
  async acquire(maxWaitMs: number): Promise<number> {
    const waitMs = this.reserve(maxWaitMs);
    if (waitMs === undefined) throw this.refusal();
    if (waitMs > 0) await this.sleep(waitMs);
    return waitMs;
  }

  /**
   * Books the first slot at least `notBeforeMs` from now, without waiting: returns how long from now until it,
   * or undefined (booking nothing) when that is more than `maxWaitMs`.
   */
  reserve(maxWaitMs: number, notBeforeMs = 0): number | undefined {
    const now = this.now();
    const arrival = Math.max(this.theoreticalArrival, now + notBeforeMs);
    const waitMs = Math.max(notBeforeMs, arrival - this.toleranceMs - now);
    if (waitMs > maxWaitMs) return undefined;
    this.theoreticalArrival = arrival + this.intervalMs;
    return waitMs;
  }

  /** How long a slot booked now would wait (0 while burst capacity is left): above 0, the rate is contended. */
  backlogMs(): number {
    return Math.max(0, this.theoreticalArrival - this.toleranceMs - this.now());
  }

  private refusal(): GatewayError {
    const waitMs = Math.max(0, this.theoreticalArrival - this.toleranceMs - this.now());
    return new GatewayError(
      ErrorCode.CXONE_RATE_LIMITED,
      "The gateway's push rate limit is reached; try again shortly.",
      {
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      },
    );
  }
}
