import type { Driver } from "neo4j-driver";
import { GraphFixture } from "../support/fixtures";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";
import { startPushHarness, type PushHarness } from "../support/pushHarness";

let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();

beforeAll(async () => {
  driver = await openTestDriver();
  const f = new GraphFixture(tag);
  const term = f.keyword("fuzz");
  await f
    .article({ slug: "a", priority: 1 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .save(driver);
  h = await startPushHarness();
});

afterAll(async () => {
  await h.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

/** A fingerprint of the whole graph: counts plus a hash of every node's properties. */
async function graphFingerprint(): Promise<string> {
  const { records } = await driver.executeQuery(
    // The knowledge graph only: a push with an odd query is recorded in the ledger (Interaction, Push), as it should be.
    `MATCH (n) WHERE n:Article OR n:Query WITH count(n) AS nodes, collect(apoc.util.md5([labels(n), properties(n)])) AS hashes
     OPTIONAL MATCH (a)-[r]->(b) WHERE (a:Article OR a:Query) AND (b:Article OR b:Query)
     RETURN nodes, count(r) AS rels, apoc.util.md5(apoc.coll.sort(hashes)) AS hash`,
    {},
    { database: testConnection().database },
  );
  return JSON.stringify(records[0]?.toObject());
}

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const cypherish = `"}) MATCH (n) DETACH DELETE n WITH 1 AS x CALL apoc.periodic.iterate("MATCH (n) RETURN n","DETACH DELETE n",{}) //`;

/** Marks inputs that are valid requests carrying hostile-looking text: answering them normally is right. */
const TEXT = true;

const HOSTILE: ([string, RequestInit] | [string, typeof TEXT, RequestInit])[] = [
  [
    "invalid JSON",
    { method: "POST", headers: { "content-type": "application/json" }, body: '{"query": "{ __typename }' },
  ],
  ["JSON that is not an object", json([1, 2, 3])],
  ["a null query", json({ query: null })],
  ["a query that is a number", json({ query: 42 })],
  ["an empty body", { method: "POST", headers: { "content-type": "application/json" }, body: "" }],
  ["XML", { method: "POST", headers: { "content-type": "application/xml" }, body: "<query>{ __typename }</query>" }],
  [
    "form encoding",
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "query=%7B__typename%7D",
    },
  ],
  ["no content type", { method: "POST", body: '{"query":"{ __typename }"}' }],
  ["PUT", { method: "PUT", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' }],
  [
    "a huge string argument",
    json({ query: "query($q: String!) { suggestArticles(query: $q) { url } }", variables: { q: "x".repeat(200_000) } }),
  ],
  [
    "a deeply nested query",
    json({ query: `{ ${"searchTerms { similarTerms { ".repeat(40)}keyword${" } }".repeat(40)} }` }),
  ],
  ["unbalanced braces", json({ query: '{ suggestArticles(query: "x") { url ' })],
  ["an unknown field", json({ query: "{ dropDatabase }" })],
  ["an unknown argument", json({ query: '{ suggestArticles(query: "x", cypher: "MATCH (n) DELETE n") { url } }' })],
  [
    "a wrong variable type",
    json({ query: 'query($l: Int) { suggestArticles(query: "x", limit: $l) { url } }', variables: { l: "five" } }),
  ],
  ["variables that are a string", json({ query: "{ __typename }", variables: "nope" })],
  [
    "Cypher in a query argument",
    TEXT,
    json({ query: "query($q: String!) { suggestArticles(query: $q) { url } }", variables: { q: cypherish } }),
  ],
  [
    "Cypher in a push",
    TEXT,
    json({
      query: "mutation($i: PushToAgentAssistInput!) { pushToAgentAssist(input: $i) { status } }",
      variables: { i: { interactionId: "INT-1", query: cypherish.slice(0, 200), agentId: "a" } },
    }),
  ],
  [
    "Cypher in an interaction id",
    json({
      query:
        'mutation { pushToAgentAssist(input: {interactionId: "1}) DETACH DELETE", query: "x", agentId: "a"}) { status } }',
    }),
  ],
  [
    "Cypher in a generated filter",
    TEXT,
    json({ query: '{ articles(where: { title: { eq: "x\\"}) MATCH (n) DETACH DELETE n //" } }) { url } }' }),
  ],
  [
    "a null byte",
    TEXT,
    json({ query: "query($q: String!) { suggestArticles(query: $q) { url } }", variables: { q: "a\u0000b" } }),
  ],
  [
    "lone surrogates",
    TEXT,
    json({
      query: "query($q: String!) { suggestArticles(query: $q) { url } }",
      variables: { q: "\ud800\udfff\ud800" },
    }),
  ],
  ["a batch of operations", json([{ query: "{ __typename }" }, { query: "{ __typename }" }])],
  ["a subscription", json({ query: "subscription { articleCreated { url } }" })],
  [
    "an over-large batch mutation",
    json({
      query: `mutation { pushToAgentAssistBatch(inputs: [${'{interactionId: "I", query: "q", agentId: "a"},'.repeat(60)}]) { index } }`,
    }),
  ],
];

describe("hostile and malformed requests", () => {
  it("each get a 4xx or a coded GraphQL error, the process stays up and the graph is unchanged", async () => {
    const before = await graphFingerprint();
    const wrong: string[] = [];
    for (const entry of HOSTILE) {
      const [name, init, isText] = entry.length === 3 ? [entry[0], entry[2], true] : [entry[0], entry[1], false];
      const response = await fetch(h.gateway.url, init);
      const text = await response.text();
      if (response.status >= 500) wrong.push(`${name}: HTTP ${response.status} ${text.slice(0, 200)}`);
      if (response.status === 200) {
        // A 200 answer must carry coded errors (none of these requests is a valid, successful operation).
        const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
        const codes = (body.errors ?? []).map((e) => e.extensions?.code);
        if (codes.some((c) => typeof c !== "string") || (codes.length === 0 && !isText))
          wrong.push(`${name}: 200 without coded errors: ${text.slice(0, 200)}`);
      }
      if (/at .*\.(ts|js):\d+/.test(text)) wrong.push(`${name}: stack trace in the answer`);
    }
    expect(wrong).toEqual([]);
    expect((await fetch(h.gateway.url.replace(/graphql$/, "healthz"))).status).toBe(200);
    expect(await graphFingerprint()).toBe(before);
  });
});
