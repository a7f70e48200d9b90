import type { Driver } from "neo4j-driver";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, waitForPushStatus, type PushHarness } from "../support/pushHarness";

/** Each push may take at most this long, whatever CXone does. */
const DEADLINE_MS = 3_000;
/** A queued push is given up soon after its first deadline, so it cannot reach the next test's simulator. */
const TTL_SECONDS = 4;

let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("reset");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 3 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .save(driver);
  h = await startPushHarness({
    env: { PUSH_TTL_SECONDS: String(TTL_SECONDS) },
    tuning: {
      pushDeadlineMs: DEADLINE_MS,
      retry: { maxAttempts: 3, backoffBaseMs: 50, retryAfterCapMs: 2_500 },
      timeouts: { connectMs: 1_000, responseMs: 1_000 },
      // The breaker has its own tests; here every push must reach the simulator.
      breaker: { errorPercent: 100, minPushes: 10_000, resetMs: 1_000 },
    },
  });
});

afterAll(async () => {
  await h.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

beforeEach(() => {
  h.simulator.reset();
  h.cxone.tokens.clear();
});

let interaction = 0;
type LastError = { code: string; message: string; retryAfterSeconds: number | null };
async function push(): Promise<{
  status?: string;
  pushId?: string;
  lastError?: LastError | null;
  nextAttemptAt?: string | null;
  code?: unknown;
  extensions?: Record<string, unknown>;
  message?: string;
  ms: number;
}> {
  const started = Date.now();
  interaction += 1;
  const { body } = await postGraphql(h.gateway.url, PUSH, {
    input: { interactionId: `INT-${tag}-${interaction}`, query: term, agentId: "a1" },
  });
  const ms = Date.now() - started;
  const error = body.errors?.[0];
  const data = body.data?.pushToAgentAssist as
    { status: string; pushId: string; lastError: LastError | null; nextAttemptAt: string | null } | undefined;
  return { ...data, code: error?.extensions?.code, extensions: error?.extensions, message: error?.message, ms };
}

/** A push that CXone keeps failing is QUEUED with the failure, then EXPIRED at its TTL, and never delivered. */
async function expectQueuedThenExpired(result: Awaited<ReturnType<typeof push>>, code: string): Promise<void> {
  expect(result).toMatchObject({ status: "QUEUED", lastError: expect.objectContaining({ code }) });
  expect(result.code).toBeUndefined();
  const expired = await waitForPushStatus(
    h.gateway.url,
    result.pushId as string,
    ["EXPIRED", "DELIVERED"],
    TTL_SECONDS * 1000 + 10_000,
  );
  expect(expired.status).toBe("EXPIRED");
}

const state = () => h.simulator.state();

describe("OAuth token handling", () => {
  it("makes exactly one token request for 100 concurrent pushes on a cold cache", async () => {
    const results = await Promise.all(Array.from({ length: 100 }, () => push()));
    expect(results.map((r) => r.status)).toEqual(Array(100).fill("DELIVERED"));
    expect(state().tokenRequests.clientCredentials).toBe(1);
    expect(state().deliveries).toHaveLength(100);
  });

  it("fetches a new token when the cached one has expired during a run", async () => {
    h.simulator.setTokenTtl(1);
    try {
      expect((await push()).status).toBe("DELIVERED");
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await push()).status).toBe("DELIVERED");
      expect(state().tokenRequests.clientCredentials).toBe(2);
    } finally {
      h.simulator.setTokenTtl(3600);
    }
  });

  it("refreshes once and succeeds after a single 401", async () => {
    expect((await push()).status).toBe("DELIVERED");
    h.simulator.injectFault("content", { status: 401 });
    expect((await push()).status).toBe("DELIVERED");
    expect(state().tokenRequests.clientCredentials).toBe(2);
    expect(state().deliveries).toHaveLength(2);
  });

  it("gives CXONE_AUTH_FAILED after exactly one refresh when every delivery answers 401", async () => {
    h.simulator.injectFault("content", { status: 401, times: "always" });
    const result = await push();
    expect(result.code).toBe("CXONE_AUTH_FAILED");
    expect(state().tokenRequests.clientCredentials).toBe(2);
    expect(state().deliveryAttempts.content).toBe(2);
  });

  it("gives CXONE_AUTH_FAILED when the token endpoint refuses the credentials", async () => {
    h.simulator.injectFault("token", { status: 401, times: "always" });
    expect((await push()).code).toBe("CXONE_AUTH_FAILED");
    expect(state().deliveryAttempts.content).toBe(0);
  });
});

describe("rate limiting and retries", () => {
  it("waits out a 429 with Retry-After: 1 and then delivers", async () => {
    h.simulator.injectFault("content", { status: 429, retryAfter: "1" });
    const result = await push();
    expect(result.status).toBe("DELIVERED");
    expect(result.ms).toBeGreaterThanOrEqual(950);
    expect(state().deliveries).toHaveLength(1);
  });

  it("reads Retry-After given as an HTTP date", async () => {
    // HTTP dates have whole-second precision: two seconds ahead is at least one second of waiting.
    h.simulator.injectFault("content", { status: 429, retryAfter: new Date(Date.now() + 2_000).toUTCString() });
    const result = await push();
    expect(result.status).toBe("DELIVERED");
    expect(result.ms).toBeGreaterThanOrEqual(900);
    expect(state().deliveryAttempts.content).toBe(2);
  });

  it("answers QUEUED with CXONE_RATE_LIMITED and retryAfterSeconds when 429 never stops, and expires the push at its TTL", async () => {
    h.simulator.injectFault("content", { status: 429, retryAfter: "1", times: "always" });
    const result = await push();
    expect(result.lastError?.retryAfterSeconds).toBe(1);
    expect(state().deliveryAttempts.content).toBeGreaterThanOrEqual(3);
    await expectQueuedThenExpired(result, "CXONE_RATE_LIMITED");
    expect(state().deliveries).toHaveLength(0);
  });

  it("queues at once when Retry-After is beyond the deadline, and tries again no earlier than CXone asked (here: never before expiry)", async () => {
    h.simulator.injectFault("content", { status: 429, retryAfter: "30", times: "always" });
    const result = await push();
    expect(result.lastError).toMatchObject({ code: "CXONE_RATE_LIMITED", retryAfterSeconds: 30 });
    expect(result.ms).toBeLessThan(DEADLINE_MS);
    await expectQueuedThenExpired(result, "CXONE_RATE_LIMITED");
    expect(state().deliveryAttempts.content).toBe(1);
  });

  it("delivers exactly once when a 503 is followed by success", async () => {
    h.simulator.injectFault("content", { status: 503 });
    expect((await push()).status).toBe("DELIVERED");
    expect(state().deliveryAttempts.content).toBe(2);
    expect(state().deliveries).toHaveLength(1);
  });

  it("does not deliver twice when CXone acted on a request but answered 503", async () => {
    h.simulator.injectFault("content", { status: 503, afterProcessing: true });
    expect((await push()).status).toBe("DELIVERED");
    expect(state().deliveryAttempts.content).toBe(2);
    expect(state().deliveries).toHaveLength(1);
  });

  it("does not deliver twice when the connection dies after CXone acted on the request", async () => {
    h.simulator.injectFault("content", { reset: true, afterProcessing: true });
    expect((await push()).status).toBe("DELIVERED");
    expect(state().deliveries).toHaveLength(1);
  });

  it("a queued push tried again by the deliverer after CXone acted on an earlier attempt keeps its Idempotency-Key: the agent sees it once", async () => {
    // Every attempt of the first call reaches CXone, which records the first and answers 503 to all three: QUEUED.
    h.simulator.injectFault("content", { status: 503, afterProcessing: true, times: 3 });
    const first = await push();
    expect(first).toMatchObject({
      status: "QUEUED",
      lastError: expect.objectContaining({ code: "CXONE_UNAVAILABLE" }),
    });
    expect(state().deliveries).toHaveLength(1);
    // The background deliverer's attempt (a later call, a new lease) is answered from CXone's idempotency record.
    const settled = await waitForPushStatus(h.gateway.url, first.pushId as string, ["DELIVERED", "EXPIRED", "FAILED"]);
    expect(settled.status).toBe("DELIVERED");
    expect(state().deliveryAttempts.content).toBeGreaterThanOrEqual(4);
    const deliveries = state().deliveries;
    expect(deliveries.map((d) => d.idempotencyKey)).toEqual([`aag-push-${first.pushId}`]);
    expect(deliveries).toHaveLength(1);
  });

  it("retries after a connection reset", async () => {
    h.simulator.injectFault("content", { reset: true });
    expect((await push()).status).toBe("DELIVERED");
    expect(state().deliveries).toHaveLength(1);
  });

  it("answers QUEUED with CXONE_TIMEOUT when CXone is too slow", async () => {
    h.simulator.injectFault("content", { delayMs: 10_000, status: 200, times: "always" });
    await expectQueuedThenExpired(await push(), "CXONE_TIMEOUT");
  });
});

describe("CXone refusals", () => {
  it("maps 403 to CXONE_FORBIDDEN without retrying", async () => {
    h.simulator.injectFault("content", { status: 403 });
    expect((await push()).code).toBe("CXONE_FORBIDDEN");
    expect(state().deliveryAttempts.content).toBe(1);
  });

  it("maps 404 to INTERACTION_NOT_FOUND", async () => {
    h.simulator.endInteraction(`INT-${tag}-${interaction + 1}`);
    expect((await push()).code).toBe("INTERACTION_NOT_FOUND");
  });

  it("maps a non-JSON 502 page to CXONE_UNAVAILABLE, logging the page and never returning it", async () => {
    const page = "<html><body><h1>502 Bad Gateway</h1><p>upstream node lb-7.internal failed</p></body></html>";
    h.simulator.injectFault("content", { status: 502, body: page, times: "always" });
    const result = await push();
    expect(JSON.stringify(result)).not.toMatch(/lb-7|<html>/);
    expect(h.logs.join("")).toMatch(/lb-7\.internal/);
    expect(state().deliveryAttempts.content).toBeGreaterThanOrEqual(3);
    await expectQueuedThenExpired(result, "CXONE_UNAVAILABLE");
  });
});

describe("timed-out attempts", () => {
  it("retries an attempt that timed out within the deadline, and delivers once", async () => {
    // Slower than the 1 s attempt timeout, then acting on the request anyway: the retry must not deliver twice.
    // 2.5 s, not just over 1 s: undici checks timeouts of a second or more on a coarse (about 0.5 s) clock, and a
    // loaded event loop adds to that, so a reply at 1.5 s could still beat the timeout (seen once under load).
    h.simulator.injectFault("content", { delayMs: 2_500, afterProcessing: true, status: 200 });
    const result = await push();
    expect(result.status).toBe("DELIVERED");
    expect(state().deliveryAttempts.content).toBe(2);
    expect(state().deliveries).toHaveLength(1);
  });

  it("says the cards may have arrived when the deadline passes without a confirmation", async () => {
    h.simulator.injectFault("content", { delayMs: 10_000, status: 200, times: "always" });
    const result = await push();
    expect(result.lastError?.message).toMatch(/may have arrived/);
    expect(state().deliveryAttempts.content).toBeGreaterThanOrEqual(2);
    await expectQueuedThenExpired(result, "CXONE_TIMEOUT");
  });
});
