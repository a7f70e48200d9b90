import type { Logger } from "pino";

/** A dependency whose outage is logged as one story rather than one line per failed request. */
export type Dependency = "neo4j" | "cxone" | "capacity";

/** How long a dependency must answer without a failure before its outage is over (and logged so). */
export const OUTAGE_SETTLE_MS = 5_000;

interface Outage {
  startedAt: number;
  failures: number;
  reportedAt: number;
  sinceReport: number;
  /** When it first answered again with no failure since; the outage ends once this has lasted the settle time. */
  recoveringSince?: number;
  cancelSettle?: () => void;
}

/** Runs `fn` after `ms`; returns how to cancel it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

const realSchedule: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms).unref();
  return () => clearTimeout(timer);
};

/**
 * Logs a dependency outage as it happens to people: once when it starts (with the first cause and request id),
 * then a count at most every `intervalMs`, and once when it ends. Without it an outage under load wrote a stack
 * trace per failed request (tens of megabytes a minute). An outage ends only after the dependency has answered for
 * `settleMs` with no failure in between: a dependency coming back unsteadily (a restarted Neo4j, a CXone that
 * answers one call in three) is one outage, not "unavailable" / "available again" ten times in a few seconds.
 */
export class OutageLog {
  private readonly outages = new Map<Dependency, Outage>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
    private readonly settleMs = OUTAGE_SETTLE_MS,
    private readonly schedule: Schedule = realSchedule,
  ) {}

  /** Records one failure caused by `dependency` being unavailable. */
  failure(dependency: Dependency, facts: { err?: unknown; requestId?: string; [key: string]: unknown } = {}): void {
    const now = this.now();
    const outage = this.outages.get(dependency);
    if (!outage) {
      this.outages.set(dependency, { startedAt: now, failures: 1, reportedAt: now, sinceReport: 0 });
      this.logger.warn({ dependency, ...facts }, `${dependency} unavailable: requests are failing`);
      return;
    }
    if (outage.recoveringSince !== undefined) {
      outage.cancelSettle?.();
      delete outage.recoveringSince;
      delete outage.cancelSettle;
    }
    outage.failures += 1;
    outage.sinceReport += 1;
    if (now - outage.reportedAt >= this.intervalMs) {
      this.logger.warn(
        { dependency, failures: outage.sinceReport, totalFailures: outage.failures, outageMs: now - outage.startedAt },
        `${dependency} still unavailable`,
      );
      outage.reportedAt = now;
      outage.sinceReport = 0;
    }
  }

  /** Records that `dependency` answered; its outage, if any, ends with one line once it has settled. */
  success(dependency: Dependency): void {
    if (this.outages.size === 0) return;
    const outage = this.outages.get(dependency);
    if (!outage || outage.recoveringSince !== undefined) return;
    const since = this.now();
    outage.recoveringSince = since;
    outage.cancelSettle = this.schedule(() => {
      if (this.outages.get(dependency) !== outage || outage.recoveringSince !== since) return;
      this.outages.delete(dependency);
      this.logger.info(
        { dependency, totalFailures: outage.failures, outageMs: since - outage.startedAt },
        `${dependency} available again`,
      );
    }, this.settleMs);
  }

  /** A request's Neo4j work was admitted and answered: ends a Neo4j outage and an overload, if any. */
  graphAnswered(): void {
    if (this.outages.size === 0) return;
    this.success("neo4j");
    this.success("capacity");
  }

  /** True while `dependency` is failing or has not yet answered for the settle time. */
  isDown(dependency: Dependency): boolean {
    return this.outages.has(dependency);
  }

  /** Forgets every outage and its pending settle (the gateway is stopping). */
  stop(): void {
    for (const outage of this.outages.values()) outage.cancelSettle?.();
    this.outages.clear();
  }
}
