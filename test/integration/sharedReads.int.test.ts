import type { Driver } from "neo4j-driver";
import { createSuggestionLoader, SharedReads, type ArticleProperties } from "../../src/features/suggestions";
import { GatewayMetrics } from "../../src/platform/observability/metrics";
import { GraphFixture } from "../support/fixtures";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";

/** Identical suggestion reads in flight at once, from different requests, share one Neo4j round trip. */
let driver: Driver;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("shared", "read");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 9 })
    .article({ slug: "b", priority: 4 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .link({ term }, "RESOLVES", { article: f.url("b") })
    .save(driver);
});

afterAll(async () => {
  await deleteTagged(driver, tag);
  await driver.close();
});

/** Statements sent to Neo4j, by kind, as the gateway's metrics count them. */
async function statements(metrics: GatewayMetrics, kind: string): Promise<number> {
  const metric = await metrics.neo4jDuration.get();
  return metric.values
    .filter((v) => v.metricName?.endsWith("_count") && v.labels.kind === kind)
    .reduce((sum, v) => sum + v.value, 0);
}

function loaderFor(shared: SharedReads<ArticleProperties[]> | undefined, metrics: GatewayMetrics, requestId: string) {
  return createSuggestionLoader(driver, {
    database: testConnection().database,
    timeoutMs: 10_000,
    requestId,
    feedbackWeight: 2,
    metrics,
    ...(shared ? { shared } : {}),
  });
}

it("two requests asking the same at the same moment get the same answer from one round trip; later ones read again", async () => {
  const metrics = new GatewayMetrics({ defaultMetrics: false });
  const shared = new SharedReads<ArticleProperties[]>();
  const request = { query: term, limit: 5, rank: "PRIORITY" as const };
  const [first, second] = await Promise.all([
    loaderFor(shared, metrics, "r1").load(request),
    loaderFor(shared, metrics, "r2").load(request),
  ]);
  expect(first.map((a) => a.url)).toEqual([f.url("a"), f.url("b")]);
  expect(second).toEqual(first);
  expect(second).not.toBe(first); // each request its own list
  expect(await statements(metrics, "suggest_batch")).toBe(1);
  expect((await metrics.sharedReads.get()).values[0]?.value).toBe(1);
  expect(shared.size).toBe(0); // nothing kept once settled: no cache

  // Once settled, the same search is read again (a write in between would be seen).
  await loaderFor(shared, metrics, "r3").load(request);
  expect(await statements(metrics, "suggest_batch")).toBe(2);
  // A different limit is a different read.
  await Promise.all([
    loaderFor(shared, metrics, "r4").load(request),
    loaderFor(shared, metrics, "r5").load({ ...request, limit: 1 }),
  ]);
  expect(await statements(metrics, "suggest_batch")).toBe(4);
});

it("without shared reads, each request sends its own", async () => {
  const metrics = new GatewayMetrics({ defaultMetrics: false });
  const request = { query: term, limit: 5, rank: "PRIORITY" as const };
  await Promise.all([
    loaderFor(undefined, metrics, "r1").load(request),
    loaderFor(undefined, metrics, "r2").load(request),
  ]);
  expect(await statements(metrics, "suggest_batch")).toBe(2);
});
