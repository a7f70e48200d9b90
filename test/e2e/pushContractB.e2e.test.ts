import type { Driver } from "neo4j-driver";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, type PushHarness } from "../support/pushHarness";

let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("sip");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "one", priority: 7, updatedAt: "2026-02-03T04:05:06Z" })
    .article({ slug: "two", priority: 6 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("one") })
    .link({ term }, "RESOLVES", { article: f.url("two") })
    .save(driver);
  h = await startPushHarness({ mode: "access-key" });
});

afterAll(async () => {
  await h.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

describe("contract B: access key, discovery and Studio signal", () => {
  it("discovers the token endpoint, uses the password grant, finds the tenant's API host and signals the contact", async () => {
    const { body } = await postGraphql(h.gateway.url, PUSH, {
      input: { interactionId: "4815162342", query: term, agentId: "agent-9" },
    });
    expect(body.errors).toBeUndefined();
    const push = body.data?.pushToAgentAssist as { status: string; cards: { url: string }[] };
    expect(push.status).toBe("DELIVERED");

    const state = h.simulator.state();
    expect(state.tokenRequests).toEqual({ clientCredentials: 0, password: 1 });
    expect(state.discoveryRequests).toBe(2); // openid-configuration, then cxone-configuration for the tenant
    expect(state.deliveries).toHaveLength(1);
    const [delivery] = state.deliveries;
    expect(delivery).toMatchObject({ route: "signal", interactionId: "4815162342" });
    expect(delivery?.cards.map((c) => c.url)).toEqual([f.url("one"), f.url("two")]);
    expect(delivery?.cards[0]).toEqual({
      title: "Article one",
      url: f.url("one"),
      description: "Summary of one",
      type: "article",
      displayType: "card",
      metadata: { source: "neo4j_knowledge_graph", priority: 7, lastUpdated: "2026-02-03T04:05:06Z" },
    });
    expect(push.cards.map((c) => c.url)).toEqual([f.url("one"), f.url("two")]);
  });

  it("caches the discovery answers and the token across pushes", async () => {
    const before = h.simulator.state();
    await postGraphql(h.gateway.url, PUSH, { input: { interactionId: "4815162343", query: term, agentId: "agent-9" } });
    const after = h.simulator.state();
    expect(after.discoveryRequests).toBe(before.discoveryRequests);
    expect(after.tokenRequests.password).toBe(before.tokenRequests.password);
    expect(after.deliveries).toHaveLength(before.deliveries.length + 1);
  });

  it("requires a numeric contact id", async () => {
    const { body } = await postGraphql(h.gateway.url, PUSH, {
      input: { interactionId: "INT-1", query: term, agentId: "a" },
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "interactionId" });
  });
});
