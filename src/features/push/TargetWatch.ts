import type { Logger } from "pino";
import { Periodic } from "../../platform/resilience/Periodic";
import type { OtherTarget, PushLedger } from "./PushLedger";

/** How often open pushes of other CXone targets are counted (and once at start). */
export const TARGET_WATCH_EVERY_MS = 30_000;

/**
 * Watches the shared ledger for open pushes that belong to other CXone targets. The deliverer never claims them; this
 * says so, once per target in the log (again only after that target's queue had emptied) and on every /readyz.
 */
export class TargetWatch {
  private readonly job: Periodic;
  private others: OtherTarget[] = [];
  private readonly reported = new Set<string>();

  constructor(
    private readonly ledger: PushLedger,
    private readonly logger: Logger,
    everyMs = TARGET_WATCH_EVERY_MS,
  ) {
    this.job = new Periodic(() => this.runOnce().then(() => undefined), everyMs, { firstAfterMs: 0 });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Counts other targets' open pushes now; logs each target not reported since its queue was last empty. */
  async runOnce(): Promise<OtherTarget[]> {
    try {
      this.others = await this.ledger.otherTargets();
    } catch (error) {
      this.logger.debug({ err: error }, "could not count other CXone targets' pushes; trying again later");
      return this.others;
    }
    const present = new Set(this.others.map((o) => o.target));
    for (const target of this.reported) if (!present.has(target)) this.reported.delete(target);
    for (const other of this.others) {
      if (this.reported.has(other.target)) continue;
      this.reported.add(other.target);
      this.logger.warn(
        { target: this.ledger.target, otherTarget: other.target, open: other.open },
        `${other.open} open pushes in the ledger belong to CXone target ${other.target}; this gateway delivers only to ${this.ledger.target} and leaves them alone`,
      );
    }
    return this.others;
  }

  /** For /readyz: this gateway's target, and other targets' open pushes as last counted. */
  status(): { pushTarget: string; otherTargets: string } {
    return {
      pushTarget: this.ledger.target,
      otherTargets:
        this.others.length === 0
          ? "none"
          : `${this.others.map((o) => `${o.target} (${o.open} open)`).join(", ")}: left alone`,
    };
  }
}
