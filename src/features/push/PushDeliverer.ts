import type { Logger } from "pino";
import type { CxoneClient } from "../../integrations/cxone/CxoneClient";
import type { GatewayMetrics } from "../../platform/observability/metrics";
import { attemptDelivery, expiry } from "./deliveryAttempt";
import type { OutcomeWriter } from "./OutcomeWriter";
import type { PushLedger } from "./PushLedger";
import type { PushRow } from "./pushRecord";
import { logPushChange } from "./pushLog";
import { inSpan } from "../../platform/observability/tracing";

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
 * lease, tries each once, writes the outcome. Every gateway process runs one; the lease keeps them apart.
 */
export class PushDeliverer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly ledger: PushLedger,
    private readonly cxone: CxoneClient,
    private readonly writer: OutcomeWriter,
    private readonly logger: Logger,
    private readonly options: DelivererOptions,
    private readonly metrics?: GatewayMetrics,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Stops looking for work and waits for the attempts under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One look for due pushes; resolves when their attempts are written. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.ledger.claimDue(this.options.batch, this.options.leaseMs);
    await Promise.all(claimed.map((row) => inSpan("push delivery", { "push.id": row.id, "push.attempt": row.attempts + 1 }, () => this.attempt(row))));
    return claimed.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().then(
        (claimed) => this.schedule(claimed >= this.options.batch ? 0 : this.options.pollMs),
        (error: unknown) => {
          this.logger.warn({ err: error }, "push deliverer could not read the ledger; trying again");
          this.schedule(this.options.pollMs * 4);
        },
      );
    }, delayMs);
  }

  private async attempt(row: PushRow): Promise<void> {
    const logger = this.logger.child({ pushId: row.id, requestId: row.requestId, interactionId: row.interactionId });
    const leaseToken = row.leaseToken as string;
    const now = this.ledger.now();
    const result =
      row.expiresAt <= now ? { changes: expiry(row) } : await attemptDelivery(row, this.cxone, logger, this.ledger.now);
    this.metrics?.delivererAttempts.inc({ outcome: result.changes.status.toLowerCase() });
    try {
      const written = await this.writer.write({ id: row.id, leaseToken, changes: result.changes });
      if (written) logPushChange(written, logger, this.metrics);
    } catch (error) {
      // The push keeps its lease until it lapses, then is claimed again; its Idempotency-Key prevents a second delivery.
      logger.warn({ err: error, status: result.changes.status }, "could not record a push's outcome; it will be tried again");
    }
  }
}
