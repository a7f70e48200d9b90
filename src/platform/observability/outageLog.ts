import type { Logger } from "pino";

/** A dependency whose outage is logged as one story rather than one line per failed request. */
export type Dependency = "neo4j" | "cxone" | "capacity";

interface Outage {
  startedAt: number;
  failures: number;
  reportedAt: number;
  sinceReport: number;
}

/**
 * Logs a dependency outage as it happens to people: once when it starts (with the first cause and request id),
 * then a count at most every `intervalMs`, and once when it ends. Without it an outage under load wrote a stack
 * trace per failed request (tens of megabytes a minute).
 */
export class OutageLog {
  private readonly outages = new Map<Dependency, Outage>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
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

  /** Records that `dependency` answered; ends its outage, if any, with one line. */
  success(dependency: Dependency): void {
    if (this.outages.size === 0) return;
    const outage = this.outages.get(dependency);
    if (!outage) return;
    this.outages.delete(dependency);
    this.logger.info(
      { dependency, totalFailures: outage.failures, outageMs: this.now() - outage.startedAt },
      `${dependency} available again`,
    );
  }

  /** A request's Neo4j work was admitted and answered: ends a Neo4j outage and an overload, if any. */
  graphAnswered(): void {
    if (this.outages.size === 0) return;
    this.success("neo4j");
    this.success("capacity");
  }

  /** True while `dependency` is failing. */
  isDown(dependency: Dependency): boolean {
    return this.outages.has(dependency);
  }
}
