import type { Driver } from "neo4j-driver";
import { serverAudits } from "graphql-http";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, type PushHarness } from "../support/pushHarness";

let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("obs");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 1 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .save(driver);
  h = await startPushHarness({ env: { LOG_REQUEST_SAMPLE: "1" } });
});

afterAll(async () => {
  await h.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

const parsedLogs = () => h.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe("request logs", () => {
  it("log one structured line per request with request id, operation, duration and outcome", async () => {
    await postGraphql(
      h.gateway.url,
      "query FindHelp($q: String!) { suggestArticles(query: $q) { url } }",
      { q: term },
      { "x-request-id": `req-${tag}` },
    );
    const line = parsedLogs().find((l) => l.msg === "graphql request" && l.requestId === `req-${tag}`);
    expect(line).toMatchObject({
      operation: "FindHelp",
      outcome: "ok",
      subject: "anonymous",
      durationMs: expect.any(Number),
    });
    // Each key once in the raw line (JSON.parse would hide a repeated key).
    const raw = h.logs.find((l) => l.includes(`"req-${tag}"`) && l.includes('"graphql request"')) ?? "";
    for (const key of ["requestId", "subject", "operation"]) expect(raw.split(`"${key}":`)).toHaveLength(2);
  });

  it("log the error codes of a failed request and mint a request id when none is sent", async () => {
    await postGraphql(h.gateway.url, 'query Bad { suggestArticles(query: "") { url } }');
    const line = parsedLogs().find((l) => l.msg === "graphql request" && l.operation === "Bad");
    expect(line).toMatchObject({
      outcome: "error",
      errorCodes: ["BAD_USER_INPUT"],
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });
});

describe("/metrics", () => {
  it("exposes request, Neo4j, CXone, retry, token and quota metrics in Prometheus format", async () => {
    h.simulator.injectFault("content", { status: 503 });
    await postGraphql(h.gateway.url, PUSH, { input: { interactionId: `M-${tag}`, query: term, agentId: "a" } });
    const response = await fetch(h.gateway.url.replace(/graphql$/, "metrics"));
    const text = await response.text();
    expect(response.headers.get("content-type")).toMatch(/text\/plain/);
    expect(text).toMatch(
      /aag_graphql_request_duration_seconds_count\{operation="pushToAgentAssist",outcome="ok"\} \d+/,
    );
    expect(text).toMatch(/aag_neo4j_query_duration_seconds_count\{kind="suggest_batch",outcome="ok"\} \d+/);
    expect(text).toMatch(/aag_cxone_call_duration_seconds_count\{route="content",status="200"\} \d+/);
    expect(text).toMatch(/aag_cxone_retries_total\{reason="503"\} 1/);
    expect(text).toMatch(/aag_cxone_token_refreshes_total \d+/);
    expect(text).toMatch(/aag_cxone_quota_wait_seconds_count \d+/);
  });

  it("labels requests by root field, never by the client's operation name, and counts errors by code", async () => {
    for (let i = 0; i < 5; i++)
      await postGraphql(h.gateway.url, `query Random${tag}${i} { suggestArticles(query: "x") { url } }`);
    await postGraphql(h.gateway.url, '{ a: suggestArticles(query: "x") { url } b: articles { url } }');
    await postGraphql(h.gateway.url, '{ suggestArticles(query: "") { url } }');
    const text = await (await fetch(h.gateway.url.replace(/graphql$/, "metrics"))).text();
    expect(text).not.toContain(`Random${tag}`);
    expect(text).toMatch(/aag_graphql_request_duration_seconds_count\{operation="suggestArticles",outcome="ok"\} \d+/);
    expect(text).toMatch(/aag_graphql_request_duration_seconds_count\{operation="other",outcome="ok"\} \d+/);
    expect(text).toMatch(/aag_errors_total\{code="BAD_USER_INPUT"\} [1-9]/);
  });
});

describe("/readyz", () => {
  it("reports whether a CXone token can be obtained without failing readiness", async () => {
    const ok = await (await fetch(h.gateway.url.replace(/graphql$/, "readyz"))).json();
    expect(ok).toMatchObject({ status: "ready", checks: { neo4j: "ok", cxone: "ok" } });
    h.cxone.tokens.clear();
    h.simulator.injectFault("token", { status: 401, times: "always" });
    try {
      const response = await fetch(h.gateway.url.replace(/graphql$/, "readyz"));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: "ready",
        checks: { neo4j: "ok", cxone: "token unavailable" },
      });
    } finally {
      h.simulator.faults.clear();
    }
  });
});

describe("GraphQL over HTTP", () => {
  it("passes the graphql-http server audits with no error-level failure", async () => {
    const results = await Promise.all(
      serverAudits({ url: h.gateway.url }).map(async (audit) => ({ audit, result: await audit.fn() })),
    );
    const errors = results.flatMap(({ audit, result }) =>
      result.status === "error" ? [`${audit.name}: ${result.reason}`] : [],
    );
    expect(errors).toEqual([]);
    const counts = results.reduce<Record<string, number>>(
      (acc, r) => ({ ...acc, [r.result.status]: (acc[r.result.status] ?? 0) + 1 }),
      {},
    );
    expect(counts.ok).toBeGreaterThan(0);
  });
});

describe("request ids", () => {
  it("are returned on every response: the caller's when sane, a new one otherwise", async () => {
    const kept = await postGraphql(
      h.gateway.url,
      '{ suggestArticles(query: "x") { url } }',
      {},
      { "x-request-id": `keep-${tag}` },
    );
    expect(kept.headers.get("x-request-id")).toBe(`keep-${tag}`);
    const minted = await postGraphql(
      h.gateway.url,
      '{ suggestArticles(query: "x") { url } }',
      {},
      { "x-request-id": "no spaces <allowed>" },
    );
    expect(minted.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const health = await fetch(h.gateway.url.replace(/graphql$/, "healthz"));
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("are sent to CXone on every attempt of a push", async () => {
    h.simulator.reset();
    h.simulator.injectFault("content", { status: 503 });
    const seen: (string | null)[] = [];
    const listener = (_route: string, _id: string, requestId: string | null) => seen.push(requestId);
    h.simulator.events.on("attempt", listener);
    try {
      const { body, headers } = await postGraphql(h.gateway.url, PUSH, {
        input: { interactionId: `RID-${tag}`, query: term, agentId: "a" },
      });
      expect((body.data?.pushToAgentAssist as { status: string }).status).toBe("DELIVERED");
      const requestId = headers.get("x-request-id");
      expect(seen).toEqual([requestId, requestId]);
      expect(h.simulator.state().deliveries[0]?.requestId).toBe(requestId);
    } finally {
      h.simulator.events.off("attempt", listener);
    }
  });
});
