import type { Driver } from "neo4j-driver";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, type PushHarness } from "../support/pushHarness";

/**
 * The gateway on the routing scheme (`neo4j://`, as on a cluster or Aura with `neo4j+s://`), against the local
 * engine: reads go out on read sessions the driver routes, writes on write sessions, and what the gateway just wrote
 * is in what it reads next (one bookmark manager for the process: read-your-own-writes, also on a secondary).
 */
let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("routed");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 7 })
    .article({ slug: "b", priority: 3 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .link({ term }, "RELATED_TO", { article: f.url("b") })
    .save(driver);
  const bolt = new URL(testConnection().uri);
  h = await startPushHarness({ env: { NEO4J_URI: `neo4j://${bolt.host}` } });
});

afterAll(async () => {
  await h?.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

it("runs on a routing URI: the driver routes, and a push, its history, the interaction and feedback read back at once", async () => {
  // The driver made for the gateway is a routing driver (it asks the server for a routing table before each role).
  expect((h.gateway.driver as unknown as { _meta: { typename: string } })._meta.typename).toBe("Routing");
  const interactionId = `${tag}-routed`;
  const { body } = await postGraphql(h.gateway.url, PUSH, { input: { interactionId, query: term, agentId: "a1" } });
  const pushed = body.data?.pushToAgentAssist as { status: string; pushId: string; cards: { url: string }[] };
  expect(pushed.status).toBe("DELIVERED");
  const history = await postGraphql(
    h.gateway.url,
    `query ($id: ID!, $i: ID!) {
      push(id: $id) { id status }
      interaction(id: $i) { shownArticles { url } }
    }`,
    { id: pushed.pushId, i: interactionId },
  );
  expect(history.body.data).toEqual({
    push: { id: pushed.pushId, status: "DELIVERED" },
    interaction: { shownArticles: [{ url: f.url("a") }, { url: f.url("b") }] },
  });
  const feedback = await postGraphql(
    h.gateway.url,
    `mutation ($in: CardFeedbackInput!) { recordCardFeedback(input: $in) { helpful } }`,
    { in: { pushId: pushed.pushId, url: f.url("a"), agentId: "a1", helpful: true } },
  );
  expect(feedback.body.data).toEqual({ recordCardFeedback: { helpful: true } });
  const after = await postGraphql(
    h.gateway.url,
    `query ($u: String!) { articles(where: { url: { eq: $u } }) { feedback { helpful } } }`,
    { u: f.url("a") },
  );
  expect(after.body.data).toEqual({ articles: [{ feedback: { helpful: 1 } }] });
  const suggested = await postGraphql(h.gateway.url, `query ($q: String!) { suggestArticles(query: $q) { url } }`, {
    q: term,
  });
  expect(suggested.body.data).toEqual({ suggestArticles: [{ url: f.url("a") }, { url: f.url("b") }] });
});
