import { prng } from "../../bench/kbGenerator";
import { importTaggedDemoKb } from "../support/demoKb";
import { GraphFixture } from "../support/fixtures";
import { useGraphTestContext } from "../support/graphTestContext";
import { startKnowledgeLoop } from "../support/knowledgeContext";
import { testConnection } from "../support/neo4j";
import type { SchemaClient } from "../support/schemaClient";

/*
 * `suggestions` explains suggestArticles: the same articles in the same order, each with the shortest path from
 * the search's term. Checked over the whole demo knowledge base, over random graphs and over a supernode.
 */

const ctx = useGraphTestContext();
let client: SchemaClient;

beforeAll(async () => {
  ({ client } = await startKnowledgeLoop(ctx.driver));
});

const BOTH = `query Both($query: String!, $limit: Int) {
  suggestArticles(query: $query, limit: $limit) { url }
  suggestions(query: $query, limit: $limit) { rank hops matchedBy matchedTerm reason path { kind label relationship } article { url title } }
}`;

type Step = { kind: string; label: string; relationship: string | null };
type Suggestion = {
  rank: number;
  hops: number;
  matchedBy: string;
  matchedTerm: string;
  reason: string;
  path: Step[];
  article: { url: string; title: string };
};

async function both(query: string, limit: number): Promise<{ urls: string[]; suggestions: Suggestion[] }> {
  const result = await client.run(BOTH, { query, limit });
  expect(result.errors).toBeUndefined();
  const data = result.data as { suggestArticles: { url: string }[]; suggestions: Suggestion[] };
  return { urls: data.suggestArticles.map((a) => a.url), suggestions: data.suggestions };
}

/** The fewest hops from a term to an article, straight from the graph. */
async function fewestHops(keyword: string, url: string): Promise<number> {
  const { records } = await ctx.driver.executeQuery(
    "MATCH p = (:Query {keyword: $keyword})-[:RELATED_TO|SIMILAR_TO|RESOLVES*1..2]->(:Article {url: $url}) RETURN min(length(p)) AS hops",
    { keyword, url },
    { database: testConnection().database },
  );
  return Number(records[0]?.get("hops"));
}

/** Each step of the path exists in the graph, as the relationship it names. */
async function pathExists(path: Step[], url: string): Promise<boolean> {
  const pattern = path
    .map((step, i) => {
      const node =
        step.kind === "TERM"
          ? `(n${i}:Query {keyword: $l${i}})`
          : i === path.length - 1
            ? `(n${i}:Article {url: $url})`
            : `(n${i}:Article {title: $l${i}})`;
      return i === 0 ? node : `-[:${step.relationship}]->${node}`;
    })
    .join("");
  const params = Object.fromEntries(path.map((s, i) => [`l${i}`, s.label]));
  const { records } = await ctx.driver.executeQuery(
    `RETURN EXISTS { MATCH ${pattern} } AS found`,
    { ...params, url },
    { database: testConnection().database },
  );
  return records[0]?.get("found") === true;
}

async function expectExplained(query: string, limit: number, matchedBy: string): Promise<Suggestion[]> {
  const { urls, suggestions } = await both(query, limit);
  expect(suggestions.map((s) => s.article.url)).toEqual(urls);
  expect(suggestions.map((s) => s.rank)).toEqual(urls.map((_, i) => i + 1));
  for (const s of suggestions) {
    expect(s.matchedBy).toBe(matchedBy);
    expect(s.path[0]).toEqual({ kind: "TERM", label: s.matchedTerm, relationship: null });
    expect(s.path.at(-1)).toMatchObject({ kind: "ARTICLE", label: s.article.title });
    expect(s.hops).toBe(s.path.length - 1);
    expect(s.hops).toBe(await fewestHops(s.matchedTerm, s.article.url));
    expect(await pathExists(s.path, s.article.url)).toBe(true);
    expect(s.reason).toMatch(new RegExp(`^via "${s.matchedTerm.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" \\(`));
  }
  return suggestions;
}

describe("suggestions: why each article", () => {
  it("explains suggestArticles over every search term of the demo knowledge base", async () => {
    const { kb } = await importTaggedDemoKb(ctx.driver, ctx.tag());
    let explained = 0;
    for (const { keyword } of kb.searchTerms) explained += (await expectExplained(keyword, 20, "EXACT")).length;
    expect(explained).toBeGreaterThan(kb.searchTerms.length);
  });

  it("explains random graphs, and the full-text fallback names the term it used", async () => {
    for (const seed of [3, 17, 42]) {
      const random = prng(seed);
      const f = new GraphFixture(ctx.tag());
      const terms = Array.from({ length: 6 }, (_, i) => f.keyword(`w${i}`, "net"));
      for (const t of terms) f.term(t);
      for (let i = 0; i < 30; i++)
        f.article({
          slug: `a${i}`,
          priority: Math.floor(random() * 5),
          status: random() < 0.8 ? "published" : "draft",
        });
      const types = ["RESOLVES", "RELATED_TO", "SIMILAR_TO"] as const;
      for (let i = 0; i < 60; i++) {
        const from =
          random() < 0.7
            ? { term: terms[Math.floor(random() * terms.length)] as string }
            : { article: f.url(`a${Math.floor(random() * 30)}`) };
        const to =
          random() < 0.8
            ? { article: f.url(`a${Math.floor(random() * 30)}`) }
            : { term: terms[Math.floor(random() * terms.length)] as string };
        f.link(from, types[Math.floor(random() * 3)] as (typeof types)[number], to);
      }
      await f.save(ctx.driver);
      for (const t of terms) await expectExplained(t, 20, "EXACT");
      // Not a term: the closest terms by full-text search, each article's path from one of them.
      const fuzzy = await expectExplained(`${f.tag}w1`, 20, "FULLTEXT");
      for (const s of fuzzy) expect(terms).toContain(s.matchedTerm);
    }
  });

  it("explains a supernode's suggestions (a term with over 1,000 links, which the traversal answers differently)", async () => {
    const f = new GraphFixture(ctx.tag());
    const hub = f.keyword("hub");
    const near = f.keyword("near");
    f.term(hub).term(near).link({ term: hub }, "SIMILAR_TO", { term: near });
    const random = prng(7);
    for (let i = 0; i < 1_200; i++) {
      f.article({ slug: `s${i}`, priority: Math.floor(random() * 50) });
      f.link({ term: i % 20 === 0 ? near : hub }, i % 3 === 0 ? "RELATED_TO" : "RESOLVES", { article: f.url(`s${i}`) });
    }
    await f.save(ctx.driver);
    for (const limit of [1, 5, 20]) await expectExplained(hub, limit, "EXACT");
  });
});
