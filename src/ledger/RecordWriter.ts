import { randomUUID } from "node:crypto";
import type { PushLedger, PushToRecord } from "./PushLedger";
import type { PushRow } from "./pushRecord";

interface Waiting {
  push: PushToRecord;
  resolve: (row: PushRow) => void;
  reject: (error: unknown) => void;
}

/** Largest number of pushes recorded in one transaction. */
const MAX_GROUP = 200;

/**
 * Group commit for push records: pushes that arrive while a record write is under way are recorded together in
 * the next one (one Neo4j commit for many), so under load the durable write is shared; alone, a push pays one
 * round trip as before. Two pushes into the same interaction never share a write: the second waits for the next,
 * so it sees the first one's articles as shown. `run` wraps each write (the admission queue).
 */
export class RecordWriter {
  private pending: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly ledger: PushLedger,
    private readonly run: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
  ) {}

  record(push: PushToRecord): Promise<PushRow> {
    return new Promise((resolve, reject) => {
      this.pending.push({ push, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const group: Waiting[] = [];
      const later: Waiting[] = [];
      const interactions = new Set<string>();
      for (const w of this.pending) {
        if (group.length < MAX_GROUP && !interactions.has(w.push.interactionId)) {
          interactions.add(w.push.interactionId);
          group.push(w);
        } else later.push(w);
      }
      this.pending = later;
      try {
        const rows = await this.run(() => this.ledger.record(group.map((w) => w.push), randomUUID()));
        group.forEach((w, i) => w.resolve(rows[i] as PushRow));
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.flushing = false;
  }
}
