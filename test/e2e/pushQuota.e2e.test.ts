import type { Driver } from "neo4j-driver";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, waitForPushStatus, type PushHarness } from "../support/pushHarness";

let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("quota");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 1 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .save(driver);
  // 2 pushes a second, no burst; a push may queue for half its 3 s deadline. One caller, with the whole rate (the
  // fair shares between callers have their own test, pushFairness).
  h = await startPushHarness({
    env: { PUSH_CALLER_SHARE: "1" },
    tuning: { pushDeadlineMs: 3_000, quota: { pushesPerSecond: 2, burst: 1 } },
  });
});

afterAll(async () => {
  await h.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

describe("the CXone quota guard", () => {
  it("spaces deliveries at the configured rate; pushes that would wait past half their deadline are QUEUED with CXONE_RATE_LIMITED and delivered later at the same rate", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const { body } = await postGraphql(h.gateway.url, PUSH, {
          input: { interactionId: `Q-${tag}-${i}`, query: term, agentId: "a" },
        });
        return body.data?.pushToAgentAssist as { status: string; pushId: string; lastError: { code: string } | null };
      }),
    );
    const delivered = results.filter((r) => r.status === "DELIVERED");
    const queued = results.filter((r) => r.status === "QUEUED");
    expect(delivered.length + queued.length).toBe(8);
    // 8 pushes at once, 2 a second, at most 1.5 s of waiting each: some wait their turn, the rest are queued.
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    expect(queued.length).toBeGreaterThanOrEqual(1);
    for (const r of queued) expect(r.lastError?.code).toBe("CXONE_RATE_LIMITED");
    const metrics = await h.gateway.metrics.registry.getSingleMetricAsString("aag_cxone_quota_rejections_total");
    expect(metrics).toContain(`aag_cxone_quota_rejections_total ${queued.length}`);
    // The deliverer sends the queued ones through the same gate: all 8 arrive, once each.
    for (const r of queued) await waitForPushStatus(h.gateway.url, r.pushId, ["DELIVERED"], 60_000);
    // All 8 arrived, once each.
    const deliveries = h.simulator.state().deliveries;
    expect(new Set(deliveries.map((d) => d.interactionId)).size).toBe(8);
    expect(deliveries).toHaveLength(8);
    // The gate let them go 500 ms apart (its spacing is specified exactly, on a fake clock, in pushRateGate's unit
    // test). Arrival times carry the network's and a loaded machine's jitter, so here only the whole span is
    // checked: 7 intervals are 3.5 s; without the gate all 8 would arrive within a few hundred ms.
    const received = deliveries.map((d) => Date.parse(d.receivedAt)).sort((a, b) => a - b);
    expect((received[7] as number) - (received[0] as number)).toBeGreaterThanOrEqual(2_000);
  });
});
