import type { Driver } from "neo4j-driver";
import { createSuggestionLoader, SuggestionCache, type ArticleProperties } from "../../src/features/suggestions";
import type { KnowledgeLoopParts } from "../../src/app/knowledgeLoopParts";
import { GatewayMetrics } from "../../src/platform/observability/metrics";
import { deliveredPush } from "../support/deliveredPush";
import { GraphFixture } from "../support/fixtures";
import { startKnowledgeLoop } from "../support/knowledgeContext";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";

/**
 * The suggestion cache is never stale past its bounds: two replicas (each its own knowledge loop, cache and clock)
 * on one graph, written by the importer, by plain Cypher, and by a feedback answer.
 */
const TTL_MS = 1_000;
let driver: Driver;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("cache", "vpn");
const replicas: Replica[] = [];

interface Replica {
  parts: KnowledgeLoopParts;
  cache: SuggestionCache;
  metrics: GatewayMetrics;
  clock: { now: number };
  load(request: { query: string; limit?: number; rank?: "PRIORITY" | "LEARNED" }): Promise<ArticleProperties[]>;
  reads(): Promise<number>;
}

async function replica(): Promise<Replica> {
  const { parts } = await startKnowledgeLoop(driver);
  const metrics = new GatewayMetrics({ defaultMetrics: false });
  const clock = { now: 1_000 };
  const cache = new SuggestionCache({
    maxEntries: 100,
    maxBytes: 1_000_000,
    ttlMs: TTL_MS,
    version: () => parts.loop.terms.version,
    now: () => clock.now,
  });
  let requests = 0;
  const r: Replica = {
    parts,
    cache,
    metrics,
    clock,
    // A loader per call, as each GraphQL request has its own.
    load: ({ query, limit = 5, rank = "PRIORITY" }) =>
      createSuggestionLoader(driver, {
        database: testConnection().database,
        timeoutMs: 10_000,
        requestId: `cache-${++requests}`,
        feedbackWeight: 2,
        metrics,
        cache,
      }).load({ query, limit, rank }),
    reads: async () =>
      (await metrics.neo4jDuration.get()).values
        .filter((v) => v.metricName?.endsWith("_count"))
        .reduce((sum, v) => sum + v.value, 0),
  };
  replicas.push(r);
  return r;
}

const titles = (articles: ArticleProperties[]) => articles.map((a) => a.title);
const urls = (articles: ArticleProperties[]) => articles.map((a) => a.url);

beforeAll(async () => {
  driver = await openTestDriver();
  f.term(term);
  for (const [slug, priority] of [
    ["a", 5],
    ["b", 5],
    ["c", 3],
  ] as const) {
    f.article({ slug, priority, title: `${slug} v1` }).link({ term }, "RESOLVES", { article: f.url(slug) });
  }
  await f.save(driver);
});

afterAll(async () => {
  for (const r of replicas) await r.parts.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

it("answers a repeated search from memory, without a read", async () => {
  const a = await replica();
  const first = await a.load({ query: term });
  const readsAfterFirst = await a.reads();
  expect(readsAfterFirst).toBe(1);
  const second = await a.load({ query: term });
  expect(second).toEqual(first);
  // The same search in another case and spacing is the same answer (the statement reads it in normal form).
  expect(await a.load({ query: `  ${term.toUpperCase()} ` })).toEqual(first);
  expect(await a.reads()).toBe(1);
  // Another limit or rank is another answer.
  await a.load({ query: term, limit: 2 });
  await a.load({ query: term, rank: "LEARNED" });
  expect(await a.reads()).toBe(3);
});

it("an import by the importer is seen by both replicas at their next check", async () => {
  const [a, b] = [await replica(), await replica()];
  expect(titles(await a.load({ query: term }))).toContain("b v1");
  expect(titles(await b.load({ query: term }))).toContain("b v1");
  const again = new GraphFixture(tag);
  again.article({ slug: "b", priority: 5, title: "b v2" });
  await again.save(driver);
  await Promise.all([a.parts.loop.terms.refresh(), b.parts.loop.terms.refresh()]);
  expect(titles(await a.load({ query: term }))).toContain("b v2");
  expect(titles(await b.load({ query: term }))).toContain("b v2");
});

it("a plain Cypher write that adds a link is seen at the next check, without waiting for the TTL", async () => {
  const [a, b] = [await replica(), await replica()];
  expect(urls(await a.load({ query: term }))).not.toContain(f.url("d"));
  expect(urls(await b.load({ query: term }))).not.toContain(f.url("d"));
  await driver.executeQuery(
    `MATCH (q:Query {keyword: $term})
     CREATE (q)-[:RESOLVES]->(:Article {url: $url, title: 'd v1', summary: 's', status: 'published', priority: 9})`,
    { term, url: f.url("d") },
    { database: testConnection().database },
  );
  await Promise.all([a.parts.loop.terms.refresh(), b.parts.loop.terms.refresh()]);
  expect(urls(await a.load({ query: term }))[0]).toBe(f.url("d"));
  expect(urls(await b.load({ query: term }))[0]).toBe(f.url("d"));
});

it("an edit in place that moves no count is served fresh once the TTL has passed", async () => {
  const b = await replica();
  expect(titles(await b.load({ query: term }))).toContain("c v1");
  await driver.executeQuery(
    "MATCH (a:Article {url: $url}) SET a.title = 'c v2'",
    { url: f.url("c") },
    { database: testConnection().database },
  );
  await b.parts.loop.terms.refresh();
  b.clock.now += TTL_MS + 1;
  expect(titles(await b.load({ query: term }))).toContain("c v2");
});

it("a feedback answer changes LEARNED order at once where it was given, and on the other replica within the TTL", async () => {
  // Two articles of equal priority: enough unhelpful answers move the first below the second.
  const printer = f.keyword("cache", "printer");
  const g = new GraphFixture(tag).term(printer);
  for (const slug of ["e", "f"])
    g.article({ slug, priority: 5 }).link({ term: printer }, "RESOLVES", { article: f.url(slug) });
  await g.save(driver);
  const [a, b] = [await replica(), await replica()];
  const before = urls(await a.load({ query: printer, rank: "LEARNED" }));
  expect(before).toEqual([f.url("e"), f.url("f")]);
  expect(urls(await b.load({ query: printer, rank: "LEARNED" }))).toEqual(before);
  const top = before[0] as string;
  const pushId = await deliveredPush(driver, f, [top]);
  for (let i = 0; i < 30; i++)
    await a.parts.loop.recordFeedback({ pushId, url: top, agentId: `agent-${i}`, helpful: false });
  // No check, no time passing: this replica wrote it.
  const after = urls(await a.load({ query: printer, rank: "LEARNED" }));
  expect(after).toEqual([f.url("f"), f.url("e")]);
  b.clock.now += TTL_MS + 1;
  expect(urls(await b.load({ query: printer, rank: "LEARNED" }))).toEqual(after);
});
