import type { Driver } from "neo4j-driver";
import { GraphFixture } from "../support/fixtures";
import { postGraphql, startTestGateway } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, type PushHarness } from "../support/pushHarness";

let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("voip", "gateway");
const longSummary = "Step ".repeat(200);

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "creds", priority: 9, updatedAt: "2026-05-06T07:08:09Z" })
    .article({ slug: "undated", priority: 5 })
    .article({ slug: "draft", priority: 10, status: "draft" })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("creds") })
    .link({ term }, "RELATED_TO", { article: f.url("undated") })
    .link({ term }, "RESOLVES", { article: f.url("draft") })
    .save(driver);
  await driver.executeQuery("MATCH (a:Article {url: $url}) SET a.summary = $summary, a.title = $title", {
    url: f.url("undated"),
    summary: longSummary,
    title: "T".repeat(300),
  });
  h = await startPushHarness();
});

afterAll(async () => {
  await h.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

beforeEach(() => h.simulator.reset());

const input = (overrides: Record<string, unknown> = {}) => ({
  interactionId: "INT-987654321",
  query: term,
  agentId: "agent-7",
  ...overrides,
});

async function push(overrides: Record<string, unknown> = {}) {
  const { body } = await postGraphql(h.gateway.url, PUSH, { input: input(overrides) });
  return { data: body.data?.pushToAgentAssist as Record<string, unknown> | undefined, error: body.errors?.[0] };
}

describe("pushToAgentAssist delivers cards", () => {
  it("sends the card shape, field by field, and returns the cards exactly as sent", async () => {
    const { data, error } = await push();
    expect(error).toBeUndefined();
    const [delivery] = h.simulator.state().deliveries;
    expect(delivery?.interactionId).toBe("INT-987654321");
    expect(delivery?.cards).toEqual([
      {
        title: "Article creds",
        url: f.url("creds"),
        description: "Summary of creds",
        type: "article",
        displayType: "card",
        metadata: { source: "neo4j_knowledge_graph", priority: 9, lastUpdated: "2026-05-06T07:08:09Z" },
      },
      {
        title: `${"T".repeat(199)}…`,
        url: f.url("undated"),
        description: `${longSummary.slice(0, 499).trimEnd()}…`,
        type: "article",
        displayType: "card",
        metadata: { source: "neo4j_knowledge_graph", priority: 5 },
      },
    ]);
    expect(data).toMatchObject({ status: "DELIVERED", interactionId: "INT-987654321", contentId: delivery?.contentId });
    expect(data?.deliveredAt).toBe(delivery?.receivedAt);
    const returned = (data?.cards as Record<string, unknown>[]).map((c) => ({
      ...c,
      metadata: Object.fromEntries(Object.entries(c.metadata as object).filter(([, v]) => v !== null)),
    }));
    expect(returned).toEqual(delivery?.cards);
  });

  it("answers NO_RESULTS without calling CXone when nothing matches", async () => {
    const { data } = await push({ query: `${tag}nothing-here` });
    expect(data).toMatchObject({ status: "NO_RESULTS", cards: [], contentId: null, deliveredAt: null });
    expect(h.simulator.state()).toMatchObject({
      tokenRequests: { clientCredentials: 0 },
      deliveryAttempts: { content: 0 },
    });
  });

  it("answers DRY_RUN with the cards it would send, without calling CXone", async () => {
    const { data } = await push({ dryRun: true, limit: 1 });
    expect(data).toMatchObject({ status: "DRY_RUN", contentId: null, cards: [{ url: f.url("creds") }] });
    expect(h.simulator.state()).toMatchObject({
      tokenRequests: { clientCredentials: 0 },
      deliveryAttempts: { content: 0 },
    });
  });
});

describe("pushToAgentAssist input validation", () => {
  it.each([
    [{ interactionId: "has space" }, "interactionId"],
    [{ interactionId: "x".repeat(65) }, "interactionId"],
    [{ agentId: "" }, "agentId"],
    [{ agentId: "a".repeat(65) }, "agentId"],
    [{ query: "" }, "query"],
    [{ query: "q".repeat(257) }, "query"],
    [{ limit: 0 }, "limit"],
    [{ limit: 21 }, "limit"],
  ])("refuses %p with BAD_USER_INPUT naming %s, calling nothing", async (overrides, field) => {
    const { error } = await push(overrides);
    expect(error?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(h.simulator.state().tokenRequests.clientCredentials).toBe(0);
  });
});

describe("without CXone configuration", () => {
  it("refuses pushes with CXONE_NOT_CONFIGURED while queries and dry runs keep working", async () => {
    const queryOnly = await startTestGateway();
    try {
      const pushed = await postGraphql(queryOnly.url, PUSH, { input: input() });
      expect(pushed.body.errors?.[0]?.extensions?.code).toBe("CXONE_NOT_CONFIGURED");
      const dry = await postGraphql(queryOnly.url, PUSH, { input: input({ dryRun: true }) });
      expect((dry.body.data?.pushToAgentAssist as { status: string }).status).toBe("DRY_RUN");
      const query = await postGraphql(queryOnly.url, "query($q: String!) { suggestArticles(query: $q) { url } }", {
        q: term,
      });
      expect(query.body.data?.suggestArticles).toHaveLength(2);
    } finally {
      await queryOnly.stop();
    }
  });
});
