import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import { Periodic } from "../../platform/resilience/Periodic";
import { TermIndex } from "./TermIndex";
import { graphRead } from "../../platform/neo4j/graphAccess";

/** Every search term, for the index. */
const ALL_KEYWORDS = "MATCH (q:Query) WHERE q.keyword IS NOT NULL RETURN q.keyword AS keyword";
/** The knowledge base's version: `npm run kb:import` (and the demo seed) bump it in their transaction. */
const KB_VERSION = "OPTIONAL MATCH (m:KbMeta {id: 'kb'}) RETURN coalesce(m.version, 0) AS version";
/** Bumps the version; run inside every import's transaction. */
export const BUMP_KB_VERSION =
  "MERGE (m:KbMeta {id: 'kb'}) SET m.version = coalesce(m.version, 0) + 1, m.importedAt = datetime()";

/**
 * The search-term index of this process, kept in step with the graph: loaded before the gateway is ready, then
 * reloaded whenever the knowledge base's version changes (each import bumps it; checked every
 * KB_TERM_REFRESH_MS, one tiny read) and, for terms written some other way, at least every 5 minutes.
 */
export class KnowledgeTerms {
  private index = new TermIndex();
  private version = -1;
  private loadedAt = 0;
  private readonly checks: Periodic;
  /** Whether the last check failed (an outage is logged when it starts and when it ends, not every check). */
  private failing = false;

  constructor(
    private readonly driver: Driver,
    private readonly database: string,
    private readonly logger: Logger,
    refreshMs: number,
    private readonly fullReloadMs = 300_000,
  ) {
    this.checks = new Periodic(() => this.check(), refreshMs);
  }

  /** The current index (replaced whole on reload, so a search sees one consistent index). */
  get current(): TermIndex {
    return this.index;
  }

  /** Loads the index; the gateway awaits this before it reports ready. */
  async load(): Promise<void> {
    const version = await this.readVersion();
    const records = await graphRead(this.driver, ALL_KEYWORDS, {}, { database: this.database, op: "termIndex" });
    this.index = new TermIndex(records.map((r) => String(r.get("keyword"))));
    this.version = version;
    this.loadedAt = Date.now();
  }

  /** Checks the version now and reloads when it moved (joins a check under way; tests call this). */
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
      const version = await this.readVersion();
      if (version !== this.version || Date.now() - this.loadedAt >= this.fullReloadMs) {
        await this.load();
        this.logger.info({ terms: this.index.size, version }, "search-term index reloaded");
      }
      if (this.failing) this.logger.info("search-term index checks work again");
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        this.logger.warn(
          { err: error },
          "could not check the knowledge base's version; the search-term index stays as it is until Neo4j answers",
        );
      this.failing = true;
    }
  }

  private async readVersion(): Promise<number> {
    const records = await graphRead(this.driver, KB_VERSION, {}, { database: this.database, op: "kbVersion" });
    return Number(records[0]?.get("version") ?? 0);
  }
}
