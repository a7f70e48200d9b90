import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Driver } from "neo4j-driver";
import { loadConfig } from "../../src/platform/config/config";
import { registerTracing, startTracing } from "../../src/platform/observability/tracing";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, type PushHarness } from "../support/pushHarness";

// This file's own tracer provider, recording in memory (what an OTLP collector would receive).
const exporter = new InMemorySpanExporter();
const stopTracing = registerTracing(new SimpleSpanProcessor(exporter));

let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("traced");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 1 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .save(driver);
  h = await startPushHarness();
});

afterAll(async () => {
  await h.stop();
  await stopTracing();
  await deleteTagged(driver, tag);
  await driver.close();
});

/** Resolves with the first exported span matching `test`, looking every 20 ms (fails after 5 s). */
async function finished(test: (span: ReadableSpan) => boolean): Promise<ReadableSpan> {
  const until = Date.now() + 5_000;
  for (;;) {
    const span = exporter.getFinishedSpans().find(test);
    if (span) return span;
    if (Date.now() > until) throw new Error("span not exported within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

describe("OpenTelemetry tracing", () => {
  it("is off unless an OTLP endpoint is configured", () => {
    expect(loadConfig({}).tracing.enabled).toBe(false);
    expect(startTracing(loadConfig({}).tracing)).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).tracing).toEqual({
      enabled: true,
      serviceName: "agent-assist-gateway",
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" }).tracing.enabled,
    ).toBe(false);
  });

  it("continues the caller's trace through the GraphQL operation, each Neo4j statement and each CXone call, and passes it on to CXone", async () => {
    exporter.reset();
    const interactionId = `${tag}-T1`;
    h.simulator.injectFault("content", { status: 503 }); // one retry, recorded on the CXone span
    const { body } = await postGraphql(
      h.gateway.url,
      PUSH,
      { input: { interactionId, query: term, agentId: "a" } },
      {
        traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`,
      },
    );
    expect((body.data?.pushToAgentAssist as { status: string }).status).toBe("DELIVERED");
    // The request's span ends just after the answer is written: wait for it to be exported.
    await finished((s) => s.name === "graphql mutation pushToAgentAssist" && s.spanContext().traceId === TRACE_ID);
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === TRACE_ID);
    const byName = (name: string) => spans.filter((s) => s.name === name);
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

    const [operation] = byName("graphql mutation pushToAgentAssist");
    expect(operation).toBeDefined();
    expect(parentOf(operation as ReadableSpan)).toBe(CALLER_SPAN);
    expect(operation?.attributes["http.response.status_code"]).toBe(200);

    // Neo4j: the traversal, the ledger record, the outcome; named by statement, no parameters anywhere.
    for (const name of ["neo4j suggestBatch", "neo4j recordPushes", "neo4j writeOutcomes"])
      expect(byName(name).length).toBeGreaterThan(0);
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(term);

    const [cxone] = byName("cxone content");
    expect(cxone?.attributes).toMatchObject({
      "cxone.route": "content",
      "http.response.status_code": 200,
      "cxone.attempts": 2,
    });
    expect(cxone?.events.map((e) => e.name)).toEqual(["retry"]);

    // CXone got the trace: its traceparent names the CXone span of the caller's trace.
    const delivered = h.simulator.state().deliveries.find((d) => d.interactionId === interactionId);
    expect(delivered?.traceparent).toBe(`00-${TRACE_ID}-${cxone?.spanContext().spanId}-01`);

    // The request's log lines carry the same trace id.
    const lines = h.logs.map((l) => JSON.parse(l) as { msg: string; traceId?: string; interactionId?: string });
    expect(lines.find((l) => l.msg === "cards delivered" && l.interactionId === interactionId)?.traceId).toBe(TRACE_ID);
  });

  it("starts a new trace for a request without traceparent", async () => {
    exporter.reset();
    // A search no other test here made (limit 3), so it is read from Neo4j, not answered by the result cache.
    await postGraphql(h.gateway.url, `{ suggestArticles(query: "${term}", limit: 3) { url } }`);
    const operation = await finished((s) => s.name === "graphql query suggestArticles");
    expect(operation.parentSpanContext).toBeUndefined();
    expect(
      exporter
        .getFinishedSpans()
        .some((s) => s.name === "neo4j suggestBatch" && s.spanContext().traceId === operation.spanContext().traceId),
    ).toBe(true);
  });
});
