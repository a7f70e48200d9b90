import { randomUUID } from "node:crypto";
import pino from "pino";
import type { KnowledgeLoopParts } from "../../src/app/knowledgeLoopParts";
import { GapRecorder } from "../../src/features/knowledge/GapRecorder";
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

const FEEDBACK = `mutation Feedback($input: CardFeedbackInput!) { recordCardFeedback(input: $input) { pushId url agentId helpful reason answeredAt } }`;
const ARTICLE_FEEDBACK = `query Feedback($url: String!) { articles(where: { url: { eq: $url } }) { feedback { shown helpful notHelpful helpfulRate lastShownAt } ageDays stale } }`;

async function answer(pushId: string, url: string, agentId: string, helpful: boolean, reason?: string) {
  return client.run(FEEDBACK, { input: { pushId, url, agentId, helpful, ...(reason ? { reason } : {}) } });
}

async function feedbackOf(url: string) {
  const result = await client.run(ARTICLE_FEEDBACK, { url });
  expect(result.errors).toBeUndefined();
  return (result.data as { articles: { feedback: Record<string, unknown>; ageDays: number | null; stale: boolean }[] })
    .articles[0];
}

describe("agent feedback on cards", () => {
  it("is stored per agent, card and push; the agent's last answer wins; Article.feedback counts it", async () => {
    const f = new GraphFixture(ctx.tag());
    f.article({ slug: "a", priority: 5 }).article({ slug: "b", priority: 4 });
    await f.save(ctx.driver);
    const pushId = await deliveredPush(ctx.driver, f, [f.url("a"), f.url("b")]);

    const first = await answer(pushId, f.url("a"), "agent-7", false, "out of date");
    expect(first.errors).toBeUndefined();
    expect(first.data?.recordCardFeedback).toMatchObject({
      pushId,
      url: f.url("a"),
      agentId: "agent-7",
      helpful: false,
      reason: "out of date",
    });
    await answer(pushId, f.url("a"), "agent-7", true); // changed their mind
    await answer(pushId, f.url("a"), "agent-8", true);

    const a = await feedbackOf(f.url("a"));
    expect(a?.feedback).toMatchObject({ shown: 1, helpful: 2, notHelpful: 0, helpfulRate: null });
    expect(Date.parse(String(a?.feedback.lastShownAt))).toBeGreaterThan(Date.now() - 60_000);
    expect(await feedbackOf(f.url("b"))).toMatchObject({
      feedback: { shown: 1, helpful: 0, notHelpful: 0, helpfulRate: null, lastShownAt: expect.any(String) },
    });
    const { records } = await ctx.driver.executeQuery(
      "MATCH (:Push {id: $pushId})-[:GOT_FEEDBACK]->(f:CardFeedback)-[:ABOUT]->(:Article {url: $url}) RETURN count(f) AS answers",
      { pushId, url: f.url("a") },
      { database: testConnection().database },
    );
    expect(Number(records[0]?.get("answers"))).toBe(2);
  });

  it("counts every answer when many agents answer about one article at once", async () => {
    const f = new GraphFixture(ctx.tag());
    await f.article({ slug: "a", priority: 5 }).save(ctx.driver);
    const pushIds = await Promise.all(Array.from({ length: 4 }, () => deliveredPush(ctx.driver, f, [f.url("a")])));
    const answers = pushIds.flatMap((pushId) =>
      Array.from({ length: 5 }, (_, i) => ({ pushId, agentId: `agent-${i}`, helpful: i % 2 === 0 })),
    );
    const results = await Promise.all(answers.map((a) => answer(a.pushId, f.url("a"), a.agentId, a.helpful)));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect((await feedbackOf(f.url("a")))?.feedback).toMatchObject({
      shown: 4,
      helpful: 12,
      notHelpful: 8,
      helpfulRate: 0.6,
    });
  });

  it("shows a helpful rate from 5 answers", async () => {
    const f = new GraphFixture(ctx.tag());
    await f.article({ slug: "a", priority: 5 }).save(ctx.driver);
    const pushId = await deliveredPush(ctx.driver, f, [f.url("a")]);
    for (let i = 0; i < 5; i++) await answer(pushId, f.url("a"), `agent-${i}`, i < 4);
    expect((await feedbackOf(f.url("a")))?.feedback).toMatchObject({ helpful: 4, notHelpful: 1, helpfulRate: 0.8 });
  });

  it("refuses a url that was not one of the push's cards, an unknown push and over-long input, each with its field", async () => {
    const f = new GraphFixture(ctx.tag());
    f.article({ slug: "a", priority: 5 }).article({ slug: "other", priority: 5 });
    await f.save(ctx.driver);
    const pushId = await deliveredPush(ctx.driver, f, [f.url("a")]);
    const cases: [Record<string, unknown>, string][] = [
      [{ pushId, url: f.url("other") }, "input.url"],
      [{ pushId: randomUUID(), url: f.url("a") }, "input.pushId"],
      [{ pushId, url: f.url("a"), reason: "x".repeat(501) }, "input.reason"],
      [{ pushId, url: f.url("a"), agentId: " " }, "input.agentId"],
    ];
    for (const [input, field] of cases) {
      const result = await client.run(FEEDBACK, { input: { agentId: "agent-7", helpful: false, ...input } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    expect((await feedbackOf(f.url("a")))?.feedback).toMatchObject({ helpful: 0, notHelpful: 0 });
  });
});

describe("rank LEARNED", () => {
  const ORDER = `query Order($query: String!, $rank: RankMode) {
    suggestArticles(query: $query, limit: 10, rank: $rank) { url }
    single: suggestArticles(query: $query, limit: 10, rank: $rank) { url resolvedBy(limit: 1) { keyword } }
    suggestions(query: $query, limit: 10, rank: $rank) { article { url } }
  }`;

  async function order(query: string, rank: "PRIORITY" | "LEARNED"): Promise<string[]> {
    const result = await client.run(ORDER, { query, rank });
    expect(result.errors).toBeUndefined();
    const data = result.data as Record<string, { url?: string; article?: { url: string } }[]>;
    const batched = (data.suggestArticles ?? []).map((a) => a.url as string);
    // The same order through the DataLoader, through @neo4j/graphql's own translation, and with paths.
    expect((data.single ?? []).map((a) => a.url)).toEqual(batched);
    expect((data.suggestions ?? []).map((s) => s.article?.url)).toEqual(batched);
    return batched;
  }

  it("moves a much-disliked article below an equal-priority neighbour, never below one more than W/2 lower", async () => {
    const f = new GraphFixture(ctx.tag());
    const term = f.keyword("printer");
    f.term(term);
    // W = 2: feedback moves a score by less than 1 either way.
    for (const [slug, priority] of [
      ["a", 5],
      ["b", 5],
      ["c", 3],
      ["d", 4],
    ] as const) {
      f.article({ slug, priority }).link({ term }, "RESOLVES", { article: f.url(slug) });
    }
    await f.save(ctx.driver);
    const [a, b, c, d] = ["a", "b", "c", "d"].map((s) => f.url(s)) as [string, string, string, string];
    expect(await order(term, "PRIORITY")).toEqual([a, b, d, c]);

    const pushId = await deliveredPush(ctx.driver, f, [a]);
    for (let i = 0; i < 4; i++) await answer(pushId, a, `agent-${i}`, false);
    // Below 5 answers nothing moves.
    expect(await order(term, "LEARNED")).toEqual([a, b, d, c]);
    for (let i = 4; i < 30; i++) await answer(pushId, a, `agent-${i}`, false);
    // 5 - 1 = 4 ties with d (priority 4, no feedback): fewer hops tie too, then url.
    expect(await order(term, "LEARNED")).toEqual([b, a, d, c]);
    expect(await order(term, "PRIORITY")).toEqual([a, b, d, c]);
  });

  it("orders pushes the same way (a preview with rank LEARNED)", async () => {
    const f = new GraphFixture(ctx.tag());
    const term = f.keyword("scanner");
    f.term(term);
    for (const slug of ["a", "b"])
      f.article({ slug, priority: 5 }).link({ term }, "RESOLVES", { article: f.url(slug) });
    await f.save(ctx.driver);
    const pushId = await deliveredPush(ctx.driver, f, [f.url("a")]);
    for (let i = 0; i < 10; i++) await answer(pushId, f.url("a"), `agent-${i}`, false);
    const PREVIEW = `mutation Preview($rank: RankMode) { pushToAgentAssist(input: { interactionId: "P-1", agentId: "a", query: "${term}", dryRun: true, rank: $rank }) { cards { url } } }`;
    const cards = async (rank: string) =>
      ((await client.run(PREVIEW, { rank })).data?.pushToAgentAssist as { cards: { url: string }[] }).cards.map(
        (x) => x.url,
      );
    expect(await cards("PRIORITY")).toEqual([f.url("a"), f.url("b")]);
    expect(await cards("LEARNED")).toEqual([f.url("b"), f.url("a")]);
  });
});

describe("knowledge gaps", () => {
  const GAPS = `query Gaps($since: DateTime, $kind: KnowledgeGapKind, $containing: String, $first: Int) { knowledgeGaps(since: $since, kind: $kind, containing: $containing, first: $first) { text kind searches lastSearchedAt terms } }`;
  type Gap = { text: string; kind: string; searches: number; lastSearchedAt: string; terms: string[] };

  /**
   * This test's gaps (their texts carry its tag). `containing` asks the gateway for them: other tests write gaps to
   * the same graph at the same time, and a page of the most searched could leave this test's out.
   */
  async function gaps(tag: string, variables: Record<string, unknown> = {}): Promise<Gap[]> {
    await knowledge.loop.gaps.flush();
    const result = await client.run(GAPS, { first: 100, containing: tag, ...variables });
    expect(result.errors).toBeUndefined();
    const found = (result.data as { knowledgeGaps: Gap[] }).knowledgeGaps;
    expect(found.filter((g) => !g.text.includes(tag.toLowerCase()))).toEqual([]);
    return found;
  }

  it("counts empty searches, full-text-only searches and stale first answers, most searched first", async () => {
    const f = new GraphFixture(ctx.tag());
    const term = f.keyword("router", "reboot");
    f.term(term)
      .article({ slug: "old", priority: 5, updatedAt: "2020-01-01T00:00:00Z" })
      .link({ term }, "RESOLVES", { article: f.url("old") });
    await f.save(ctx.driver);
    await knowledge.loop.terms.refresh();
    const SUGGEST = `query S($q: String!) { suggestArticles(query: $q) { url } }`;
    for (let i = 0; i < 3; i++) await client.run(SUGGEST, { q: `${f.tag}nothing at all` });
    await client.run(`query { suggestions(query: "${f.tag}router   ${f.tag}REBOOT please") { rank } }`);
    await client.run(`query { suggestions(query: "${term}") { rank } }`);

    const found = await gaps(f.tag);
    const byTextAndKind = (x: unknown[], y: unknown[]) =>
      String(x[1]).localeCompare(String(y[1])) || String(x[0]).localeCompare(String(y[0]));
    expect(found.map((g) => [g.kind, g.text, g.searches])[0]).toEqual(["NO_RESULTS", `${f.tag}nothing at all`, 3]);
    expect(
      found
        .slice(1)
        .map((g) => [g.kind, g.text, g.searches])
        .sort(byTextAndKind),
    ).toEqual(
      [
        ["FUZZY_ONLY", `${f.tag}router ${f.tag}reboot please`, 1],
        ["STALE", `${f.tag}router ${f.tag}reboot please`, 1],
        ["STALE", term, 1],
      ].sort(byTextAndKind),
    );
    // Ties in searches: the most recently searched first (the searches above may fall in different milliseconds).
    for (let i = 1; i < found.length; i++) {
      const [before, after] = [found[i - 1] as Gap, found[i] as Gap];
      expect(before.searches).toBeGreaterThanOrEqual(after.searches);
      if (before.searches === after.searches)
        expect(Date.parse(before.lastSearchedAt)).toBeGreaterThanOrEqual(Date.parse(after.lastSearchedAt));
    }
    expect(found.find((g) => g.kind === "FUZZY_ONLY")?.terms).toEqual([term]);
    expect(found.find((g) => g.kind === "NO_RESULTS")?.terms).toEqual([]);
    expect((await gaps(f.tag, { kind: "STALE" })).map((g) => g.kind)).toEqual(["STALE", "STALE"]);
    expect(await gaps(f.tag, { since: new Date(Date.now() + 2 * 86_400_000).toISOString() })).toEqual([]);
    expect((await gaps(f.tag, { since: new Date(Date.now() - 86_400_000).toISOString() })).length).toBe(4);
  });

  it("adds to the stored counts on every flush, and counts a push whose every card was not helpful once", async () => {
    const f = new GraphFixture(ctx.tag());
    f.article({ slug: "a", priority: 5, updatedAt: new Date().toISOString() }).article({
      slug: "b",
      priority: 4,
      updatedAt: new Date().toISOString(),
    });
    await f.save(ctx.driver);
    const query = `${f.tag} Printer Jam`;
    const pushId = await deliveredPush(ctx.driver, f, [f.url("a"), f.url("b")], query);
    await answer(pushId, f.url("a"), "agent-7", false);
    expect(await gaps(f.tag)).toEqual([]);
    await answer(pushId, f.url("b"), "agent-7", false);
    await answer(pushId, f.url("b"), "agent-8", false); // already counted
    expect((await gaps(f.tag)).map((g) => [g.kind, g.text, g.searches])).toEqual([
      ["UNHELPFUL", `${f.tag} printer jam`, 1],
    ]);
    const second = await deliveredPush(ctx.driver, f, [f.url("a")], query);
    await answer(second, f.url("a"), "agent-7", false);
    expect((await gaps(f.tag)).map((g) => g.searches)).toEqual([2]);
  });

  it("adds up counts that two gateway processes flush at the same moment", async () => {
    const tag = ctx.tag();
    const text = `${tag} two replicas`;
    const recorders = [0, 1].map(
      () =>
        new GapRecorder(ctx.driver, testConnection().database, pino({ level: "silent" }), {
          flushMs: 60_000,
          retentionMs: 86_400_000,
        }),
    );
    for (const recorder of recorders) for (let i = 0; i < 25; i++) recorder.note(text, "NO_RESULTS");
    await Promise.all(recorders.map((r) => r.flush()));
    expect((await gaps(tag)).map((g) => [g.text, g.searches])).toEqual([[text, 50]]);
  });

  it("containing: only texts with those characters, compared as searches are (case and spacing folded)", async () => {
    const tag = ctx.tag();
    const recorder = new GapRecorder(ctx.driver, testConnection().database, pino({ level: "silent" }), {
      flushMs: 60_000,
      retentionMs: 86_400_000,
    });
    recorder.note(`${tag} fax machine`, "NO_RESULTS");
    recorder.note(`${tag} fax  machine broken`, "NO_RESULTS");
    recorder.note(`${tag} printer`, "NO_RESULTS");
    await recorder.flush();
    const texts = async (containing: string) => (await gaps(tag, { containing })).map((g) => g.text).sort();
    expect(await texts(`${tag.toUpperCase()} FAX   Machine`)).toEqual([
      `${tag} fax machine`,
      `${tag} fax machine broken`,
    ]);
    expect(await texts(`${tag} printer`)).toEqual([`${tag} printer`]);
    const bad = await client.run(GAPS, { containing: "  " });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "containing" });
  });

  it("refuses a bad page size", async () => {
    const result = await client.run(GAPS, { first: 101 });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });
});

describe("suggestions from what the customer said", () => {
  const FROM_TEXT = `query T($text: String!, $limit: Int, $rank: RankMode) { suggestFromText(text: $text, limit: $limit, rank: $rank) { rank hops matchedBy matchedTerm article { url } } }`;
  type FromText = { rank: number; hops: number; matchedBy: string; matchedTerm: string; article: { url: string } };

  async function fromText(text: string, limit = 10, rank: string | null = null): Promise<FromText[]> {
    const result = await client.run(FROM_TEXT, { text, limit, rank });
    expect(result.errors).toBeUndefined();
    return (result.data as { suggestFromText: FromText[] }).suggestFromText;
  }

  it("PRIORITY: merges the articles of every term said into one ranking, without duplicates, longest terms first", async () => {
    const f = new GraphFixture(ctx.tag());
    const gateway = f.keyword("voip", "gateway");
    const password = f.keyword("password");
    const bare = f.keyword("gateway");
    for (const t of [gateway, password, bare]) f.term(t);
    f.article({ slug: "creds", priority: 9 })
      .article({ slug: "both", priority: 7 })
      .article({ slug: "pw", priority: 5 })
      .article({ slug: "bare", priority: 8 });
    f.link({ term: gateway }, "RESOLVES", { article: f.url("creds") })
      .link({ term: gateway }, "RELATED_TO", { article: f.url("both") })
      .link({ term: password }, "RESOLVES", { article: f.url("both") })
      .link({ term: password }, "RESOLVES", { article: f.url("pw") })
      .link({ term: bare }, "RESOLVES", { article: f.url("bare") });
    await f.save(ctx.driver);
    await knowledge.loop.terms.refresh();

    const said = `Hi, my ${f.tag}VOIP ${f.tag}gateway… ${f.tag}password stopped working after the update!`;
    const found = await fromText(said, 10, "PRIORITY");
    expect(found.map((s) => s.article.url)).toEqual([f.url("creds"), f.url("both"), f.url("pw")]);
    expect(found.map((s) => s.matchedBy)).toEqual(["TEXT", "TEXT", "TEXT"]);
    expect(found[0]?.matchedTerm).toBe(gateway);
    // "both" is one hop from either term: the earlier term in the text is named.
    expect(found[1]).toMatchObject({ hops: 1, matchedTerm: gateway });
    expect((await fromText(said, 1, "PRIORITY")).map((s) => s.rank)).toEqual([1]);
  });

  it("follows an import without a restart, and counts a text with no known term as a gap", async () => {
    const f = new GraphFixture(ctx.tag());
    const said = `my ${f.tag}fax ${f.tag}machine is on fire`;
    expect(await fromText(said)).toEqual([]);
    const term = f.keyword("fax", "machine");
    await f
      .term(term)
      .article({ slug: "fax", priority: 3 })
      .link({ term }, "RESOLVES", { article: f.url("fax") })
      .save(ctx.driver);
    await knowledge.loop.terms.refresh();
    expect((await fromText(said)).map((s) => s.article.url)).toEqual([f.url("fax")]);
    await knowledge.loop.gaps.flush();
    const { records } = await ctx.driver.executeQuery(
      "MATCH (g:KnowledgeGap {kind: 'NO_RESULTS'}) WHERE g.text CONTAINS $tag RETURN g.text AS text",
      { tag: f.tag },
      { database: testConnection().database },
    );
    expect(records.map((r) => r.get("text"))).toEqual([said.toLowerCase()]);
  });

  it("refuses empty and over-long text", async () => {
    for (const text of ["  ", "x".repeat(2_001)]) {
      const result = await client.run(FROM_TEXT, { text });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "text" });
    }
  });
});
