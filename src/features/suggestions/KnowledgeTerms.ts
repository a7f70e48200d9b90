import { setImmediate } from "node:timers/promises";
import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import { Periodic } from "../../platform/resilience/Periodic";
import { graphRead } from "../../platform/neo4j/graphAccess";
import { TermIndex } from "./TermIndex";
import { heapState, rebuildPlan, type HeapState } from "./rebuildRoom";
import { RelevanceIndex } from "./relevance/RelevanceIndex";
import { EMPTY_SNAPSHOT, type KnowledgeSnapshot, type LinkType } from "./relevance/knowledgeSnapshot";
import {
  KB_FINGERPRINT,
  SNAPSHOT_ARTICLE_LINKS,
  SNAPSHOT_ARTICLES,
  SNAPSHOT_LEARNED,
  SNAPSHOT_SYNONYMS,
  SNAPSHOT_TERMS,
} from "./relevance/snapshotStatements";

/** The knowledge base's version: `npm run kb:import` (and the demo seed) bump it in their transaction. */
export const BUMP_KB_VERSION =
  "MERGE (m:KbMeta {id: 'kb'}) SET m.version = coalesce(m.version, 0) + 1, m.importedAt = datetime()";

export interface KnowledgeTermsOptions {
  /** How often the fingerprint is read (KB_TERM_REFRESH_MS). */
  refreshMs: number;
  /** A full reload at least this often, for edits in place that move no count. */
  fullReloadMs?: number;
  /** Helpful answers before a learned link counts (KB_LEARNED_MIN_HELPFUL). */
  learnedMinHelpful?: number;
  /** Told how long each load took, in seconds (the metric aag_knowledge_index_build_seconds). */
  onLoaded?: (seconds: number) => void;
  /** The heap's state (tests pass their own): a rebuild beside the current indexes must fit in it. */
  heap?: () => HeapState;
}

/**
 * The in-memory indexes of this process, kept in step with the graph: the search-term index (spotting terms in
 * text) and the relevance index (RELEVANCE ranking). Loaded before the gateway is ready, then rebuilt whenever the
 * knowledge base's fingerprint moves (read every KB_TERM_REFRESH_MS; it changes with any writer's additions and
 * removals, not only `kb:import`'s) and at least every minute.
 */
export class KnowledgeTerms {
  private terms = new TermIndex();
  private relevanceIndex = new RelevanceIndex(EMPTY_SNAPSHOT);
  private fingerprint = "";
  /** The last fingerprint a check read (ahead of `fingerprint` while a reload is under way). */
  private seenFingerprint = "";
  private changes = 0;
  private loadedAt = 0;
  private readonly checks: Periodic;
  private readonly fullReloadMs: number;
  private readonly learnedMinHelpful: number;
  private readonly onLoaded: ((seconds: number) => void) | undefined;
  /** Callers waiting for the next load (tests wait on it rather than on time). */
  private reloadWaiters: (() => void)[] = [];
  /** Whether the last check failed (an outage is logged when it starts and when it ends, not every check). */
  private failing = false;
  private readonly heap: () => HeapState;
  /** Whether the heap was last found too small for two copies of the indexes (warned once per episode). */
  private short = false;

  constructor(
    private readonly driver: Driver,
    private readonly database: string,
    private readonly logger: Logger,
    options: KnowledgeTermsOptions,
  ) {
    this.fullReloadMs = options.fullReloadMs ?? 60_000;
    this.learnedMinHelpful = options.learnedMinHelpful ?? 3;
    this.onLoaded = options.onLoaded;
    this.heap = options.heap ?? heapState;
    this.checks = new Periodic(() => this.check(), options.refreshMs);
  }

  /** The current search-term index (replaced whole on reload, so a search sees one consistent index). */
  get current(): TermIndex {
    return this.terms;
  }

  /** The current relevance index (replaced whole on reload). */
  get relevance(): RelevanceIndex {
    return this.relevanceIndex;
  }

  /**
   * Moves whenever this process learns that the knowledge base may have changed: a check saw the fingerprint move,
   * the indexes were reloaded, or this process wrote something ranking reads (`noteWrite`). An answer computed at
   * one version is not reused at another (the suggestion cache).
   */
  get version(): number {
    return this.changes;
  }

  /** This process changed what ranking reads (a feedback answer, a learned link removed). */
  noteWrite(): void {
    this.changes++;
  }

  /** Loads both indexes; the gateway awaits this before it reports ready. */
  async load(): Promise<void> {
    const started = performance.now();
    const fingerprint = await this.readFingerprint();
    const snapshot = await this.readSnapshot();
    const terms = await TermIndex.build(snapshot.terms.map((t) => t.keyword));
    const relevance = await RelevanceIndex.build(snapshot);
    // Both replaced together, once both are built: a search sees one consistent knowledge base.
    this.terms = terms;
    this.relevanceIndex = relevance;
    this.fingerprint = fingerprint;
    this.seenFingerprint = fingerprint;
    this.changes++;
    this.loadedAt = Date.now();
    this.onLoaded?.((performance.now() - started) / 1000);
    for (const wake of this.reloadWaiters.splice(0)) wake();
  }

  /** Settles after the next load of the indexes (by a check that saw a change, or a direct `load`). */
  nextReload(): Promise<void> {
    return new Promise((resolve) => this.reloadWaiters.push(resolve));
  }

  /** Checks the fingerprint now and reloads when it moved (joins a check under way; tests call this). */
  refresh(): Promise<void> {
    return this.checks.run();
  }

  start(): void {
    this.checks.start();
  }

  stop(): Promise<void> {
    return this.checks.stop();
  }

  private async check(): Promise<void> {
    try {
      const fingerprint = await this.readFingerprint();
      if (fingerprint !== this.seenFingerprint) {
        this.seenFingerprint = fingerprint;
        this.changes++; // answers cached before this moment are not reused, even while the indexes reload
      }
      if (fingerprint !== this.fingerprint || Date.now() - this.loadedAt >= this.fullReloadMs) {
        await this.rebuild(fingerprint !== this.fingerprint);
      }
      if (this.failing) this.logger.info("knowledge index checks work again");
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        this.logger.warn(
          { err: error },
          "could not check the knowledge base for changes; the knowledge indexes stay as they are until Neo4j answers",
        );
      this.failing = true;
    }
  }

  /** Rebuilds the indexes beside the current ones when the heap has room for both (see rebuildPlan). */
  private async rebuild(changed: boolean): Promise<void> {
    const plan = rebuildPlan(this.heap(), changed);
    this.warnWhenShort(plan);
    if (plan === "skip") {
      this.loadedAt = Date.now(); // the next periodic rebuild is a full interval away
      return;
    }
    if (plan === "replace") {
      // Let the collector take the current indexes before the new ones are built.
      this.terms = new TermIndex();
      this.relevanceIndex = new RelevanceIndex(EMPTY_SNAPSHOT);
      this.changes++;
    }
    await this.load();
    if (changed)
      this.logger.info(
        { terms: this.terms.size, articles: this.relevanceIndex.size },
        "knowledge indexes reloaded: the knowledge base changed",
      );
  }

  private warnWhenShort(plan: "beside" | "replace" | "skip"): void {
    const short = plan !== "beside";
    if (short && !this.short) {
      const { used, limit } = this.heap();
      this.logger.warn(
        { heapUsedMb: Math.round(used / 2 ** 20), heapLimitMb: Math.round(limit / 2 ** 20) },
        "the heap cannot hold the knowledge indexes twice: after a change they are rebuilt in place (searches by RELEVANCE and terms in text find nothing until done) and the periodic rebuild is skipped; give the gateway more heap (--max-old-space-size)",
      );
    }
    this.short = short;
  }

  private async readFingerprint(): Promise<string> {
    const [record] = await graphRead(this.driver, KB_FINGERPRINT, {}, { database: this.database, op: "kbVersion" });
    return record ? record.keys.map((k) => String(record.get(k))).join("/") : "";
  }

  private async readSnapshot(): Promise<KnowledgeSnapshot> {
    const read = (statement: string, params: Record<string, unknown> = {}) =>
      graphRead(this.driver, statement, params, { database: this.database, op: "knowledgeSnapshot" });
    const [articles, terms, articleLinks, synonyms, learned] = await Promise.all([
      read(SNAPSHOT_ARTICLES),
      read(SNAPSHOT_TERMS),
      read(SNAPSHOT_ARTICLE_LINKS),
      read(SNAPSHOT_SYNONYMS),
      read(SNAPSHOT_LEARNED, { minHelpful: this.learnedMinHelpful }),
    ]);
    return {
      articles: await inSlices(articles, (r) => ({
        url: String(r.get("url")),
        title: String(r.get("title")),
        summary: String(r.get("summary")),
        priority: Number(r.get("priority")),
        feedbackAdjustment: r.get("feedbackAdjustment") == null ? null : Number(r.get("feedbackAdjustment")),
      })),
      terms: await inSlices(terms, (r) => ({
        keyword: String(r.get("keyword")),
        links: (r.get("links") as { type: LinkType; term: string | null; article: string | null }[]).map((l) =>
          l.article != null ? { type: l.type, article: l.article } : { type: l.type, term: String(l.term) },
        ),
      })),
      articleLinks: await inSlices(articleLinks, (r) => ({
        from: String(r.get("from")),
        type: r.get("type") as LinkType,
        to: String(r.get("to")),
      })),
      synonyms: synonyms.map((r) => (r.get("phrases") as unknown[]).map(String)),
      learned: learned.map((r) => ({
        text: String(r.get("text")),
        url: String(r.get("url")),
        helpful: Number(r.get("helpful")),
      })),
    };
  }
}

/** `items.map(fn)`, a thousand at a time, letting requests run in between. */
async function inSlices<T, U>(items: readonly T[], fn: (item: T) => U): Promise<U[]> {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) {
    out.push(fn(items[i] as T));
    if (i % 1_000 === 999) await setImmediate();
  }
  return out;
}
