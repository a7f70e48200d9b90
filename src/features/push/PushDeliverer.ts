import type { Logger } from "pino";
import { inSpan } from "../../platform/observability/tracing";
import { backoffDelay } from "../../platform/resilience/backoff";
import { Periodic } from "../../platform/resilience/Periodic";
import type { PushLedger } from "./PushLedger";
import { deliverAndRecord, type DeliveryDeps } from "./pushDelivery";

export interface DelivererOptions {
  /** How often due pushes are looked for. */
  pollMs: number;
  /** Pushes claimed (and attempted at once) per look. */
  batch: number;
  /** How long a claim lasts: one attempt's deadline plus a margin. Past it, another process may take the push. */
  leaseMs: number;
}

/**
 * The background deliverer: claims due QUEUED pushes (and PENDING ones whose recording process died) under a
 * lease and delivers each once (deliverAndRecord, as the first attempt does). Every gateway process runs one; the
 * lease keeps them apart. A full batch looks again at once; a ledger it cannot read, after a growing wait.
 */
export class PushDeliverer {
  private readonly job: Periodic;
  private failures = 0;

  constructor(
    private readonly ledger: PushLedger,
    private readonly delivery: DeliveryDeps,
    private readonly logger: Logger,
    private readonly options: DelivererOptions,
  ) {
    this.job = new Periodic(() => this.look(), options.pollMs, { firstAfterMs: 0 });
  }

  start(): void {
    this.job.start();
  }

  /** Stops looking for work and waits for the attempts under way. */
  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One look for due pushes; resolves when their attempts are written. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.ledger.claimDue(this.options.batch, this.options.leaseMs);
    await Promise.all(
      claimed.map((row) =>
        inSpan("push delivery", { "push.id": row.id, "push.attempt": row.attempts + 1 }, async () => {
          const logger = this.logger.child({
            pushId: row.id,
            requestId: row.requestId,
            interactionId: row.interactionId,
          });
          const settled = await deliverAndRecord(row, this.delivery, logger);
          this.delivery.metrics?.delivererAttempts.inc({ outcome: settled.row.status.toLowerCase() });
        }),
      ),
    );
    return claimed.length;
  }

  /** One scheduled look; returns when to look next. */
  private async look(): Promise<number> {
    try {
      const claimed = await this.runOnce();
      this.failures = 0;
      return claimed >= this.options.batch ? 0 : this.options.pollMs;
    } catch (error) {
      this.failures += 1;
      this.logger.warn({ err: error }, "push deliverer could not read the ledger; trying again");
      return backoffDelay(this.failures, {
        baseMs: this.options.pollMs * 4,
        capMs: this.options.pollMs * 32,
        jitter: 0,
      });
    }
  }
}
