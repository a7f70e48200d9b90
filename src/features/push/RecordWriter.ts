import { randomUUID } from "node:crypto";
import { GroupCommit } from "./GroupCommit";
import type { PushLedger, PushToRecord } from "./PushLedger";
import type { PushRow } from "./pushRecord";

/** Largest number of pushes recorded in one transaction. */
const MAX_GROUP = 200;

/**
 * Group commit for push records: concurrent pushes are recorded together (one Neo4j commit for many). Two pushes
 * into the same interaction never share a write, so the second sees the first one's articles as shown. `run` wraps
 * each write (the admission queue).
 */
export class RecordWriter {
  private readonly commits: GroupCommit<PushToRecord, PushRow>;

  constructor(ledger: PushLedger, run: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()) {
    this.commits = new GroupCommit(
      (pushes) => run(() => ledger.record(pushes, randomUUID())),
      MAX_GROUP,
      (a, b) => a.interactionId === b.interactionId,
    );
  }

  record(push: PushToRecord): Promise<PushRow> {
    return this.commits.add(push);
  }
}
