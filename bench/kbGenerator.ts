import type { Driver } from "neo4j-driver";

/** A small, fast, seedable PRNG (mulberry32): the same seed always gives the same knowledge base. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SUPERNODE_DEGREES = [10, 100, 1_000, 10_000] as const;
export const supernodeKeyword = (degree: number) => `supernode ${degree}`;
export const termKeyword = (i: number) => `bench term ${i}`;
const articleUrl = (i: number) => `https://kb.bench/a/${i}`;

/** Nodes a graph of `relationships` relationships gets: about 10 per search term and 8 per article. */
export function nodeCounts(relationships: number): { terms: number; articles: number } {
  return { terms: Math.max(20, Math.round(relationships / 10)), articles: Math.max(50, Math.round(relationships / 8)) };
}

const BATCH = 10_000;

/**
 * Grows the benchmark graph deterministically to `targetRelationships` (plus the supernodes): stage after
 * stage the same seed adds the same nodes and relationships, so every run measures the same graph.
 * Degrees are skewed (a few popular terms, a long tail); 85% of articles are published.
 */
export class BenchGraph {
  private terms = 0;
  private articles = 0;
  private relationships = 0;
  private readonly random = prng(42);
  private readonly seen = new Set<string>();

  constructor(
    private readonly driver: Driver,
    private readonly database = "neo4j",
  ) {}

  get termCount(): number {
    return this.terms;
  }

  get relationshipCount(): number {
    return this.relationships;
  }

  async growTo(targetRelationships: number): Promise<void> {
    const want = nodeCounts(targetRelationships);
    await this.addArticles(want.articles);
    await this.addTerms(want.terms);
    const rows: { from: string; to: string; type: string; toArticle: boolean; fromArticle: boolean }[] = [];
    while (this.relationships + rows.length < targetRelationships) {
      const row = this.randomRelationship();
      const key = `${row.from}|${row.type}|${row.to}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      rows.push(row);
    }
    for (const type of ["RESOLVES", "RELATED_TO", "SIMILAR_TO"]) {
      for (const fromArticle of [false, true]) {
        const group = rows.filter((r) => r.type === type && r.fromArticle === fromArticle);
        const from = fromArticle ? "(f:Article {url: row.from})" : "(f:Query {keyword: row.from})";
        const to = type === "SIMILAR_TO" ? "(t:Query {keyword: row.to})" : "(t:Article {url: row.to})";
        await this.inBatches(group, `UNWIND $rows AS row MATCH ${from} MATCH ${to} CREATE (f)-[:${type}]->(t)`);
      }
    }
    this.relationships += rows.length;
  }

  /** Terms `supernode N` with N direct RESOLVES neighbours (articles created for them as needed). */
  async addSupernodes(): Promise<void> {
    const largest = Math.max(...SUPERNODE_DEGREES);
    await this.addArticles(Math.max(this.articles, largest));
    for (const degree of SUPERNODE_DEGREES) {
      const keyword = supernodeKeyword(degree);
      await this.driver.executeQuery("MERGE (:Query {keyword: $keyword})", { keyword }, { database: this.database });
      const rows = Array.from({ length: degree }, (_, i) => ({ from: keyword, to: articleUrl(i) }));
      await this.inBatches(
        rows,
        "UNWIND $rows AS row MATCH (f:Query {keyword: row.from}) MATCH (t:Article {url: row.to}) MERGE (f)-[:RESOLVES]->(t)",
      );
    }
  }

  private randomRelationship() {
    const r = this.random();
    // Skewed choice of the source: low indexes are popular terms.
    const term = termKeyword(Math.floor(this.terms * this.random() ** 2));
    const article = () => articleUrl(Math.floor(this.articles * this.random()));
    if (r < 0.45) return { from: term, to: article(), type: "RESOLVES", toArticle: true, fromArticle: false };
    if (r < 0.85) return { from: term, to: article(), type: "RELATED_TO", toArticle: true, fromArticle: false };
    if (r < 0.95)
      return {
        from: term,
        to: termKeyword(Math.floor(this.terms * this.random())),
        type: "SIMILAR_TO",
        toArticle: false,
        fromArticle: false,
      };
    return { from: article(), to: article(), type: "RELATED_TO", toArticle: true, fromArticle: true };
  }

  private async addArticles(total: number): Promise<void> {
    if (total <= this.articles) return;
    const rows = [];
    for (let i = this.articles; i < total; i++) {
      const r = this.random();
      rows.push({
        url: articleUrl(i),
        title: `Benchmark article ${i}`,
        summary: `How to solve benchmark problem ${i}, step by step.`,
        status: r < 0.85 ? "published" : r < 0.95 ? "draft" : "deprecated",
        priority: Math.floor(this.random() * 11),
      });
    }
    await this.inBatches(
      rows,
      "UNWIND $rows AS row CREATE (a:Article) SET a = row, a.updatedAt = datetime('2026-01-01T00:00:00Z')",
    );
    this.articles = total;
  }

  private async addTerms(total: number): Promise<void> {
    if (total <= this.terms) return;
    const rows = [];
    for (let i = this.terms; i < total; i++) rows.push({ keyword: termKeyword(i) });
    await this.inBatches(rows, "UNWIND $rows AS row CREATE (q:Query) SET q = row");
    this.terms = total;
  }

  private async inBatches(rows: unknown[], statement: string): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.driver.executeQuery(statement, { rows: rows.slice(i, i + BATCH) }, { database: this.database });
    }
  }
}
