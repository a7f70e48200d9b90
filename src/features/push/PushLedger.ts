import { randomUUID } from "node:crypto";
import neo4j, { type Driver, type Record as Neo4jRecord } from "neo4j-driver";
import type { CxoneCard } from "../../integrations/cxone/cards";
import { toRow, type PushRow, type PushStatus } from "./pushRecord";
import * as Q from "./ledgerStatements";
import { graphRead, graphRehearsal, graphWrite, type StatementOptions } from "../../platform/neo4j/graphAccess";

/** One push to record: the traversal's articles in rank order, as cards. */
export interface PushToRecord {
  interactionId: string;
  agentId: string;
  query: string;
  requestedBy: string;
  /** Whose share the push counts against: the token's subject, else the client's address (see PushShares). */
  caller: string;
  requestId: string;
  limit: number;
  includeShown: boolean;
  candidates: CxoneCard[];
}

/** What to change on a push after an attempt (null removes a property). */
export interface PushChanges {
  status: PushStatus;
  attempts?: number;
  deliveredAt?: number | null;
  contentId?: string | null;
  nextAttemptAt?: number | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  errorRetryAfter?: number | null;
}

export interface Outcome {
  id: string;
  leaseToken: string;
  changes: PushChanges;
}

export interface PushFilterInput {
  interactionId?: string | null;
  agentId?: string | null;
  status?: PushStatus | null;
  since?: number | null;
  until?: number | null;
}

export interface LedgerOptions {
  database: string;
  timeoutMs: number;
  /** A push not delivered by then is never delivered. */
  ttlMs: number;
  /** How long the recording process owns a new push before another may pick it up (its first attempt). */
  firstLeaseMs: number;
  /** The CXone target this gateway records pushes for and delivers to (see cxoneTarget.ts). */
  target: string;
  /** Whether open pushes recorded before pushes named a target are this gateway's (a real CXone: yes; the simulator: no). */
  adoptUnbound: boolean;
  now?: () => number;
}

/** Open pushes of another CXone target, which this gateway leaves alone. */
export interface OtherTarget {
  target: string;
  open: number;
}

/** A push as the warm-up records it (in a transaction that is rolled back). */
const WARM_UP_PUSH: PushToRecord = {
  interactionId: "warm-up",
  agentId: "warm-up",
  query: "warm up",
  requestedBy: "warm-up",
  caller: "warm-up",
  requestId: "warm-up",
  limit: 5,
  includeShown: false,
  candidates: [
    {
      title: "Warm-up",
      url: "urn:aag:warm-up",
      description: "",
      type: "article",
      displayType: "card",
      metadata: { source: "neo4j_knowledge_graph", priority: 1 },
    },
  ],
};

/**
 * The push ledger in Neo4j: records pushes before CXone is called, writes outcomes, hands due pushes to
 * deliverers under a lease, and answers history. Every statement is in ledgerStatements.ts.
 */
export class PushLedger {
  readonly now: () => number;

  constructor(
    private readonly driver: Driver,
    private readonly options: LedgerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Records pushes in one round trip; returns each push's row in input order, leased to `leaseToken`. Pushes into
   * the same interaction go in successive writes (one more round trip each), so each sees the articles of the one
   * before it: within one statement they could not.
   */
  async record(pushes: PushToRecord[], leaseToken: string): Promise<PushRow[]> {
    const layers: { index: number; push: PushToRecord }[][] = [];
    pushes.forEach((push, index) => {
      const layer = layers.find((l) => !l.some((item) => item.push.interactionId === push.interactionId));
      if (layer) layer.push({ index, push });
      else layers.push([{ index, push }]);
    });
    const rows: PushRow[] = new Array(pushes.length);
    for (const layer of layers) {
      const written = await this.recordOnce(
        layer.map((item) => item.push),
        leaseToken,
      );
      layer.forEach((item, i) => (rows[item.index] = written[i] as PushRow));
    }
    return rows;
  }

  private async recordOnce(pushes: PushToRecord[], leaseToken: string): Promise<PushRow[]> {
    const rows = this.recordRows(pushes, leaseToken);
    const records = await this.write(Q.RECORD_PUSHES, { pushes: rows }, "recordPushes");
    const byIndex = new Map(records.map((r) => [r.get("index") as number, r]));
    return rows.map((r) => {
      const record = byIndex.get(r.index);
      if (!record) throw new Error(`push ${r.index} was not recorded`);
      const cardOf = new Map(r.candidates.map((c) => [c.url, c.card]));
      const cards = (record.get("urls") as string[]).map((url) => cardOf.get(url) as string);
      return { ...toRow(record.get("push") as Record<string, unknown>), cards };
    });
  }

  /** The statement's rows for `pushes`, each with a new id, its expiry and its first lease. */
  private recordRows(pushes: PushToRecord[], leaseToken: string) {
    const now = this.now();
    return pushes.map((p, index) => ({
      index,
      id: randomUUID(),
      interactionId: p.interactionId,
      agentId: p.agentId,
      query: p.query,
      requestedBy: p.requestedBy,
      caller: p.caller,
      requestId: p.requestId,
      limit: p.limit,
      includeShown: p.includeShown,
      candidates: p.candidates.map((card) => ({ url: card.url, card: JSON.stringify(card) })),
      now,
      expiresAt: now + this.options.ttlMs,
      leaseToken,
      leaseUntil: now + this.options.firstLeaseMs,
      target: this.options.target,
    }));
  }

  /** Writes outcomes in one transaction; returns the pushes changed (an outcome whose lease was lost changes nothing). */
  async writeOutcomes(outcomes: Outcome[]): Promise<PushRow[]> {
    const now = this.now();
    const records = await this.write(
      Q.WRITE_OUTCOMES,
      { outcomes: outcomes.map((o) => ({ ...o, now })) },
      "writeOutcomes",
    );
    return records.map((r) => toRow(r.get("push") as Record<string, unknown>));
  }

  /** Claims up to `max` due pushes for `leaseMs`; each claimed push gets a fresh lease token. */
  async claimDue(max: number, leaseMs: number): Promise<PushRow[]> {
    const now = this.now();
    const token = randomUUID();
    const records = await this.write(
      Q.CLAIM_DUE,
      {
        now,
        max: neo4j.int(max),
        token,
        leaseUntil: now + leaseMs,
        target: this.options.target,
        adoptUnbound: this.options.adoptUnbound,
      },
      "claimDue",
    );
    return records.map((r) => toRow(r.get("push") as Record<string, unknown>));
  }

  /** This gateway's CXone target. */
  get target(): string {
    return this.options.target;
  }

  /** Open pushes of this gateway's target: in all, and per caller (the top 1,000). */
  async openByCaller(): Promise<{ total: number; byCaller: { caller: string; open: number }[] }> {
    const [record] = await this.read(Q.OPEN_BY_CALLER, { target: this.options.target }, "openByCaller");
    const callers = (record?.get("callers") ?? []) as { caller: unknown; open: unknown }[];
    return {
      total: Number(record?.get("total") ?? 0),
      byCaller: callers.map((c) => ({ caller: String(c.caller), open: Number(c.open) })),
    };
  }

  /** Open pushes that belong to other CXone targets, per target, most first. */
  async otherTargets(): Promise<OtherTarget[]> {
    return (await this.read(Q.OTHER_TARGETS, { target: this.options.target }, "otherTargets")).map((r) => ({
      target: String(r.get("target")),
      open: Number(r.get("open")),
    }));
  }

  /**
   * Migration for ledgers written before pushes named their target: binds every unbound push to this gateway's
   * target, in batches, once per ledger (a marker remembers). Only when this gateway adopts unbound pushes (a real
   * CXone); returns how many it bound. `marker` names the ledger's record of it.
   */
  async bindUnbound(batch = 10_000, marker = "push-ledger"): Promise<number> {
    if (!this.options.adoptUnbound) return 0;
    const [done] = await this.read(Q.UNBOUND_DONE, { marker }, "bindUnbound");
    if (done?.get("done") === true) return 0;
    let total = 0;
    for (;;) {
      const [record] = await this.write(
        Q.BIND_UNBOUND,
        { target: this.options.target, batch: neo4j.int(batch) },
        "bindUnbound",
      );
      const bound = Number(record?.get("bound") ?? 0);
      total += bound;
      if (bound < batch) break;
    }
    await this.write(Q.MARK_UNBOUND_DONE, { target: this.options.target, now: this.now(), marker }, "bindUnbound");
    return total;
  }

  async changedSince(since: number, max: number): Promise<PushRow[]> {
    return (await this.read(Q.CHANGED_SINCE, { since, max: neo4j.int(max) }, "pushFeed")).map((r) =>
      toRow(r.get("push") as Record<string, unknown>),
    );
  }

  async get(id: string): Promise<PushRow | null> {
    const [record] = await this.read(Q.PUSH_BY_ID, { id }, "pushById");
    return record ? toRow(record.get("push") as Record<string, unknown>) : null;
  }

  /** A page of history, newest first: `limit` rows at most, after the cursor position. */
  async page(
    filter: PushFilterInput,
    limit: number,
    after: { createdAt: number; id: string } | null,
  ): Promise<PushRow[]> {
    const records = await this.read(
      Q.PAGE_PUSHES,
      {
        interactionId: filter.interactionId ?? null,
        agentId: filter.agentId ?? null,
        status: filter.status ?? null,
        since: filter.since ?? null,
        until: filter.until ?? null,
        afterAt: after?.createdAt ?? null,
        afterId: after?.id ?? null,
        limit: neo4j.int(limit),
      },
      "pushPage",
    );
    return records.map((r) => toRow(r.get("push") as Record<string, unknown>));
  }

  async interactionExists(id: string): Promise<boolean> {
    return (await this.read(Q.INTERACTION_EXISTS, { id }, "interaction")).length > 0;
  }

  async interactionPushes(id: string): Promise<PushRow[]> {
    return (await this.read(Q.INTERACTION_PUSHES, { id }, "interactionPushes")).map((r) =>
      toRow(r.get("push") as Record<string, unknown>),
    );
  }

  async shownArticles(
    id: string,
  ): Promise<{ url: string; title: string; priority: number; pushId: string; shownAt: string }[]> {
    return (await this.read(Q.SHOWN_ARTICLES, { id }, "shownArticles")).map((r) => ({
      url: String(r.get("url")),
      title: String(r.get("title") ?? ""),
      priority: Number(r.get("priority") ?? 0),
      pushId: String(r.get("pushId")),
      shownAt: new Date(Number(r.get("shownAt"))).toISOString(),
    }));
  }

  async queueStats(): Promise<{ length: number; oldestCreatedAt: number | null }> {
    const [record] = await this.read(Q.QUEUE_STATS, {}, "queueStats");
    const oldest = record?.get("oldest");
    return { length: Number(record?.get("length") ?? 0), oldestCreatedAt: oldest == null ? null : Number(oldest) };
  }

  /** Deletes pushes created before `cutoff` (and interactions left empty), `batch` at a time; returns how many. */
  async deleteOlderThan(cutoff: number, batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [record] = await this.write(Q.DELETE_OLD_PUSHES, { cutoff, batch: neo4j.int(batch) }, "retention");
      const deleted = Number(record?.get("deleted") ?? 0);
      total += deleted;
      if (deleted < batch) break;
    }
    for (;;) {
      const [record] = await this.write(Q.DELETE_EMPTY_INTERACTIONS, { cutoff, batch: neo4j.int(batch) }, "retention");
      if (Number(record?.get("deleted") ?? 0) < batch) break;
    }
    return total;
  }

  /**
   * Plans and runs every statement of the request path and the deliverer once, changing nothing. The two writes
   * of a push run with parameters shaped like a real push's (Neo4j caches plans by parameter types, so an empty
   * list would plan a different entry) inside a transaction that is rolled back.
   */
  async warmUp(): Promise<void> {
    await graphRehearsal(this.driver, this.statementOptions("warmUp"), async (tx) => {
      const [row] = this.recordRows([WARM_UP_PUSH], "warm-up");
      await tx.run(Q.RECORD_PUSHES, { pushes: [row] });
      const changes: PushChanges = {
        status: "DELIVERED",
        attempts: 1,
        deliveredAt: row!.now,
        contentId: "warm-up",
        nextAttemptAt: null,
      };
      await tx.run(Q.WRITE_OUTCOMES, { outcomes: [{ id: row!.id, leaseToken: "warm-up", changes, now: row!.now }] });
    });
    await this.claimDue(0, 0);
    await this.otherTargets();
    await this.openByCaller();
    await this.changedSince(this.now(), 1);
    await this.page({}, 1, null);
    await this.queueStats();
  }

  private read(statement: string, parameters: Record<string, unknown>, op: string): Promise<Neo4jRecord[]> {
    return graphRead(this.driver, statement, parameters, this.statementOptions(op));
  }

  /**
   * One auto-commit write: RUN and PULL in one round trip. Lock conflicts (a deadlock between two processes
   * claiming, or two pushes into one interaction) are transient: graphWrite tries them again.
   */
  private write(statement: string, parameters: Record<string, unknown>, op: string): Promise<Neo4jRecord[]> {
    return graphWrite(this.driver, statement, parameters, this.statementOptions(op));
  }

  private statementOptions(op: string): StatementOptions {
    return { database: this.options.database, op, timeoutMs: this.options.timeoutMs };
  }
}
