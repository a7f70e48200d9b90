import type { KnowledgeGapKind } from "../../generated/graphql";
import neo4j, { type Driver } from "neo4j-driver";
import type { Logger } from "pino";
import { ADD_GAPS, DELETE_OLD_GAPS, FULLTEXT_TERMS } from "./gapStatements";
import { Periodic } from "../../platform/resilience/Periodic";
import { gapText } from "../suggestions";
import { graphRead, graphTransaction, graphWrite } from "../../platform/neo4j/graphAccess";

export type GapKind = KnowledgeGapKind;

/** Most distinct (text, kind) pairs held between two flushes; beyond it new texts are counted as dropped. */
export const MAX_PENDING_GAPS = 10_000;

interface Pending {
  text: string;
  kind: GapKind;
  day: string;
  searches: number;
  lastSearchedAt: number;
}

/**
 * Counts knowledge gaps off the request path: a search adds to an in-memory count (a Map update), and every
 * KB_GAP_FLUSH_MS one write adds the counts to the graph. A crash loses at most the counts of one flush interval;
 * a failed flush keeps its counts for the next one. FUZZY_ONLY gaps get the terms the full-text fallback used,
 * looked up at flush time (one read per flush).
 */
export class GapRecorder {
  private pending = new Map<string, Pending>();
  private readonly flushes: Periodic;
  private lastRetentionAt = 0;
  /** Texts not counted because MAX_PENDING_GAPS was reached (reported in the log at the next flush). */
  private dropped = 0;
  /** Whether the last flush failed (an outage is logged when it starts and when it ends, not every flush). */
  private failing = false;

  constructor(
    private readonly driver: Driver,
    private readonly database: string,
    private readonly logger: Logger,
    private readonly options: { flushMs: number; retentionMs: number; now?: () => number },
  ) {
    this.flushes = new Periodic(() => this.writePending(), options.flushMs);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Counts one search of `text` as a gap of `kind`. */
  note(text: string, kind: GapKind): void {
    const normal = gapText(text);
    if (normal === "") return;
    const now = this.now();
    this.merge({ text: normal, kind, day: dayOf(now), searches: 1, lastSearchedAt: now });
  }

  /**
   * Counts a search by what it found: nothing is NO_RESULTS; results without an exact term match are FUZZY_ONLY; a
   * stale first result is STALE (`firstStale` undefined when the caller cannot tell).
   */
  noteSearch(text: string, found: number, matchedExactly: boolean, firstStale?: boolean): void {
    if (found === 0) return this.note(text, "NO_RESULTS");
    if (!matchedExactly) this.note(text, "FUZZY_ONLY");
    if (firstStale) this.note(text, "STALE");
  }

  /** Writes the counts so far (the timer calls this; tests and shutdown too). */
  flush(): Promise<void> {
    return this.flushes.run();
  }

  start(): void {
    this.flushes.start();
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    await this.flushes.stop();
    await this.flush();
  }

  private async writePending(): Promise<void> {
    await this.deleteOldOnceAnHour();
    if (this.dropped > 0) {
      this.logger.warn(
        { dropped: this.dropped, limit: MAX_PENDING_GAPS },
        "knowledge-gap texts not counted: too many distinct texts in one flush interval",
      );
      this.dropped = 0;
    }
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      const fuzzy = [...new Set(batch.filter((g) => g.kind === "FUZZY_ONLY").map((g) => g.text))];
      const terms = fuzzy.length > 0 ? await this.fullTextTerms(fuzzy) : new Map<string, string[]>();
      const gaps = batch.map((g) => ({ ...g, searches: neo4j.int(g.searches), terms: terms.get(g.text) ?? [] }));
      // Two gateways may MERGE the same (text, kind, day) at once: a managed transaction, retried by the driver.
      await graphTransaction(this.driver, "WRITE", { database: this.database, op: "addGaps" }, (tx) =>
        tx.run(ADD_GAPS, { gaps }),
      );
      if (this.failing) this.logger.info({ gaps: batch.length }, "knowledge gaps written again");
      this.failing = false;
    } catch (error) {
      // Kept for the next flush (merged with what arrives meanwhile).
      for (const g of batch) this.merge(g);
      if (!this.failing)
        this.logger.warn(
          { err: error, gaps: batch.length },
          "could not write knowledge gaps; keeping them for the next flush",
        );
      this.failing = true;
    }
  }

  /** Adds to the pending counts; past MAX_PENDING_GAPS distinct entries, new ones are counted as dropped. */
  private merge(g: Pending): void {
    const key = `${g.kind}\u0000${g.day}\u0000${g.text}`;
    const entry = this.pending.get(key);
    if (entry) {
      entry.searches += g.searches;
      entry.lastSearchedAt = Math.max(entry.lastSearchedAt, g.lastSearchedAt);
    } else if (this.pending.size < MAX_PENDING_GAPS) {
      this.pending.set(key, g);
    } else {
      this.dropped += g.searches;
    }
  }

  private async fullTextTerms(texts: string[]): Promise<Map<string, string[]>> {
    const records = await graphRead(
      this.driver,
      FULLTEXT_TERMS,
      { texts },
      { database: this.database, op: "gapTerms" },
    );
    return new Map(records.map((r) => [String(r.get("text")), (r.get("terms") as string[]) ?? []]));
  }

  private async deleteOldOnceAnHour(): Promise<void> {
    const now = this.now();
    if (now - this.lastRetentionAt < 3_600_000) return;
    this.lastRetentionAt = now;
    try {
      const cutoffDay = dayOf(now - this.options.retentionMs);
      for (;;) {
        const records = await graphWrite(
          this.driver,
          DELETE_OLD_GAPS,
          { cutoffDay, batch: neo4j.int(1_000) },
          { database: this.database, op: "deleteOldGaps" },
        );
        if (Number(records[0]?.get("deleted") ?? 0) < 1_000) break;
      }
    } catch (error) {
      this.logger.warn({ err: error }, "could not delete knowledge gaps past retention; trying again in an hour");
    }
  }
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
