import type { Driver } from "neo4j-driver";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, type PushHarness } from "../support/pushHarness";

let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("quota");

beforeAll(async () => {
  driver = await openTestDriver();
  await f.article({ slug: "a", priority: 1 }).term(term).link({ term }, "RESOLVES", { article: f.url("a") }).save(driver);
  // 2 pushes a second, no burst; a push may queue for half its 3 s deadline.
  h = await startPushHarness({ tuning: { pushDeadlineMs: 3_000, quota: { pushesPerSecond: 2, burst: 1 } } });
});

afterAll(async () => {
  await h.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

describe("the CXone quota guard", () => {
  it("queues pushes under the configured rate and refuses at once those that would wait past the deadline", async () => {
    const started = Date.now();
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) => {
        const { body } = await postGraphql(h.gateway.url, PUSH, { input: { interactionId: `Q-${tag}-${i}`, query: term, agentId: "a" } });
        const data = body.data?.pushToAgentAssist as { status: string } | undefined;
        return { outcome: data?.status ?? body.errors?.[0]?.extensions?.code, at: Date.now() - started };
      }),
    );
    const outcomes = results.map((r) => r.outcome).sort();
    expect(outcomes).toEqual(["CXONE_RATE_LIMITED", "DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED"]);
    const refused = results.find((r) => r.outcome === "CXONE_RATE_LIMITED");
    expect(refused?.at).toBeLessThan(1_000);
    // Four deliveries at 2 a second span at least 1.5 s, and CXone never had to say 429.
    expect(Math.max(...results.map((r) => r.at))).toBeGreaterThanOrEqual(1_400);
    expect(h.simulator.state().deliveries).toHaveLength(4);
    const metrics = await h.gateway.metrics.registry.getSingleMetricAsString("aag_cxone_quota_rejections_total");
    expect(metrics).toMatch(/aag_cxone_quota_rejections_total 1/);
  });
});
