import { SignJWT } from "jose";
import type { Driver } from "neo4j-driver";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, type PushHarness } from "../support/pushHarness";

/**
 * Fair shares between callers (JWT subjects). The stated bound: however hard another caller floods, a polite
 * caller's push is delivered on its first call: it never waits past its deadline for a rate slot (a push that would
 * is QUEUED with CXONE_RATE_LIMITED), and a flooder cannot fill the backlog for everyone. Refusals are OVERLOADED
 * with Retry-After. The deadline (4 s, of which a rate slot may take half) leaves room for a loaded machine; without
 * shares the flood's 80 connections would keep the rate's queue about 4 s long.
 */
const SECRET = "fairness-test-secret-at-least-32-bytes!!";
let driver: Driver;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("fair");
let interaction = 0;

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

function token(subject: string): Promise<string> {
  return new SignJWT({ roles: ["assist:push", "assist:read"] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(SECRET));
}

type Answer = {
  httpStatus: number;
  retryAfter: string | null;
  status?: string;
  code?: unknown;
  retryAfterSeconds?: unknown;
  /** Why a QUEUED push was queued. */
  lastError?: string;
};

async function push(h: PushHarness, bearer: string): Promise<Answer> {
  interaction += 1;
  const { status, headers, body } = await postGraphql(
    h.gateway.url,
    PUSH,
    { input: { interactionId: `${tag}-${interaction}`, query: term, agentId: "a1" } },
    { authorization: `Bearer ${bearer}` },
  );
  const error = body.errors?.[0];
  const pushed = body.data?.pushToAgentAssist as { status?: string; lastError?: { code?: string } } | null | undefined;
  return {
    httpStatus: status,
    retryAfter: headers.get("retry-after"),
    status: pushed?.status,
    lastError: pushed?.lastError?.code,
    code: error?.extensions?.code,
    retryAfterSeconds: error?.extensions?.retryAfterSeconds,
  };
}

async function harness(env: Record<string, string>, pushDeadlineMs = 1_000): Promise<PushHarness> {
  return startPushHarness({
    env: { AUTH_MODE: "jwt", AUTH_JWT_SECRET: SECRET, ...env },
    tuning: {
      pushDeadlineMs,
      quota: { pushesPerSecond: 20, burst: 4 },
      breaker: { errorPercent: 100, minPushes: 10_000, resetMs: 1_000 },
    },
  });
}

it("a flood from one caller never delays another caller's pushes past their deadline: the flooder's excess is refused with OVERLOADED and Retry-After", async () => {
  const h = await harness({ PUSH_CALLER_SHARE: "0.5" }, 4_000);
  try {
    const [flooder, polite] = [await token("flooder"), await token("polite")];
    let politeDone = false;
    const flood: Answer[] = [];
    // Eighty connections pushing back to back: far more than the 20 a second CXone may take.
    const workers = Array.from({ length: 80 }, async () => {
      while (!politeDone) flood.push(await push(h, flooder));
    });
    const politeAnswers: Answer[] = [];
    for (let i = 0; i < 10; i++) {
      politeAnswers.push(await push(h, polite));
      await new Promise((resolve) => setTimeout(resolve, 200)); // an agent's supervisor, not a script
    }
    politeDone = true;
    await Promise.all(workers);

    // Never refused, never queued for lack of rate (on a loaded machine a push may still outlive its deadline
    // elsewhere, and is then queued for another reason and delivered by the deliverer).
    expect(politeAnswers.map((a) => a.code ?? a.lastError ?? "ok")).not.toContain("CXONE_RATE_LIMITED");
    expect(politeAnswers.map((a) => a.code)).toEqual(Array(10).fill(undefined));
    expect(politeAnswers.filter((a) => a.status === "DELIVERED").length).toBeGreaterThan(0);
    const refused = flood.filter((a) => a.code === "OVERLOADED");
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) {
      expect(a.httpStatus).toBe(503);
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(a.retryAfterSeconds).toBe(Number(a.retryAfter));
    }
    expect(flood.filter((a) => a.status === "DELIVERED").length).toBeGreaterThan(0);
    // The flood never backs the rate up past what a push may wait: nothing is queued for lack of rate (without
    // shares, the flooder's excess piles up as QUEUED pushes whose retries then compete with everyone's).
    expect(flood.filter((a) => a.lastError === "CXONE_RATE_LIMITED")).toEqual([]);
    // Nothing accepted was dropped: every push the flooder was not refused is in the simulator or queued.
    const delivered = (answers: Answer[]) => answers.filter((a) => a.status === "DELIVERED").length;
    const accepted = delivered(flood) + delivered(politeAnswers);
    expect(h.simulator.state().deliveries.length).toBeGreaterThanOrEqual(accepted);
  } finally {
    await h.stop();
  }
});

it("the backlog is bounded per caller and in all while CXone is down: past the bounds, OVERLOADED with Retry-After; within them, QUEUED", async () => {
  const h = await harness({ PUSH_QUEUED_PER_CALLER: "10", PUSH_QUEUED_MAX: "15", PUSH_TTL_SECONDS: "30" });
  try {
    h.simulator.injectFault("content", { status: 503, times: "always" });
    const [flooder, polite, third] = [await token("flooder"), await token("polite"), await token("third")];
    const flood: Answer[] = [];
    for (let i = 0; i < 14; i++) flood.push(await push(h, flooder));
    expect(flood.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill("QUEUED"));
    expect(flood.slice(10).map((a) => a.code)).toEqual(Array(4).fill("OVERLOADED"));
    expect(flood[10]?.httpStatus).toBe(503);
    expect(Number(flood[10]?.retryAfter)).toBeGreaterThanOrEqual(1);
    // The polite caller's pushes are still accepted (queued), up to the total bound of 15.
    const politeAnswers: Answer[] = [];
    for (let i = 0; i < 5; i++) politeAnswers.push(await push(h, polite));
    expect(politeAnswers.map((a) => a.status)).toEqual(Array(5).fill("QUEUED"));
    expect((await push(h, third)).code).toBe("OVERLOADED");
  } finally {
    h.simulator.faults.clear();
    await h.stop();
  }
});
