import { int } from "neo4j-driver";
import {
  batchSuggestParams,
  batchSuggestStatement,
  suggestArticlesStatement,
} from "../../src/features/suggestions/suggestStatement";
import { GraphFixture } from "../support/fixtures";
import { prng } from "../../bench/kbGenerator";
import { deleteTagged, testConnection } from "../support/neo4j";
import { useGraphTestContext } from "../support/graphTestContext";

/*
 * Search terms with at least 1,000 links (and many for the graph's size: 16 * limit * articles <= links^2, which
 * holds for the few thousand articles of the test database) are answered by walking published articles
 * best-first through the article_rank index (see docs/suggestion-ranking.md). These tests pin that the walk gives exactly the ranking
 * the expansion gives, that it is the strategy used for such terms, and that it hands over to the expansion
 * when it cannot finish.
 */

const SUGGEST = `query Suggest($query: String!, $limit: Int) { suggestArticles(query: $query, limit: $limit) { url } }`;
const DENSE_LINKS = 1_000;

type Spec = { slug: string; priority: number; status: "published" | "draft" | "deprecated" };
type Edge = { from: string; to: string };

const ctx = useGraphTestContext();

/**
 * A graph built alongside its own model, so the expected ranking is computed here from first principles:
 * published articles one or two hops from the term, priority descending, then fewer hops, then url.
 */
class ModelledGraph {
  readonly fixture: GraphFixture;
  readonly term: string;
  private readonly articles = new Map<string, Spec>();
  private readonly edges: Edge[] = [];

  constructor() {
    this.fixture = new GraphFixture(ctx.tag());
    this.term = this.fixture.keyword("dense");
    this.fixture.term(this.term);
  }

  article(spec: Spec): string {
    const url = this.fixture.url(spec.slug);
    this.articles.set(url, spec);
    this.fixture.article(spec);
    return url;
  }

  termNode(keyword: string): string {
    this.fixture.term(keyword);
    return keyword;
  }

  /** from/to: a keyword made by this graph, or an article url. */
  link(from: string, type: "RELATED_TO" | "SIMILAR_TO" | "RESOLVES", to: string): void {
    const end = (id: string) => (this.articles.has(id) ? { article: id } : { term: id });
    this.fixture.link(end(from), type, end(to));
    this.edges.push({ from, to });
  }

  expected(limit: number): string[] {
    const hops = new Map<string, number>();
    for (const first of this.edges.filter((e) => e.from === this.term)) {
      hops.set(first.to, 1);
      for (const second of this.edges.filter((e) => e.from === first.to && e !== first)) {
        if (!hops.has(second.to)) hops.set(second.to, 2);
      }
    }
    return [...hops.entries()]
      .filter(([url]) => this.articles.get(url)?.status === "published")
      .sort(([a, hopsA], [b, hopsB]) => {
        const byPriority = this.articles.get(b)!.priority - this.articles.get(a)!.priority;
        return byPriority || hopsA - hopsB || (a < b ? -1 : a > b ? 1 : 0);
      })
      .slice(0, limit)
      .map(([url]) => url);
  }

  save(): Promise<void> {
    return this.fixture.save(ctx.driver);
  }
}

async function suggest(query: string, limit: number): Promise<string[]> {
  const result = await ctx.client.run(SUGGEST, { query, limit });
  expect(result.errors).toBeUndefined();
  return (result.data?.suggestArticles as { url: string }[]).map((a) => a.url);
}

type ProfileNode = { operatorType: string; rows: number; children: ProfileNode[] };

/** Rows produced by the expansion strategy's variable-length expand (0 when the walk answered). */
async function expandedRows(query: string, limit: number): Promise<number> {
  const { summary } = await ctx.driver.executeQuery(
    `PROFILE ${suggestArticlesStatement()}`,
    { query, limit: int(limit), rank: "PRIORITY", feedbackWeight: 2 },
    { database: testConnection().database },
  );
  const rows = (node: ProfileNode): number =>
    (node.operatorType.startsWith("VarLengthExpand") ? node.rows : 0) +
    node.children.reduce((sum, child) => sum + rows(child), 0);
  return rows(summary.profile as unknown as ProfileNode);
}

/** A term with DENSE_LINKS links of all three kinds, mixed statuses and priorities, one- and two-hop paths. */
async function randomDenseGraph(seed: number): Promise<ModelledGraph> {
  const random = prng(seed);
  const g = new ModelledGraph();
  const status = (): Spec["status"] => (random() < 0.8 ? "published" : random() < 0.5 ? "draft" : "deprecated");
  const urls: string[] = [];
  for (let i = 0; i < DENSE_LINKS + 200; i++) {
    urls.push(g.article({ slug: `a${i}`, priority: 90 + Math.floor(random() * 11), status: status() }));
  }
  const similar = g.termNode(g.fixture.keyword("similar"));
  g.link(g.term, "SIMILAR_TO", similar);
  for (let i = 0; i < DENSE_LINKS - 1; i++) g.link(g.term, random() < 0.5 ? "RESOLVES" : "RELATED_TO", urls[i]!);
  // Second hops: through the similar term and from linked articles; some reach articles already one hop away.
  for (let i = 0; i < 150; i++) g.link(similar, "RESOLVES", urls[Math.floor(random() * urls.length)]!);
  for (let i = 0; i < 150; i++)
    g.link(urls[Math.floor(random() * DENSE_LINKS)]!, "RELATED_TO", urls[DENSE_LINKS + Math.floor(random() * 200)]!);
  // Three hops away: never suggested.
  const far = g.article({ slug: "three-hops", priority: 100, status: "published" });
  const middle = g.article({ slug: "middle", priority: 0, status: "draft" });
  g.link(urls[DENSE_LINKS + 199]!, "RELATED_TO", middle);
  g.link(middle, "RELATED_TO", far);
  await g.save();
  return g;
}

describe("suggestions for search terms with many links", () => {
  it("walks the ranking index and returns exactly the expansion's ranking", async () => {
    const g = await randomDenseGraph(7);

    for (const limit of [1, 5, 20]) {
      expect(await suggest(g.term, limit)).toEqual(g.expected(limit));
    }
    expect(await expandedRows(g.term, 5)).toBe(0);
  });

  it("lists a level's one-hop articles before its two-hop ones, and moves to lower levels when a level runs out", async () => {
    const g = new ModelledGraph();
    const similar = g.termNode(g.fixture.keyword("similar"));
    g.link(g.term, "SIMILAR_TO", similar);
    // Top level (100): one article one hop away, two two hops away; level 99: none; level 98: the rest.
    g.link(g.term, "RESOLVES", g.article({ slug: "top-one-hop", priority: 100, status: "published" }));
    g.link(similar, "RESOLVES", g.article({ slug: "top-two-hops-b", priority: 100, status: "published" }));
    g.link(similar, "RELATED_TO", g.article({ slug: "top-two-hops-a", priority: 100, status: "published" }));
    g.link(g.term, "RESOLVES", g.article({ slug: "top-draft", priority: 100, status: "draft" }));
    for (let i = 0; i < DENSE_LINKS; i++)
      g.link(
        g.term,
        "RELATED_TO",
        g.article({ slug: `low${String(i).padStart(4, "0")}`, priority: 98, status: "published" }),
      );
    await g.save();

    const ranked = await suggest(g.term, 6);
    expect(ranked).toEqual(g.expected(6));
    expect(ranked.slice(0, 4)).toEqual([
      g.fixture.url("top-one-hop"),
      g.fixture.url("top-two-hops-a"),
      g.fixture.url("top-two-hops-b"),
      g.fixture.url("low0000"),
    ]);
    expect(await expandedRows(g.term, 6)).toBe(0);
  });

  it("hands over to the expansion when the walk ends before it has found enough", async () => {
    // Every linked article sits below more than 4,096 published articles the term does not reach.
    const g = new ModelledGraph();
    for (let i = 0; i < 4_200; i++) g.article({ slug: `unlinked${i}`, priority: 100, status: "published" });
    for (let i = 0; i < DENSE_LINKS; i++)
      g.link(g.term, "RESOLVES", g.article({ slug: `linked${i}`, priority: 0, status: "published" }));
    await g.save();

    expect(await suggest(g.term, 5)).toEqual(g.expected(5));
    expect(await expandedRows(g.term, 5)).toBeGreaterThan(0);
    await deleteTagged(ctx.driver, g.fixture.tag); // its 4,200 top-priority articles would lengthen other walks
  });

  it("gives the batched push traversal the same answer", async () => {
    const g = await randomDenseGraph(11);

    const { records } = await ctx.driver.executeQuery(
      batchSuggestStatement(),
      batchSuggestParams(
        [
          { key: "dense", query: g.term, limit: 7, rank: "PRIORITY" as const },
          { key: "again", query: ` ${g.term.toUpperCase()} `, limit: 3, rank: "PRIORITY" as const },
        ],
        2,
      ),
      { database: testConnection().database },
    );
    const urls = (key: string) =>
      records
        .filter((r) => r.get("key") === key)
        .map((r) => (r.get("article") as { properties: { url: string } }).properties.url);
    expect(urls("dense")).toEqual(g.expected(7));
    expect(urls("again")).toEqual(g.expected(3));
  });
});
