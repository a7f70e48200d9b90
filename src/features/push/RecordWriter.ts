import { randomUUID } from "node:crypto";
import { GroupCommit } from "./GroupCommit";
import type { PushLedger, PushToRecord } from "./PushLedger";
import type { PushRow } from "./pushRecord";

/** Largest number of pushes recorded in one transaction. */
const MAX_GROUP = 200;

/**
 * Group commit for push records: concurrent pushes (a batch's, and other requests') are recorded together, one
 * Neo4j commit for many, under one lease token. Pushes into the same interaction are written in successive
 * statements by PushLedger.record, so the second sees the first one's articles as shown. `run` wraps each write
 * (the admission queue).
 */
export class RecordWriter {
  private readonly commits: GroupCommit<PushToRecord, PushRow>;

  constructor(ledger: PushLedger, run: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()) {
    this.commits = new GroupCommit((pushes) => run(() => ledger.record(pushes, randomUUID())), MAX_GROUP);
  }

  record(push: PushToRecord): Promise<PushRow> {
    return this.commits.add(push);
  }
}
