import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, type PushHarness } from "../support/pushHarness";
import type { Driver } from "neo4j-driver";

let driver: Driver;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("outage");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 1 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .save(driver);
});
afterAll(async () => {
  await deleteTagged(driver, tag);
  await driver.close();
});

let n = 0;
type Answer = { status?: string; lastError?: { code: string; retryAfterSeconds: number | null } | null };
async function push(
  h: PushHarness,
): Promise<{ code?: unknown; extensions?: Record<string, unknown>; status?: string; lastError?: Answer["lastError"] }> {
  const { body } = await postGraphql(h.gateway.url, PUSH, {
    input: { interactionId: `OUT-${tag}-${n++}`, query: term, agentId: "a" },
  });
  const error = body.errors?.[0];
  const data = body.data?.pushToAgentAssist as Answer | null | undefined;
  return {
    code: error?.extensions?.code,
    extensions: error?.extensions,
    status: data?.status,
    lastError: data?.lastError,
  };
}

describe("during a CXone outage", () => {
  jest.setTimeout(120_000);

  it("retries take rate-limit slots too: CXone never sees more than the configured rate", async () => {
    const h = await startPushHarness({
      // One caller, so no fair share refuses it: every push reaches the gate (pushFairness tests the shares).
      env: { CXONE_MAX_PUSHES_PER_SECOND: "5", CXONE_PUSH_BURST: "1", PUSH_CALLER_SHARE: "1" },
      tuning: {
        pushDeadlineMs: 3_000,
        retry: { maxAttempts: 3, backoffBaseMs: 50, retryAfterCapMs: 2_500 },
        breaker: { errorPercent: 100, minPushes: 10_000, resetMs: 1_000 },
      },
    });
    try {
      h.simulator.injectFault("content", { status: 503, times: "always" });
      const started = Date.now();
      await Promise.all(Array.from({ length: 20 }, () => push(h)));
      const seconds = (Date.now() - started) / 1000;
      // 5 a second with a burst of 1: at most 5 x elapsed + 1 requests, whatever the retries wanted.
      expect(h.simulator.state().deliveryAttempts.content).toBeLessThanOrEqual(Math.ceil(5 * seconds) + 1);
    } finally {
      await h.stop();
    }
  });

  it("a circuit breaker opens after repeated failures: pushes then fail fast without calling CXone, and a probe closes it once CXone recovers", async () => {
    const h = await startPushHarness({
      // The background deliverer looks once at start, then not within this test: every CXone call here is a push's.
      env: { PUSH_DELIVERER_POLL_MS: "60000" },
      tuning: {
        pushDeadlineMs: 3_000,
        retry: { maxAttempts: 2, backoffBaseMs: 20, retryAfterCapMs: 1_000 },
        breaker: { errorPercent: 50, minPushes: 4, resetMs: 1_500 },
      },
    });
    try {
      h.simulator.injectFault("content", { status: 503, times: "always" });
      for (let i = 0; i < 4; i++)
        expect(await push(h)).toMatchObject({
          status: "QUEUED",
          lastError: expect.objectContaining({ code: "CXONE_UNAVAILABLE" }),
        });
      const attemptsWhenOpened = h.simulator.state().deliveryAttempts.content;
      // Open: the push is queued without calling CXone (the background deliverer's attempts are refused too).
      const fast = await push(h);
      expect(fast).toMatchObject({
        status: "QUEUED",
        lastError: { code: "CXONE_UNAVAILABLE", retryAfterSeconds: expect.any(Number) },
      });
      expect(h.simulator.state().deliveryAttempts.content).toBe(attemptsWhenOpened);
      expect(await h.gateway.metrics.registry.getSingleMetricAsString("aag_cxone_breaker_open")).toMatch(
        /aag_cxone_breaker_open 1/,
      );

      h.simulator.faults.clear();
      // Wait for the half-open state through the breaker's own retryAfterSeconds, then one probe goes through.
      await new Promise((resolve) => setTimeout(resolve, Number(fast.lastError?.retryAfterSeconds) * 1000 + 100));
      expect((await push(h)).status).toBe("DELIVERED");
      expect((await push(h)).status).toBe("DELIVERED");
      expect(await h.gateway.metrics.registry.getSingleMetricAsString("aag_cxone_breaker_open")).toMatch(
        /aag_cxone_breaker_open 0/,
      );
      // The outage log tells the story once: start, then end (once CXone has answered for the settle time).
      await h.waitForLog(/cxone available again/);
      const outageLines = h.logs
        .map((l) => JSON.parse(l) as { msg: string })
        .filter((l) => /^cxone (unavailable|available again)/.test(l.msg));
      expect(outageLines.map((l) => l.msg)).toEqual([
        "cxone unavailable: requests are failing",
        "cxone available again",
      ]);
    } finally {
      await h.stop();
    }
  });
});
