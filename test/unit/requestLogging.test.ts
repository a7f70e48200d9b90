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
