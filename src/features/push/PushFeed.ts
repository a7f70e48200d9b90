import type { Logger } from "pino";
import type { PushLedger } from "./PushLedger";
import { Periodic } from "../../platform/resilience/Periodic";
import { atVersion, type PushRow } from "./pushRecord";

export interface FeedFilter {
  interactionId?: string | null;
  agentId?: string | null;
}

export interface FeedOptions {
  /** How often the ledger is read for changes made by other processes, while anyone listens. */
  pollMs: number;
  /** How far back each read looks: a change committed late (after a later one was read) is still seen. */
  overlapMs: number;
  /** A subscriber that falls this many events behind loses the oldest. */
  maxBuffered: number;
}

export const FEED_DEFAULTS: FeedOptions = { pollMs: 250, overlapMs: 3_000, maxBuffered: 1_000 };
const MAX_PER_READ = 1_000;

interface Subscriber {
  filter: FeedFilter;
  push: (row: PushRow) => void;
}

/**
 * The live feed of push status changes. Changes made here are published at once; changes made by any process on
 * the same Neo4j are read from the ledger every `pollMs` while anyone listens (each change has a version, so
 * none is sent twice).
 */
export class PushFeed {
  private readonly subscribers = new Set<Subscriber>();
  /** Pushes published: the latest version, and when it changed (forgotten after the overlap). */
  private readonly published = new Map<string, { version: number; updatedAt: number }>();
  private startedAt = 0;
  /** Entries whose last change is older than this were forgotten. */
  private prunedBefore = 0;
  private since = 0;
  /** Reads the ledger while anyone subscribes (other processes' changes reach the feed this way). */
  private readonly polls: Periodic;
  private polling = false;
  private stopped = false;

  constructor(
    private readonly ledger: PushLedger,
    private readonly logger: Logger,
    private readonly options: FeedOptions = FEED_DEFAULTS,
  ) {
    this.polls = new Periodic(() => this.poll(), options.pollMs);
  }

  /**
   * Publishes changed pushes to matching subscribers, once per version. A push first seen here after several
   * changes (made by another process between two reads) is published for each version not yet published,
   * from its status history; a push first seen mid-way starts at the version it has.
   */
  publish(rows: PushRow[]): void {
    if (this.subscribers.size === 0) return;
    for (const row of rows) {
      const latestSeen = this.published.get(row.id);
      const from = latestSeen === undefined ? this.firstVersionToShow(row) : latestSeen.version + 1;
      if (from > row.version) continue;
      this.published.set(row.id, { version: row.version, updatedAt: row.updatedAt });
      for (let version = from; version <= row.version; version++) {
        const event = atVersion(row, version);
        for (const s of this.subscribers) if (matches(s.filter, event)) s.push(event);
      }
    }
  }

  /**
   * A push not in `published`: shown from its first version when it was created after the feed started and after the
   * last pruning (so it cannot have been published and forgotten), else from its latest version.
   */
  private firstVersionToShow(row: PushRow): number {
    return row.createdAt >= Math.max(this.startedAt, this.prunedBefore) ? 1 : row.version;
  }

  /** Events matching `filter`, from now on, until the iterator is returned. */
  subscribe(filter: FeedFilter): AsyncIterableIterator<PushRow> {
    const buffer: PushRow[] = [];
    let wake: ((result: IteratorResult<PushRow>) => void) | undefined;
    let done = false;
    const subscriber: Subscriber = {
      filter,
      push: (row) => {
        if (wake) {
          const w = wake;
          wake = undefined;
          w({ value: row, done: false });
          return;
        }
        buffer.push(row);
        if (buffer.length > this.options.maxBuffered) buffer.shift();
      },
    };
    const finish = (): Promise<IteratorResult<PushRow>> => {
      done = true;
      this.subscribers.delete(subscriber);
      wake?.({ value: undefined, done: true });
      wake = undefined;
      return Promise.resolve({ value: undefined, done: true });
    };
    this.subscribers.add(subscriber);
    this.startPolling();
    return {
      next: () => {
        const row = buffer.shift();
        if (row) return Promise.resolve({ value: row, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (wake = resolve));
      },
      return: finish,
      throw: (error: unknown) => (void finish(), Promise.reject(error)),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  stop(): Promise<void> {
    this.stopped = true;
    return this.polls.stop();
  }

  private startPolling(): void {
    if (this.polling || this.stopped) return;
    this.polling = true;
    this.startedAt = this.ledger.now();
    this.since = this.startedAt - this.options.overlapMs;
    this.polls.start();
  }

  private async poll(): Promise<void> {
    const startedAt = this.ledger.now();
    try {
      const rows = await this.ledger.changedSince(this.since, MAX_PER_READ);
      this.publish(rows);
      const last = rows[rows.length - 1];
      this.since = rows.length === MAX_PER_READ && last ? last.updatedAt : startedAt - this.options.overlapMs;
      this.prunedBefore = this.since - this.options.overlapMs;
      for (const [id, { updatedAt: at }] of this.published) {
        if (at < this.prunedBefore) {
          this.published.delete(id);
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, "live push feed could not read the ledger; trying again");
    }
    if (this.subscribers.size === 0 || this.stopped) {
      // Nobody listens: stop reading until someone subscribes again (this run ends the schedule).
      this.polling = false;
      void this.polls.stop();
      this.published.clear();
    }
  }
}

function matches(filter: FeedFilter, row: PushRow): boolean {
  return (
    (!filter.interactionId || filter.interactionId === row.interactionId) &&
    (!filter.agentId || filter.agentId === row.agentId)
  );
}
