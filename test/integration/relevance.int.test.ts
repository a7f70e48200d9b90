import { setTimeout } from "node:timers/promises";
import pino from "pino";
import type { KnowledgeLoopParts } from "../../src/app/knowledgeLoopParts";
import { KnowledgeTerms } from "../../src/features/suggestions";
import { feedbackAdjustment, wilsonLowerBound } from "../../src/features/knowledge/wilson";
import { importKnowledgeBase, parseArticleExport } from "../../src/features/kb";
import { GraphFixture } from "../support/fixtures";
import { deliveredPush } from "../support/deliveredPush";
import { useGraphTestContext } from "../support/graphTestContext";
import { startKnowledgeLoop } from "../support/knowledgeContext";
import { testConnection } from "../support/neo4j";
import type { SchemaClient } from "../support/schemaClient";

const ctx = useGraphTestContext();
let client: SchemaClient;
let knowledge: KnowledgeLoopParts;

beforeAll(async () => {
  ({ client, parts: knowledge } = await startKnowledgeLoop(ctx.driver));
});

afterAll(async () => {
  await knowledge.stop();
});

const database = () => testConnection().database;

const ALL_FORMS = `query All($q: String!) {
  batched: suggestArticles(query: $q, rank: RELEVANCE) { url }
  single: suggestArticles(query: $q, rank: RELEVANCE) { url resolvedBy(limit: 1) { keyword } }
  suggestions(query: $q, rank: RELEVANCE) { rank hops matchedBy matchedTerm matchedWords learnedFrom reason article { url } }
}`;

type View = {
  rank: number;
  hops: number;
  matchedBy: string;
  matchedTerm: string;
  matchedWords: string[];
  learnedFrom: number | null;
  reason: string;
  article: { url: string };
};

/** RELEVANCE through the DataLoader, through @neo4j/graphql's translation and with paths: one order. */
async function relevance(q: string): Promise<View[]> {
  const result = await client.run(ALL_FORMS, { q });
  expect(result.errors).toBeUndefined();
  const data = result.data as { batched: { url: string }[]; single: { url: string }[]; suggestions: View[] };
  expect(data.single.map((a) => a.url)).toEqual(data.batched.map((a) => a.url));
  expect(data.suggestions.map((s) => s.article.url)).toEqual(data.batched.map((a) => a.url));
  return data.suggestions;
}

describe("rank RELEVANCE", () => {
  it("finds word forms of a term and article text, explains how, and never a draft", async () => {
    const f = new GraphFixture(ctx.tag());
    const refund = f.keyword("refund");
    f.term(refund)
      .article({ slug: "refund", priority: 3, title: `${f.tag}refund requests` })
      .article({ slug: "heating", priority: 2, title: "Boiler", summary: `No ${f.tag}heating or ${f.tag}water` })
      .article({ slug: "draft", priority: 10, status: "draft", title: `${f.tag}refund ${f.tag}heating draft` })
      .link({ term: refund }, "RESOLVES", { article: f.url("refund") })
      .link({ term: refund }, "RESOLVES", { article: f.url("draft") });
    await f.save(ctx.driver);
    await knowledge.loop.terms.refresh();

    const forms = await relevance(`${f.tag}refunds`);
    expect(forms.map((s) => s.article.url)).toEqual([f.url("refund")]);
    expect(forms[0]).toMatchObject({ matchedBy: "TERM_VARIANT", matchedTerm: refund, hops: 1, rank: 1 });

    const text = await relevance(`${f.tag}heating ${f.tag}water`);
    expect(text.map((s) => s.article.url)).toEqual([f.url("heating")]);
    expect(text[0]).toMatchObject({ matchedBy: "ARTICLE_TEXT", matchedTerm: "", hops: 0 });
    expect(text[0]?.matchedWords).toEqual([`${f.tag}heating`, `${f.tag}water`]);
    expect(text[0]?.reason).toBe(`matched "${f.tag}heating ${f.tag}water" in the article`);
    // Explorers search article text too, with English stemming, in Neo4j's full-text index.
    const fulltext = await client.run(
      `query F($p: String!) { articlesFulltext(phrase: $p) { edges { node { url } } } }`,
      { p: `${f.tag}waters` },
    );
    expect(fulltext.errors).toBeUndefined();
    const edges = (fulltext.data as { articlesFulltext: { edges: { node: { url: string } }[] } }).articlesFulltext
      .edges;
    expect(edges.map((e) => e.node.url)).toEqual([f.url("heating")]);
  });

  it("sees a term and link written with plain Cypher (not kb:import) within 2 s", async () => {
    const tag = ctx.tag();
    const terms = new KnowledgeTerms(ctx.driver, database(), pino({ level: "silent" }), { refreshMs: 250 });
    await terms.load();
    terms.start();
    try {
      const said = `my ${tag}kettle is ${tag}broken again`;
      expect(terms.relevance.search(said, "sentence", 5)).toEqual([]);
      await ctx.driver.executeQuery(
        `CREATE (q:Query {keyword: $keyword})-[:RESOLVES]->(:Article {url: $url, title: 'Kettles', summary: '',
           status: 'published', priority: 1})`,
        { keyword: `${tag}kettle ${tag}broken`, url: `https://kb.test/${tag}/kettle` },
        { database: database() },
      );
      // Wait for reloads (events), up to the 2 s the gateway promises.
      const deadline = setTimeout(2_000, "deadline");
      while (terms.relevance.search(said, "sentence", 5).length === 0) {
        if ((await Promise.race([terms.nextReload(), deadline])) === "deadline") break;
      }
      expect(terms.relevance.search(said, "sentence", 5).map((h) => h.url)).toEqual([`https://kb.test/${tag}/kettle`]);
    } finally {
      await terms.stop();
    }
  });

  it("stores the LEARNED adjustment as the Wilson lower bound minus 0.5, for many answer counts", async () => {
    const f = new GraphFixture(ctx.tag());
    const cases: [number, number][] = [
      [0, 5],
      [1, 5],
      [5, 5],
      [3, 7],
      [9, 12],
      [2, 20],
    ];
    cases.forEach((_, i) => f.article({ slug: `w${i}`, priority: 1 }));
    await f.save(ctx.driver);
    for (const [i, [helpful, answers]] of cases.entries()) {
      const pushId = await deliveredPush(ctx.driver, f, [f.url(`w${i}`)]);
      for (let k = 0; k < answers; k++) await answer(pushId, f.url(`w${i}`), `agent-${k}`, k < helpful);
    }
    const { records } = await ctx.driver.executeQuery(
      "MATCH (a:Article) WHERE a.url IN $urls RETURN a.url AS url, a.feedbackAdjustment AS adjustment",
      { urls: cases.map((_, i) => f.url(`w${i}`)) },
      { database: database() },
    );
    const stored = new Map(records.map((r) => [r.get("url") as string, r.get("adjustment") as number]));
    for (const [i, [helpful, answers]] of cases.entries()) {
      // Computed independently here: the same formula with z = 1.96, not the module's constant.
      const p = helpful / answers;
      const z = 1.96;
      const bound =
        (p + (z * z) / (2 * answers) - z * Math.sqrt((p * (1 - p) + (z * z) / (4 * answers)) / answers)) /
        (1 + (z * z) / answers);
      expect(stored.get(f.url(`w${i}`))).toBeCloseTo(bound - 0.5, 9);
      expect(feedbackAdjustment(helpful, answers)).toBeCloseTo(wilsonLowerBound(helpful, answers) - 0.5, 12);
    }
  });
});

describe("learned links", () => {
  it("are learned from helpful answers after a search with no term, followed from enough answers, explained, removable", async () => {
    const f = new GraphFixture(ctx.tag());
    f.article({ slug: "refund", priority: 2, title: "Refunds" }).article({ slug: "other", priority: 9 });
    await f.save(ctx.driver);
    const search = `${f.tag}overcharged ${f.tag}twice`;
    const pushId = await deliveredPush(ctx.driver, f, [f.url("refund"), f.url("other")], search);
    expect(await relevance(search)).toEqual([]);

    await answer(pushId, f.url("refund"), "agent-1", true);
    await answer(pushId, f.url("refund"), "agent-2", true);
    // An agent changing their answer takes their count back.
    await answer(pushId, f.url("refund"), "agent-3", true);
    await answer(pushId, f.url("refund"), "agent-3", false);
    await answer(pushId, f.url("other"), "agent-1", false);
    await knowledge.loop.terms.refresh();
    expect(await relevance(search)).toEqual([]); // 2 of 3 needed: ignored for now
    expect(await learned(search)).toEqual([expect.objectContaining({ helpful: 2, active: false })]);

    await answer(pushId, f.url("refund"), "agent-4", true);
    await knowledge.loop.terms.refresh();
    const found = await relevance(search.toUpperCase());
    expect(found.map((s) => s.article.url)).toEqual([f.url("refund")]);
    expect(found[0]).toMatchObject({ matchedBy: "LEARNED", learnedFrom: 3, matchedTerm: search, hops: 1 });
    expect(found[0]?.reason).toBe(`via "${search}" (learned from 3 helpful answers)`);
    expect(await learned(search)).toEqual([
      expect.objectContaining({ url: f.url("refund"), helpful: 3, active: true }),
    ]);

    // What was learned is no longer a knowledge gap.
    knowledge.loop.gaps.note(search, "NO_RESULTS");
    await knowledge.loop.gaps.flush();
    expect((await knowledge.loop.gapReport({ since: null, kind: null, first: 100 })).map((g) => g.text)).not.toContain(
      search,
    );

    const removed = await client.run(
      `mutation R($text: String!, $url: String!) { removeLearnedLink(text: $text, url: $url) { active removedAt } }`,
      { text: search, url: f.url("refund") },
    );
    expect(removed.errors).toBeUndefined();
    expect(removed.data?.removeLearnedLink).toMatchObject({ active: false, removedAt: expect.any(String) });
    await knowledge.loop.terms.refresh();
    expect(await relevance(search)).toEqual([]);
    const unknown = await client.run(
      `mutation { removeLearnedLink(text: "${f.tag}nothing", url: "${f.url("x")}") { active } }`,
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "text" });
  });
});

describe("articles-only knowledge bases", () => {
  it("imports CSV with tags as terms, and answers through article text with no curated link", async () => {
    const tag = ctx.tag();
    const csv = [
      "url,title,summary,status,priority,updatedAt,tags",
      `https://kb.test/${tag}/bags,Lost ${tag}luggage claims,"Report a missing ${tag}suitcase.",published,5,,${tag}baggage claim;${tag}pir`,
      `https://kb.test/${tag}/seats,${tag}Seat upgrades,Pay for ${tag}legroom.,Published,3,2026-01-01T00:00:00Z,`,
    ].join("\n");
    const kb = parseArticleExport(csv, "csv");
    expect(kb.searchTerms.map((t) => t.keyword)).toEqual([`${tag}baggage claim`, `${tag}pir`]);
    expect(kb.links).toHaveLength(2);
    await importKnowledgeBase(ctx.driver, database(), kb);
    await knowledge.loop.terms.refresh();
    expect((await relevance(`${tag}pir`)).map((s) => s.matchedBy)).toEqual(["EXACT"]);
    expect((await relevance(`${tag}legroom`)).map((s) => [s.article.url, s.matchedBy])).toEqual([
      [`https://kb.test/${tag}/seats`, "ARTICLE_TEXT"],
    ]);
  });
});

async function answer(pushId: string, url: string, agentId: string, helpful: boolean) {
  const result = await client.run(
    `mutation F($input: CardFeedbackInput!) { recordCardFeedback(input: $input) { helpful } }`,
    { input: { pushId, url, agentId, helpful } },
  );
  expect(result.errors).toBeUndefined();
}

async function learned(text: string) {
  const result = await client.run(`{ learnedLinks(first: 100) { text url helpful active removedAt } }`);
  expect(result.errors).toBeUndefined();
  return (result.data as { learnedLinks: { text: string }[] }).learnedLinks.filter((l) => l.text === text);
}
