import { GroupCommit } from "./GroupCommit";
import type { Outcome, PushLedger } from "./PushLedger";
import type { PushRow } from "./pushRecord";

/** Largest number of outcomes in one transaction. */
const MAX_GROUP = 500;

/**
 * Group commit for attempt outcomes. Each caller learns its own push's new row (null when its lease was taken
 * over and nothing changed); every written row is handed to `onWritten` (the live feed).
 */
export class OutcomeWriter {
  private readonly commits: GroupCommit<Outcome, PushRow | null>;

  constructor(ledger: PushLedger, onWritten: (rows: PushRow[]) => void) {
    this.commits = new GroupCommit(async (outcomes) => {
      const rows = await ledger.writeOutcomes(outcomes);
      onWritten(rows);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return outcomes.map((o) => byId.get(o.id) ?? null);
    }, MAX_GROUP);
  }

  write(outcome: Outcome): Promise<PushRow | null> {
    return this.commits.add(outcome);
  }
}
