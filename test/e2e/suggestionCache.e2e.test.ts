import type { Driver } from "neo4j-driver";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, type PushHarness } from "../support/pushHarness";

/**
 * The result cache keeps answers, never what a request does besides reading: a push answered from the cache still
 * asks the ledger what the interaction was shown, and a search answered from it still counts as a knowledge gap.
 */
let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("cached");

beforeAll(async () => {
  driver = await openTestDriver();
  f.term(term);
  for (const [slug, priority] of [
    ["a", 9],
    ["b", 5],
    ["c", 1],
  ] as const)
    f.article({ slug, priority }).link({ term }, "RESOLVES", { article: f.url(slug) });
  await f.save(driver);
  h = await startPushHarness({ env: { KB_GAP_FLUSH_MS: "200" } });
});

afterAll(async () => {
  await h.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

async function cacheHits(): Promise<number> {
  const metric = await h.gateway.metrics.suggestCacheLookups.get();
  return metric.values.find((v) => v.labels.outcome === "hit")?.value ?? 0;
}

const SEARCH = "query Find($q: String!) { suggestArticles(query: $q) { url title } }";

it("answers a repeated search from the cache, with the same articles", async () => {
  const first = await postGraphql(h.gateway.url, SEARCH, { q: term });
  const hits = await cacheHits();
  const second = await postGraphql(h.gateway.url, SEARCH, { q: term });
  expect(second.body).toEqual(first.body);
  expect(
    (first.body as { data: { suggestArticles: { url: string }[] } }).data.suggestArticles.map((a) => a.url),
  ).toEqual([f.url("a"), f.url("b"), f.url("c")]);
  expect(await cacheHits()).toBe(hits + 1);
});

it("a push answered from the cache still leaves out what the interaction was shown, and is recorded", async () => {
  const interactionId = `${tag}-int`;
  const push = (limit: number) =>
    postGraphql(h.gateway.url, PUSH, { input: { interactionId, query: term, agentId: "agent-1", limit } });
  const cards = (r: { body: unknown }) =>
    (r.body as { data: { pushToAgentAssist: { cards: { url: string }[] } } }).data.pushToAgentAssist.cards.map(
      (c) => c.url,
    );
  expect(cards(await push(1))).toEqual([f.url("a")]);
  const hits = await cacheHits();
  expect(cards(await push(1))).toEqual([f.url("b")]);
  expect(await cacheHits()).toBe(hits + 1);
  const { records } = await driver.executeQuery("MATCH (p:Push {interactionId: $interactionId}) RETURN count(p) AS n", {
    interactionId,
  });
  expect(Number(records[0]?.get("n"))).toBe(2);
});

it("a search answered from the cache still counts as a knowledge gap", async () => {
  const nothing = `${tag}nothing ${tag}cached`;
  await postGraphql(h.gateway.url, SEARCH, { q: nothing });
  const hits = await cacheHits();
  await postGraphql(h.gateway.url, SEARCH, { q: nothing });
  expect(await cacheHits()).toBe(hits + 1);
  // Counted in memory, written within KB_GAP_FLUSH_MS (200 ms here): wait for the count, not for a time.
  const gaps = `query Gaps($t: String!) { knowledgeGaps(containing: $t) { text searches } }`;
  let searches = 0;
  for (let tries = 0; tries < 100 && searches < 2; tries++) {
    const r = await postGraphql(h.gateway.url, gaps, { t: nothing });
    searches = (r.body as { data: { knowledgeGaps: { searches: number }[] } }).data.knowledgeGaps[0]?.searches ?? 0;
    if (searches < 2) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(searches).toBe(2);
});
