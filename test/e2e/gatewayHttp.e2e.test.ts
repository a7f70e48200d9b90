import type { Driver } from "neo4j-driver";
import type { App as Gateway } from "../../src/app/startApp";
import { Writable } from "node:stream";
import pino from "pino";
import { GraphFixture } from "../support/fixtures";
import { postGraphql, startTestGateway } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";
import { TcpProxy } from "../support/tcpProxy";

let driver: Driver;
let gateway: Gateway;
const tag = uniqueTag();

beforeAll(async () => {
  driver = await openTestDriver();
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

const base = () => gateway.url.replace(/\/graphql$/, "");

describe("health endpoints", () => {
  it("answers /healthz with 200", async () => {
    const response = await fetch(`${base()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz with 200 when Neo4j is reachable", async () => {
    const response = await fetch(`${base()}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ready", checks: { neo4j: "ok" } });
  });

  it("answers unknown paths with 404 and the list of what exists, pages included when they are on", async () => {
    const response = await fetch(`${base()}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: "not found",
      routes: ["/graphql", "/healthz", "/readyz", "/metrics", "/console", "/graphiql"],
    });
  });
});

describe("POST /graphql", () => {
  it("serves suggestArticles from the graph", async () => {
    const f = new GraphFixture(tag);
    const term = f.keyword("http");
    await f
      .article({ slug: "h", priority: 4 })
      .term(term)
      .link({ term }, "RESOLVES", { article: f.url("h") })
      .save(driver);

    const { status, body } = await postGraphql(
      gateway.url,
      "query($q: String!) { suggestArticles(query: $q) { url title priority } }",
      { q: term },
    );
    expect(status).toBe(200);
    expect(body.data?.suggestArticles).toEqual([{ url: f.url("h"), title: "Article h", priority: 4 }]);
  });

  it("serves the generated read-only API with limits", async () => {
    const { body } = await postGraphql(gateway.url, "{ articles(limit: 1000) { url } }");
    expect(body.errors).toBeUndefined();
    expect((body.data?.articles as unknown[]).length).toBeLessThanOrEqual(100);
  });

  it("exposes no generated create, update or delete mutations", async () => {
    const { body } = await postGraphql(gateway.url, "{ __schema { mutationType { fields { name } } } }");
    const names = (
      (body.data?.__schema as { mutationType: { fields: { name: string }[] } | null }).mutationType?.fields ?? []
    ).map((f) => f.name);
    expect(names.filter((n) => /^(create|update|delete)/.test(n))).toEqual([]);
  });

  it("answers a coded BAD_USER_INPUT without a stack trace", async () => {
    const { status, body } = await postGraphql(gateway.url, '{ suggestArticles(query: "x", limit: 50) { url } }');
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "limit" });
  });

  it("answers a JSON body without a query with 400 saying that query is required", async () => {
    for (const body of ["{}", JSON.stringify({ variables: { q: "x" } })]) {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(answer.errors[0]?.extensions.code).toBe("BAD_REQUEST");
      expect(answer.errors[0]?.message).toMatch(/^The request body needs a "query"/);
    }
  });

  it("answers invalid JSON with 400 and an over-large body with 413", async () => {
    const bad = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(bad.status).toBe(400);
    const big = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ suggestArticles(query: "${"x".repeat(400_000)}") { url } }` }),
    });
    expect(big.status).toBe(413);
  });

  it("serves Apollo Sandbox to a browser outside production", async () => {
    const response = await fetch(gateway.url, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/sandbox/i);
  });
});

describe("when Neo4j becomes unreachable", () => {
  it("reports 503 on /readyz and KNOWLEDGE_GRAPH_UNAVAILABLE on queries", async () => {
    const proxy = new TcpProxy(Number(new URL(testConnection().uri).port));
    const proxyPort = await proxy.start();
    const connection = { ...testConnection(), uri: `bolt://127.0.0.1:${proxyPort}` };
    const lines: string[] = [];
    const logger = pino(
      { level: "info" },
      new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }),
    );
    const fragile = await startTestGateway({
      env: { NEO4J_URI: connection.uri, NEO4J_MAX_POOL_SIZE: "5", NEO4J_QUERY_TIMEOUT_MS: "2000" },
      logger,
    });
    try {
      await proxy.cut();
      const ready = await fetch(fragile.url.replace(/\/graphql$/, "/readyz"));
      expect(ready.status).toBe(503);
      const before = lines.length;
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => postGraphql(fragile.url, '{ suggestArticles(query: "anything") { url } }')),
      );
      for (const { body } of answers) {
        expect(body.errors?.[0]?.extensions).toEqual({ code: "KNOWLEDGE_GRAPH_UNAVAILABLE" });
        expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/);
      }
      // The outage is logged once, with its cause and a request id; not once per failed request.
      const problems = lines
        .slice(before)
        .map((l) => JSON.parse(l) as { level: number; msg: string; requestId?: string; err?: unknown })
        .filter((l) => l.level >= 40);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        msg: "neo4j unavailable: requests are failing",
        requestId: expect.any(String),
        err: expect.anything(),
      });
    } finally {
      await fragile.stop();
    }
  });
});

describe("bad input to the generated API is the caller's fault", () => {
  it.each([
    ["a Lucene syntax error", '{ searchTermsFulltext(phrase: "voip AND (") { edges { node { keyword } } } }'],
    [
      "an over-long phrase",
      `{ searchTermsFulltext(phrase: "${Array.from({ length: 1_100 }, (_, i) => `w${i}`).join(" OR ")}") { edges { node { keyword } } } }`,
    ],
    ["a negative offset", "{ articles(offset: -1) { url } }"],
  ])("%s answers BAD_USER_INPUT, not INTERNAL_SERVER_ERROR", async (_name, query) => {
    const { body } = await postGraphql(gateway.url, query);
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it.each([
    ["a literal", "{ articles(offset: -1) { url } }", {}],
    ["a variable", "query ($o: Int) { articles(offset: $o) { url } }", { o: -3 }],
  ])("a negative offset in %s is refused naming offset, before Neo4j", async (_name, query, variables) => {
    const { status, body } = await postGraphql(gateway.url, query, variables);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "offset" });
    expect(body.errors?.[0]?.message).toMatch(/^offset must be zero or a positive integer \(it was -\d\)\.$/);
  });

  it("a negative limit of a generated list names limit", async () => {
    const { body } = await postGraphql(gateway.url, "{ articles(limit: -2) { url } }");
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "limit" });
  });
});
