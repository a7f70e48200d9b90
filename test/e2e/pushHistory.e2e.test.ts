import { createClient, type Client } from "graphql-ws";
import { SignJWT } from "jose";
import type { Driver } from "neo4j-driver";
import WebSocket from "ws";
import { freePort } from "../../src/dev/neo4j/freePort";
import { GraphFixture } from "../support/fixtures";
import { postGraphql, testEnvironment } from "../support/gatewayHarness";
import { GatewayProcess } from "../support/gatewayProcess";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, simulatorEnvironment, startPushHarness, type PushHarness } from "../support/pushHarness";

const SECRET = "a-test-signing-secret-of-at-least-32-chars";
const AUTH = {
  AUTH_MODE: "jwt",
  AUTH_JWT_SECRET: SECRET,
  AUTH_ISSUER: "https://idp.test",
  AUTH_AUDIENCE: "agent-assist-gateway",
};

let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("history");
const empty = f.keyword("nothing");

function token(roles: string[], subject = "supervisor-1"): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setIssuer(AUTH.AUTH_ISSUER)
    .setAudience(AUTH.AUTH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(SECRET));
}

let supervisor: Record<string, string>;
async function gql(query: string, variables: Record<string, unknown> = {}, headers = supervisor, url = h.gateway.url) {
  return postGraphql(url, query, variables, headers);
}

type Push = { status: string; pushId: string | null; cards: { url: string }[] };
async function push(input: Record<string, unknown>, url = h.gateway.url): Promise<Push> {
  const { body } = await gql(PUSH, { input: { query: term, agentId: "agent-7", ...input } }, supervisor, url);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  const answer = body.data?.pushToAgentAssist as Push;
  return { ...answer, cards: answer.cards.map((c) => ({ url: c.url })) };
}

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 9 })
    .article({ slug: "b", priority: 5 })
    .term(term)
    .term(empty)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .link({ term }, "RELATED_TO", { article: f.url("b") })
    .save(driver);
  h = await startPushHarness({ env: AUTH });
  supervisor = { authorization: `Bearer ${await token(["kb:read", "assist:push", "assist:read"])}` };
});

afterAll(async () => {
  await h.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

describe("push history", () => {
  it("records who pushed what into which interaction, and the interaction shows what it was shown", async () => {
    const interactionId = `${tag}-H1`;
    const pushed = await push({ interactionId, limit: 2 });
    expect(pushed.status).toBe("DELIVERED");
    const { body } = await gql(
      `query ($id: ID!, $interaction: ID!) {
        push(id: $id) { id interactionId agentId query requestedBy status attempts createdAt deliveredAt expiresAt contentId lastError { code } cards { url } }
        interaction(id: $interaction) { id pushes { id status } shownArticles { url title priority pushId shownAt } }
      }`,
      { id: pushed.pushId, interaction: interactionId },
    );
    expect(body.errors).toBeUndefined();
    const record = body.data?.push as Record<string, unknown>;
    expect(record).toMatchObject({
      id: pushed.pushId,
      interactionId,
      agentId: "agent-7",
      query: term,
      requestedBy: "supervisor-1",
      status: "DELIVERED",
      attempts: 1,
      lastError: null,
      cards: [{ url: f.url("a") }, { url: f.url("b") }],
    });
    expect(Date.parse(record.deliveredAt as string)).toBeGreaterThanOrEqual(Date.parse(record.createdAt as string));
    expect(Date.parse(record.expiresAt as string) - Date.parse(record.createdAt as string)).toBe(120_000);
    expect(record.contentId).toEqual(
      h.simulator.state().deliveries.find((d) => d.interactionId === interactionId)?.contentId,
    );
    const interaction = body.data?.interaction as {
      pushes: unknown[];
      shownArticles: { url: string; pushId: string }[];
    };
    expect(interaction.pushes).toEqual([{ id: pushed.pushId, status: "DELIVERED" }]);
    expect(interaction.shownArticles.map((a) => [a.url, a.pushId])).toEqual([
      [f.url("a"), pushed.pushId],
      [f.url("b"), pushed.pushId],
    ]);
  });

  it("answers null for an unknown push or interaction", async () => {
    const { body } = await gql(`{ push(id: "nope") { id } interaction(id: "${tag}-none") { id } }`);
    expect(body).toEqual({ data: { push: null, interaction: null } });
  });

  it("never pushes an article twice into one interaction unless includeShown; a deliberate repeat is delivered, not swallowed", async () => {
    const interactionId = `${tag}-R1`;
    expect((await push({ interactionId, limit: 1 })).cards).toEqual([{ url: f.url("a") }]);
    expect((await push({ interactionId, limit: 1 })).cards).toEqual([{ url: f.url("b") }]);
    const attempts = h.simulator.state().deliveryAttempts.content;
    const repeat = await push({ interactionId, limit: 1 });
    expect(repeat).toMatchObject({ status: "ALREADY_SHOWN", cards: [] });
    expect(h.simulator.state().deliveryAttempts.content).toBe(attempts); // CXone was not called
    const again = await push({ interactionId, limit: 1, includeShown: true });
    expect(again).toMatchObject({ status: "DELIVERED", cards: [{ url: f.url("a") }] });
    const delivered = h.simulator.state().deliveries.filter((d) => d.interactionId === interactionId);
    expect(delivered).toHaveLength(3);
    expect(new Set(delivered.map((d) => d.idempotencyKey)).size).toBe(3);
  });

  it("pages history newest first, with filters and cursors; bad paging input is BAD_USER_INPUT", async () => {
    const agentId = `${tag}-pager`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await push({ interactionId: `${tag}-P${i % 2}`, agentId, query: empty })).pushId as string);
    const PAGE = `query ($where: PushFilter, $first: Int, $after: String) {
      pushes(where: $where, first: $first, after: $after) { edges { cursor node { id status agentId } } pageInfo { hasNextPage endCursor } }
    }`;
    type Page = {
      edges: { cursor: string; node: { id: string; status: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const { body } = await gql(PAGE, { where: { agentId }, first: 2, after });
      const connection = body.data?.pushes as Page;
      seen.push(...connection.edges.map((e) => e.node.id));
      expect(connection.pageInfo.hasNextPage).toBe(page < 2);
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    const filtered = await gql(PAGE, { where: { agentId, interactionId: `${tag}-P1`, status: "NO_RESULTS" } });
    expect((filtered.body.data?.pushes as Page).edges.map((e) => e.node.id)).toEqual([ids[3], ids[1]]);
    const none = await gql(PAGE, { where: { agentId, since: new Date(Date.now() + 60_000).toISOString() } });
    expect((none.body.data?.pushes as Page).edges).toEqual([]);
    for (const [variables, field] of [
      [{ first: 101 }, "first"],
      [{ first: 0 }, "first"],
      [{ after: "not-a-cursor" }, "after"],
      [{ where: { since: "yesterday" } }, "where.since"],
    ] as const) {
      const { body } = await gql(PAGE, variables);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
  });

  it("history needs assist:read; kb:read alone does not see pushes, and assist:read alone does not search", async () => {
    const reader = { authorization: `Bearer ${await token(["kb:read"])}` };
    const watcher = { authorization: `Bearer ${await token(["assist:read"])}` };
    const HISTORY = "{ pushes(first: 1) { edges { cursor } } }";
    const SEARCH = `{ suggestArticles(query: "${term}") { url } }`;
    expect((await gql(HISTORY, {}, reader)).body.errors?.[0]?.extensions).toMatchObject({
      code: "FORBIDDEN",
      requiredRole: "assist:read",
    });
    expect((await gql('{ push(id: "x") { id } }', {}, reader)).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(HISTORY, {}, watcher)).body.errors).toBeUndefined();
    expect((await gql(SEARCH, {}, watcher)).body.errors?.[0]?.extensions).toMatchObject({
      code: "FORBIDDEN",
      requiredRole: "kb:read",
    });
    expect(
      (await gql(`{ pushes(first: 1) { edges { cursor } } suggestArticles(query: "${term}") { url } }`, {}, reader))
        .body.errors?.[0]?.extensions?.code,
    ).toBe("FORBIDDEN");
  });

  it("counts pushes by status on /metrics and reports the queue", async () => {
    const metrics = await h.gateway.metrics.registry.metrics();
    expect(metrics).toMatch(/^aag_pushes_total\{status="DELIVERED"\} [1-9]/m);
    expect(metrics).toMatch(/^aag_pushes_total\{status="ALREADY_SHOWN"\} [1-9]/m);
    expect(metrics).toMatch(/^aag_pushes_total\{status="NO_RESULTS"\} [1-9]/m);
    expect(metrics).toMatch(/^aag_push_queue_length \d+$/m);
    expect(metrics).toMatch(/^aag_push_queue_oldest_age_seconds [\d.]+$/m);
  });
});

describe("the live feed (pushEvents over graphql-ws)", () => {
  jest.setTimeout(180_000);

  const wsUrl = () => h.gateway.url.replace(/^http/, "ws");
  function client(authorization?: string): Client {
    return createClient({
      url: wsUrl(),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined, // the tests read the close codes themselves

      connectionParams: authorization ? { authorization } : {},
    });
  }

  /** The close code the server ends a refused connection with. */
  function closeCodeOf(c: Client): Promise<number> {
    return new Promise((resolve) => c.on("closed", (event) => resolve((event as { code: number }).code)));
  }

  it("refuses a connection without a token or without assist:read (4403)", async () => {
    for (const authorization of [undefined, `Bearer ${await token(["kb:read"])}`]) {
      const c = client(authorization);
      expect(await closeCodeOf(c)).toBe(4403);
      await c.dispose();
    }
  });

  it("refuses a subscription whose filter no push can match, as a query would (BAD_USER_INPUT with the field)", async () => {
    const c = client(`Bearer ${await token(["assist:read"])}`);
    try {
      for (const [variables, field] of [
        [{ i: "bad id!" }, "interactionId"],
        [{ a: "   " }, "agentId"],
      ] as const) {
        // An execution error of a subscription arrives as graphql-ws sends it: one result with errors, then complete.
        const errors = await new Promise<unknown>((resolve) =>
          c.subscribe(
            { query: "subscription ($i: ID, $a: ID) { pushEvents(interactionId: $i, agentId: $a) { id } }", variables },
            {
              next: (result) => resolve(result.errors ?? "a result without errors"),
              error: resolve,
              complete: () => resolve("completed without an error"),
            },
          ),
        );
        expect(errors).toEqual([
          expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field }) }),
        ]);
      }
    } finally {
      await c.dispose();
    }
  });

  it("closes a connection with 4401 when its token expires (exp plus the clock tolerance), not before", async () => {
    const tolerance = Number(testEnvironment(AUTH).AUTH_CLOCK_TOLERANCE_S ?? 30);
    const exp = Math.floor(Date.now() / 1000) + 2 - tolerance; // valid for 2 s more with the tolerance
    const shortLived = await new SignJWT({ roles: ["assist:read"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("supervisor-1")
      .setIssuer(AUTH.AUTH_ISSUER)
      .setAudience(AUTH.AUTH_AUDIENCE)
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(SECRET));
    const c = client(`Bearer ${shortLived}`);
    try {
      const connected = new Promise<void>((resolve) => c.on("connected", () => resolve()));
      const events: unknown[] = [];
      c.subscribe(
        { query: `subscription { pushEvents(agentId: "agent-7") { id status } }` },
        { next: (e) => void events.push(e), error: () => undefined, complete: () => undefined },
      );
      await connected;
      // The close, or "still open" 5 s past the expiry: a clear failure instead of a test timeout.
      const deadline = new Promise<{ code: string; at: number }>((resolve) =>
        setTimeout(
          () => resolve({ code: "still open", at: Date.now() }),
          (exp + tolerance) * 1000 + 5_000 - Date.now(),
        ),
      );
      const { code, at } = await Promise.race([closeCodeOf(c).then((code) => ({ code, at: Date.now() })), deadline]);
      expect(code).toBe(4401);
      expect(at).toBeGreaterThanOrEqual((exp + tolerance) * 1000 - 50);
      expect(at - (exp + tolerance) * 1000).toBeLessThan(5_000);
    } finally {
      await c.dispose();
    }
  });

  it("streams every status change of pushes made through another gateway process on the same Neo4j", async () => {
    const port = await freePort();
    const other = GatewayProcess.start({
      ...testEnvironment({ ...AUTH, ...simulatorEnvironment(h.simulator), PORT: String(port), LOG_LEVEL: "warn" }),
    });
    await other.waitFor(/Health:/, 120_000);
    const c = client(`Bearer ${await token(["assist:read"])}`);
    try {
      const interactionId = `${tag}-LIVE`;
      const events: { status: string; id: string; at: number }[] = [];
      let resolveDelivered: () => void = () => undefined;
      const delivered = new Promise<void>((resolve) => (resolveDelivered = resolve));
      const subscribed = new Promise<void>((resolve, reject) => {
        c.subscribe<{ pushEvents: { id: string; status: string; interactionId: string } }>(
          {
            query: `subscription ($i: ID) { pushEvents(interactionId: $i) { id status interactionId } }`,
            variables: { i: interactionId },
          },
          {
            next: ({ data }) => {
              if (!data) return;
              events.push({ ...data.pushEvents, at: Date.now() });
              if (data.pushEvents.status === "DELIVERED") resolveDelivered();
            },
            error: reject,
            complete: () => undefined,
          },
        );
        c.on("connected", () => resolve());
      });
      await subscribed;
      // Another interaction's push is not this subscriber's business.
      await push({ interactionId: `${tag}-OTHER` }, `http://127.0.0.1:${port}/graphql`);
      const pushed = await push({ interactionId }, `http://127.0.0.1:${port}/graphql`);
      const answeredAt = Date.now();
      await delivered;
      expect(events.every((e) => e.id === pushed.pushId)).toBe(true);
      expect(events.map((e) => e.status)).toEqual(["PENDING", "DELIVERED"]);
      // Polled every 250 ms: well within a second on an idle machine (about 0.3 s here). The bound only catches a
      // feed that stopped polling; latency is a design property, not a timed test on a loaded machine.
      expect((events.at(-1)?.at ?? Infinity) - answeredAt).toBeLessThan(10_000);
    } finally {
      await c.dispose();
      expect(await other.stop("SIGTERM")).toBe(0);
    }
  });
});
