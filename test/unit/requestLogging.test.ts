import { GraphQLError } from "graphql";
import { Neo4jError } from "neo4j-driver";
import pino from "pino";
import { Writable } from "node:stream";
import { requestLoggingPlugin } from "../../src/platform/graphql/requestLoggingPlugin";
import { createFormatError } from "../../src/platform/errors/formatError";
import { GatewayMetrics } from "../../src/platform/observability/metrics";

describe("the request log line", () => {
  it("names the code the caller is answered with, not the raw error's (a Neo4j outage is KNOWLEDGE_GRAPH_UNAVAILABLE)", async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = pino({ level: "info" }, stream);
    const thrown = new Neo4jError("connection refused to 10.0.0.1", "ServiceUnavailable", "", "");
    const raw = new GraphQLError(thrown.message, { originalError: thrown, path: ["suggestArticles"] });
    const answered = createFormatError(false)({ message: raw.message, path: ["suggestArticles"] }, raw);

    const plugin = requestLoggingPlugin(new GatewayMetrics({ defaultMetrics: false }));
    const context = { logger } as never;
    const listener = await plugin.requestDidStart?.({ contextValue: context } as never);
    await listener?.willSendResponse?.({
      operationName: null,
      operation: undefined,
      errors: [raw],
      contextValue: context,
      response: { body: { kind: "single", singleResult: { errors: [answered] } } },
    } as never);

    const line = JSON.parse(lines[0] as string) as { errorCodes: string[] };
    expect(answered.extensions?.code).toBe("KNOWLEDGE_GRAPH_UNAVAILABLE");
    expect(line.errorCodes).toEqual(["KNOWLEDGE_GRAPH_UNAVAILABLE"]);
  });
});

describe("which requests get a log line at info", () => {
  async function linesFor(sample: number, failed: boolean, level: "info" | "debug" = "info") {
    const lines: { level: number; msg: string }[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const logger = pino({ level }, stream);
    const plugin = requestLoggingPlugin(new GatewayMetrics({ defaultMetrics: false }), sample);
    const context = { logger } as never;
    for (let i = 0; i < 20; i++) {
      const listener = await plugin.requestDidStart?.({ contextValue: context } as never);
      const errors = failed ? [new GraphQLError("bad", { extensions: { code: "BAD_USER_INPUT" } })] : undefined;
      await listener?.willSendResponse?.({
        operationName: "Find",
        operation: undefined,
        errors,
        contextValue: context,
        response: { body: { kind: "single", singleResult: {} } },
      } as never);
    }
    return lines.filter((l) => l.msg === "graphql request");
  }

  it("logs every failed request, whatever the sample", async () => {
    expect(await linesFor(0, true)).toHaveLength(20);
  });

  it("logs a share of successful ones (all at 1, none at 0; at debug the rest too)", async () => {
    expect(await linesFor(1, false)).toHaveLength(20);
    expect(await linesFor(0, false)).toHaveLength(0);
    const debug = await linesFor(0, false, "debug");
    expect(debug).toHaveLength(20);
    expect(debug.every((l) => l.level === 20)).toBe(true);
  });
});
