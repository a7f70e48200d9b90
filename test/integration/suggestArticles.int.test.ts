import { GraphFixture } from "../support/fixtures";
import { uniqueTag } from "../support/neo4j";
import { useGraphTestContext } from "../support/graphTestContext";

const SUGGEST = `query Suggest($query: String!, $limit: Int) {
  suggestArticles(query: $query, limit: $limit) { url title priority status }
}`;

const ctx = useGraphTestContext();

function fixture(): GraphFixture {
  return new GraphFixture(ctx.tag());
}

async function suggest(query: string, limit?: number): Promise<string[]> {
  const result = await ctx.client.run(SUGGEST, limit === undefined ? { query } : { query, limit });
  expect(result.errors).toBeUndefined();
  return (result.data?.suggestArticles as { url: string }[]).map((a) => a.url);
}

async function suggestError(query: string, limit?: number) {
  const result = await ctx.client.run(SUGGEST, { query, limit });
  expect(result.data).toBeNull();
  return result.errors?.[0];
}

describe("suggestArticles keyword matching", () => {
  it("ignores case and surrounding or repeated whitespace (an exact match, not the full-text fallback)", async () => {
    const f = fixture();
    const term = f.keyword("voip", "gateway");
    // A longer term the full-text fallback would also find, with a better article: an exact match leaves it out.
    const longer = f.keyword("voip", "gateway", "password");
    await f
      .article({ slug: "a", priority: 5 })
      .article({ slug: "b", priority: 9 })
      .term(term)
      .term(longer)
      .link({ term }, "RESOLVES", { article: f.url("a") })
      .link({ term: longer }, "RESOLVES", { article: f.url("b") })
      .save(ctx.driver);

    const shouted = `   ${f.tag.toUpperCase()}VOIP     ${f.tag}GateWay  `;
    expect(await suggest(shouted)).toEqual([f.url("a")]);
  });

  it("falls back to the closest terms by full-text search when nothing matches exactly", async () => {
    const f = fixture();
    const term = f.keyword("voip", "gateway");
    await f
      .article({ slug: "creds", priority: 9 })
      .term(term)
      .link({ term }, "RESOLVES", { article: f.url("creds") })
      .save(ctx.driver);

    expect(await suggest(`reset ${f.keyword("voip", "gateway", "password")}`)).toEqual([f.url("creds")]);
  });

  it("uses only the exact term when one matches, even if full-text would find others", async () => {
    const f = fixture();
    const short = f.keyword("alpha");
    const long = f.keyword("alpha", "beta");
    await f
      .article({ slug: "short", priority: 1 })
      .article({ slug: "long", priority: 9 })
      .term(short)
      .term(long)
      .link({ term: short }, "RESOLVES", { article: f.url("short") })
      .link({ term: long }, "RESOLVES", { article: f.url("long") })
      .save(ctx.driver);

    expect(await suggest(short)).toEqual([f.url("short")]);
    expect(await suggest(f.keyword("alpha", "beta", "gamma"))).toEqual([f.url("long"), f.url("short")]);
  });

  it("treats quotes, backslashes, Cypher fragments and Lucene syntax as plain text", async () => {
    const f = fixture();
    await f.article({ slug: "a", priority: 1 }).term(f.keyword("x")).save(ctx.driver);
    const hostile = [
      `' OR 1=1 //`,
      `"}) MATCH (n) DETACH DELETE n //`,
      "\\",
      'title:* AND "unterminated',
      `${f.tag}x~ OR *:*`,
      "{}[]()^!?:+-&|/",
    ];
    for (const query of hostile) {
      await expect(suggest(query)).resolves.toEqual(expect.any(Array));
    }
    const { records } = await ctx.driver.executeQuery("MATCH (a:Article {url: $url}) RETURN count(a) AS n", {
      url: f.url("a"),
    });
    expect(records[0]?.get("n")).toBe(1);
  });

  it("matches non-Latin keywords exactly and by full-text", async () => {
    const f = fixture();
    const term = `${f.tag} сброс пароля`;
    await f
      .article({ slug: "ru", priority: 3 })
      .term(term)
      .link({ term }, "RESOLVES", { article: f.url("ru") })
      .save(ctx.driver);

    expect(await suggest(`${f.tag.toUpperCase()}  СБРОС ПАРОЛЯ`)).toEqual([f.url("ru")]);
    expect(await suggest(`${f.tag} пароля роутера`)).toEqual([f.url("ru")]);
  });
});

describe("suggestArticles traversal", () => {
  it("returns only published articles", async () => {
    const f = fixture();
    const term = f.keyword("t");
    await f
      .article({ slug: "pub", priority: 1 })
      .article({ slug: "draft", priority: 9, status: "draft" })
      .article({ slug: "old", priority: 9, status: "deprecated" })
      .term(term)
      .link({ term }, "RESOLVES", { article: f.url("pub") })
      .link({ term }, "RESOLVES", { article: f.url("draft") })
      .link({ term }, "RELATED_TO", { article: f.url("old") })
      .save(ctx.driver);

    expect(await suggest(term)).toEqual([f.url("pub")]);
  });

  it("lists an article reachable over several paths once", async () => {
    const f = fixture();
    const term = f.keyword("t");
    const similar = f.keyword("s");
    await f
      .article({ slug: "a", priority: 5 })
      .term(term)
      .term(similar)
      .link({ term }, "RESOLVES", { article: f.url("a") })
      .link({ term }, "RELATED_TO", { article: f.url("a") })
      .link({ term }, "SIMILAR_TO", { term: similar })
      .link({ term: similar }, "RESOLVES", { article: f.url("a") })
      .save(ctx.driver);

    expect(await suggest(term)).toEqual([f.url("a")]);
  });

  it("follows all three relationship types up to two hops and never three", async () => {
    const f = fixture();
    const term = f.keyword("t");
    const similar = f.keyword("s");
    await f
      .article({ slug: "one", priority: 1 })
      .article({ slug: "two-via-term", priority: 1 })
      .article({ slug: "two-via-article", priority: 1 })
      .article({ slug: "three", priority: 10 })
      .term(term)
      .term(similar)
      .link({ term }, "RESOLVES", { article: f.url("one") })
      .link({ term }, "SIMILAR_TO", { term: similar })
      .link({ term: similar }, "RELATED_TO", { article: f.url("two-via-term") })
      .link({ article: f.url("one") }, "RELATED_TO", { article: f.url("two-via-article") })
      .link({ article: f.url("two-via-article") }, "RELATED_TO", { article: f.url("three") })
      .save(ctx.driver);

    expect((await suggest(term)).sort()).toEqual(
      [f.url("one"), f.url("two-via-article"), f.url("two-via-term")].sort(),
    );
  });

  it("orders by priority descending, then fewer hops, then url ascending", async () => {
    const f = fixture();
    const term = f.keyword("t");
    const similar = f.keyword("s");
    await f
      .article({ slug: "p5-hop2", priority: 5 })
      .article({ slug: "p5-hop1-b", priority: 5 })
      .article({ slug: "p5-hop1-a", priority: 5 })
      .article({ slug: "p9-hop2", priority: 9 })
      .article({ slug: "p1-hop1", priority: 1 })
      .term(term)
      .term(similar)
      .link({ term }, "SIMILAR_TO", { term: similar })
      .link({ term: similar }, "RESOLVES", { article: f.url("p5-hop2") })
      .link({ term: similar }, "RESOLVES", { article: f.url("p9-hop2") })
      .link({ term }, "RESOLVES", { article: f.url("p5-hop1-b") })
      .link({ term }, "RELATED_TO", { article: f.url("p5-hop1-a") })
      .link({ term }, "RESOLVES", { article: f.url("p1-hop1") })
      .save(ctx.driver);

    expect(await suggest(term)).toEqual([
      f.url("p9-hop2"),
      f.url("p5-hop1-a"),
      f.url("p5-hop1-b"),
      f.url("p5-hop2"),
      f.url("p1-hop1"),
    ]);
  });

  it("breaks ties of priority and hops by url ascending, whatever order the articles and links were written in", async () => {
    const f = fixture();
    const term = f.keyword("t");
    // Neither the writing order nor its reverse is sorted, so no natural order of the store can pass for the rule.
    const slugs = ["m", "c", "x", "a", "q", "f", "z", "b"];
    for (const slug of slugs) f.article({ slug, priority: 5 }).link({ term }, "RESOLVES", { article: f.url(slug) });
    await f.term(term).save(ctx.driver);

    const sorted = slugs.map((slug) => f.url(slug)).sort();
    expect(await suggest(term, 20)).toEqual(sorted);
    expect(await suggest(term)).toEqual(sorted.slice(0, 5));
  });

  it("returns five articles by default and honours an explicit limit", async () => {
    const f = fixture();
    const term = f.keyword("t");
    for (let i = 0; i < 8; i++) {
      f.article({ slug: `a${i}`, priority: i }).link({ term }, "RESOLVES", { article: f.url(`a${i}`) });
    }
    await f.term(term).save(ctx.driver);

    expect(await suggest(term)).toEqual([7, 6, 5, 4, 3].map((i) => f.url(`a${i}`)));
    expect(await suggest(term, 2)).toEqual([f.url("a7"), f.url("a6")]);
    expect(await suggest(term, 20)).toHaveLength(8);
  });

  it("returns an empty list for an unknown term", async () => {
    expect(await suggest(`${uniqueTag()}nothing`)).toEqual([]);
  });
});

describe("suggestArticles execution paths", () => {
  it("answers the same through the DataLoader (scalar selections) and through @neo4j/graphql (nested selections)", async () => {
    const f = fixture();
    const term = f.keyword("paths");
    const similar = f.keyword("other");
    await f
      .article({ slug: "a", priority: 4, updatedAt: "2026-07-08T09:10:11Z" })
      .article({ slug: "b", priority: 4 })
      .article({ slug: "c", priority: 2, updatedAt: "2025-12-31T23:59:59.123Z" })
      .term(term)
      .term(similar)
      .link({ term }, "RESOLVES", { article: f.url("a") })
      .link({ term }, "SIMILAR_TO", { term: similar })
      .link({ term: similar }, "RELATED_TO", { article: f.url("b") })
      .link({ term }, "RELATED_TO", { article: f.url("c") })
      .save(ctx.driver);
    const scalars = "title url summary status priority updatedAt heading: title";
    const fast = await ctx.client.run(
      `query($q: String!) { suggestArticles(query: $q, limit: 3) { ${scalars} ...More } } fragment More on Article { __typename }`,
      { q: term },
    );
    const nested = await ctx.client.run(
      `query($q: String!) { suggestArticles(query: $q, limit: 3) { ${scalars} __typename resolvedBy { keyword } } }`,
      { q: term },
    );
    expect(fast.errors).toBeUndefined();
    expect(nested.errors).toBeUndefined();
    const strip = (rows: unknown) => (rows as Record<string, unknown>[]).map(({ resolvedBy: _r, ...rest }) => rest);
    expect(strip(fast.data?.suggestArticles)).toEqual(strip(nested.data?.suggestArticles));
    expect((fast.data?.suggestArticles as { url: string }[]).map((a) => a.url)).toEqual([
      f.url("a"),
      f.url("b"),
      f.url("c"),
    ]);
    expect((nested.data?.suggestArticles as { resolvedBy: unknown[] }[])[0]?.resolvedBy).toEqual([{ keyword: term }]);
  });
});

describe("suggestArticles input validation", () => {
  it.each([0, 21, -1])("refuses limit %p with BAD_USER_INPUT naming the field", async (limit) => {
    const error = await suggestError("anything", limit);
    expect(error?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "limit" });
  });

  it.each(["", "   ", "x".repeat(257)])("refuses an empty or over-long query (%#)", async (query) => {
    const error = await suggestError(query);
    expect(error?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "query" });
  });

  it("accepts a query of exactly 256 characters", async () => {
    expect(await suggest("q".repeat(256))).toEqual([]);
  });
});
