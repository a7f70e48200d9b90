import CircuitBreaker from "opossum";
import { ErrorCode } from "../../platform/errors/codes";
import { GatewayError } from "../../platform/errors/GatewayError";

/** Failures that say CXone itself is unwell (as opposed to refusing one push: 401, 403, 404, our own quota). */
const UPSTREAM_FAILURES: ReadonlySet<string> = new Set([
  ErrorCode.CXONE_UNAVAILABLE,
  ErrorCode.CXONE_TIMEOUT,
  ErrorCode.CXONE_RATE_LIMITED,
]);

export interface BreakerSettings {
  errorPercent: number;
  minPushes: number;
  resetMs: number;
}

/**
 * A circuit breaker around deliveries (opossum): when at least `minPushes` pushes ran in the last 10 s and more
 * than `errorPercent` of them failed on CXone's side, it opens and pushes fail fast with CXONE_UNAVAILABLE
 * (retryAfterSeconds) instead of each waiting out its own attempts. After `resetMs` it half-opens: one push
 * probes CXone, and its outcome closes or reopens the breaker.
 */
export class DeliveryBreaker {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private openedAt = 0;

  constructor(
    private readonly settings: BreakerSettings,
    hooks: { onOpen?: () => void; onClose?: () => void; onReject?: () => void } = {},
  ) {
    this.breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
      timeout: false,
      errorThresholdPercentage: settings.errorPercent,
      volumeThreshold: settings.minPushes,
      resetTimeout: settings.resetMs,
      rollingCountTimeout: 10_000,
      rollingCountBuckets: 10,
      errorFilter: (error: unknown) => !(error instanceof GatewayError && UPSTREAM_FAILURES.has(error.code)),
    });
    this.breaker.on("open", () => {
      this.openedAt = Date.now();
      hooks.onOpen?.();
    });
    this.breaker.on("close", () => hooks.onClose?.());
    this.breaker.on("reject", () => hooks.onReject?.());
  }

  /** True while pushes fail fast. */
  get open(): boolean {
    return this.breaker.opened;
  }

  /** Runs `work` unless the breaker is open (then throws CXONE_UNAVAILABLE at once). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(work)) as T;
    } catch (error) {
      if ((error as { code?: unknown }).code === "EOPENBREAKER") {
        const leftMs = Math.max(0, this.openedAt + this.settings.resetMs - Date.now());
        throw new GatewayError(
          ErrorCode.CXONE_UNAVAILABLE,
          "CXone has been failing, so the gateway is pausing pushes briefly instead of piling onto it; try again shortly.",
          { retryAfterSeconds: Math.max(1, Math.ceil(leftMs / 1000)), circuitOpen: true },
        );
      }
      throw error;
    }
  }

  /** Stops the breaker's timers. */
  shutdown(): void {
    this.breaker.shutdown();
  }
}
