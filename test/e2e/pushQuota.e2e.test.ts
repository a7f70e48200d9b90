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
  it("spaces deliveries at the configured rate and refuses at once, with CXONE_RATE_LIMITED, pushes that would wait past half their deadline", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const started = Date.now();
        const { body } = await postGraphql(h.gateway.url, PUSH, { input: { interactionId: `Q-${tag}-${i}`, query: term, agentId: "a" } });
        const data = body.data?.pushToAgentAssist as { status: string } | undefined;
        return { outcome: data?.status ?? body.errors?.[0]?.extensions?.code, ms: Date.now() - started };
      }),
    );
    const delivered = results.filter((r) => r.outcome === "DELIVERED");
    const refused = results.filter((r) => r.outcome === "CXONE_RATE_LIMITED");
    expect(delivered.length + refused.length).toBe(8);
    // 8 pushes at once, 2 a second, at most 1.5 s of waiting each: some wait their turn, the rest are refused.
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    // A refusal comes at once, not after waiting (wide bound for a loaded machine).
    for (const r of refused) expect(r.ms).toBeLessThan(1_500);
    // CXone saw them no faster than 2 a second (a little timing slack), and never had to say 429.
    const received = h.simulator.state().deliveries.map((d) => Date.parse(d.receivedAt)).sort((a, b) => a - b);
    expect(received).toHaveLength(delivered.length);
    for (let i = 1; i < received.length; i++) expect((received[i] as number) - (received[i - 1] as number)).toBeGreaterThanOrEqual(400);
    const metrics = await h.gateway.metrics.registry.getSingleMetricAsString("aag_cxone_quota_rejections_total");
    expect(metrics).toContain(`aag_cxone_quota_rejections_total ${refused.length}`);
  });
});
