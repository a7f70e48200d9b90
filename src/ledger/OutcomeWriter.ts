import type { Outcome, PushLedger } from "./PushLedger";
import type { PushRow } from "./pushRecord";

interface Waiting {
  outcome: Outcome;
  resolve: (row: PushRow | null) => void;
  reject: (error: unknown) => void;
}

/** Largest number of outcomes in one transaction. */
const MAX_GROUP = 500;

/**
 * Group commit for attempt outcomes: outcomes that arrive while a write is under way go together in the next
 * one, so under load many pushes share one Neo4j round trip, and alone a push pays one. Each caller learns its
 * own push's new row (null when its lease was taken over and nothing changed).
 */
export class OutcomeWriter {
  private pending: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly ledger: PushLedger,
    private readonly onWritten: (rows: PushRow[]) => void,
  ) {}

  write(outcome: Outcome): Promise<PushRow | null> {
    return new Promise((resolve, reject) => {
      this.pending.push({ outcome, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, MAX_GROUP);
      try {
        const rows = await this.ledger.writeOutcomes(group.map((w) => w.outcome));
        const byId = new Map(rows.map((row) => [row.id, row]));
        this.onWritten(rows);
        for (const w of group) w.resolve(byId.get(w.outcome.id) ?? null);
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.flushing = false;
  }
}
