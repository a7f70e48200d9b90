import type { Logger } from "pino";
import { Periodic } from "../../platform/resilience/Periodic";
import type { PushLedger } from "./PushLedger";

/** Pushes deleted per transaction: old history goes in bounded batches, never one huge transaction. */
export const RETENTION_BATCH = 1_000;
/** How often the job runs (and once shortly after start). */
export const RETENTION_EVERY_MS = 60 * 60 * 1_000;

/** Deletes push records older than the retention period (PUSH_RETENTION_DAYS), periodically. */
export class RetentionJob {
  private readonly job: Periodic;

  constructor(
    private readonly ledger: PushLedger,
    private readonly retentionMs: number,
    private readonly logger: Logger,
  ) {
    this.job = new Periodic(
      () =>
        this.runOnce().then(
          () => undefined,
          (error: unknown) =>
            this.logger.warn({ err: error }, "push retention could not run; trying again at the next pass"),
        ),
      RETENTION_EVERY_MS,
      { firstAfterMs: 10_000 },
    );
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One pass; returns how many pushes were deleted. */
  async runOnce(): Promise<number> {
    const deleted = await this.ledger.deleteOlderThan(this.ledger.now() - this.retentionMs, RETENTION_BATCH);
    if (deleted > 0)
      this.logger.info(
        { deleted, retentionDays: this.retentionMs / 86_400_000 },
        "deleted push records past retention",
      );
    return deleted;
  }
}
