import { GraphQLError } from "graphql";
import { Neo4jError } from "neo4j-driver";
import pino from "pino";
import { Writable } from "node:stream";
import { ErrorCode } from "../../src/platform/errors/codes";
import { BadUserInputError, GatewayError } from "../../src/platform/errors/GatewayError";
import { createFormatError } from "../../src/platform/errors/formatError";
import { OutageLog } from "../../src/platform/observability/outageLog";
import { logError } from "../../src/platform/graphql/errorLoggingPlugin";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { lines, logger: pino({ level: "info" }, stream) };
}

/** What Apollo hands formatError for an error thrown in a resolver. */
function fromResolver(thrown: Error) {
  const wrapped = new GraphQLError(thrown.message, { originalError: thrown, path: ["suggestArticles"] });
  return [{ message: thrown.message, path: ["suggestArticles"] }, wrapped] as const;
}

describe("formatError", () => {
  it("passes a gateway error's code and facts through", () => {
    const format = createFormatError(false);
    const out = format(...fromResolver(new BadUserInputError("limit", "limit must be between 1 and 20")));
    expect(out).toMatchObject({
      message: "limit must be between 1 and 20",
      extensions: { code: "BAD_USER_INPUT", field: "limit" },
    });
  });

  it("translates an unreachable Neo4j into KNOWLEDGE_GRAPH_UNAVAILABLE", () => {
    const format = createFormatError(false);
    const out = format(...fromResolver(new Neo4jError("connection refused to 10.0.0.1", "ServiceUnavailable", "", "")));
    expect(out.extensions).toEqual({ code: ErrorCode.KNOWLEDGE_GRAPH_UNAVAILABLE });
    expect(out.message).not.toMatch(/10\.0\.0\.1/);
  });

  it.each([
    [
      "a statement past its timeout",
      new Neo4jError("timed out", "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "", ""),
    ],
    [
      "a statement past the server's timeout",
      new Neo4jError("timed out", "Neo.ClientError.Transaction.TransactionTimedOut", "", ""),
    ],
    [
      "no pooled connection coming free in time",
      new Neo4jError(
        "Connection acquisition timed out in 10000 ms. Pool status: Active conn count = 20, Idle conn count = 0.",
        "N/A",
        "",
        "",
      ),
    ],
  ])("answers slowness (%s) with OVERLOADED and Retry-After, not KNOWLEDGE_GRAPH_UNAVAILABLE", (_what, error) => {
    const format = createFormatError(false);
    const out = format(...fromResolver(error));
    expect(out.extensions).toEqual({ code: ErrorCode.OVERLOADED, retryAfterSeconds: 2 });
    expect(out.message).toMatch(
      /^The gateway is at capacity \((Neo4j is slow|no Neo4j connection came free in time)\)/,
    );
    expect(out.message).not.toMatch(/Pool status|10000/);
    // Logged as one overload story (with its cause), not as a Neo4j outage.
    const { lines, logger } = capture();
    const outages = new OutageLog(logger);
    logError(fromResolver(error)[1], logger, "req-5", outages);
    logError(fromResolver(error)[1], logger, "req-6", outages);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 40, dependency: "capacity", requestId: "req-5" });
  });

  it("masks a Cypher failure as INTERNAL_SERVER_ERROR; the error log line has the detail and the request id", () => {
    const { lines, logger } = capture();
    const format = createFormatError(false);
    const [formatted, error] = fromResolver(
      new Neo4jError("Invalid input 'MATCHX'", "Neo.ClientError.Statement.SyntaxError", "", ""),
    );
    const out = format(formatted, error);
    expect(out).toMatchObject({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    logError(error, logger.child({ requestId: "req-1" }), "req-1", new OutageLog(logger));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 50,
      requestId: "req-1",
      code: "INTERNAL_SERVER_ERROR",
    });
    expect(lines[0]).toMatch(/MATCHX/);
  });

  it.each([
    ["a session expiry", new Neo4jError("session expired", "SessionExpired", "", "")],
    ["a code-less driver error", new Neo4jError("socket closed", "", "", "")],
  ])("translates %s into KNOWLEDGE_GRAPH_UNAVAILABLE, logged once as an outage with its cause", (_name, neo) => {
    const { lines, logger } = capture();
    const [formatted, error] = fromResolver(neo);
    expect(createFormatError(false)(formatted, error).extensions).toEqual({
      code: ErrorCode.KNOWLEDGE_GRAPH_UNAVAILABLE,
    });
    const outages = new OutageLog(logger);
    logError(error, logger, "req-2", outages);
    logError(error, logger, "req-3", outages);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 40,
      dependency: "neo4j",
      requestId: "req-2",
      err: { message: neo.message },
    });
  });

  it.each([
    [
      "a Lucene syntax error",
      new Neo4jError(
        "Failed to invoke procedure: org.apache.lucene.queryparser.classic.ParseException: Cannot parse 'a AND'",
        "Neo.ClientError.Procedure.ProcedureCallFailed",
        "",
        "",
      ),
      "phrase",
    ],
    [
      "an over-long phrase",
      new Neo4jError(
        "Failed to invoke procedure: IndexSearcher.TooManyClauses: maxClauseCount is set to 1024",
        "Neo.ClientError.Procedure.ProcedureCallFailed",
        "",
        "",
      ),
      "phrase",
    ],
    [
      // A negative offset is refused before Neo4j (offsetArgumentsPlugin); what Neo4j refuses is a limit.
      "a negative limit",
      new Neo4jError(
        "Invalid input. '-1' is not a valid value. Must be a non-negative integer.",
        "Neo.ClientError.Statement.ArgumentError",
        "",
        "",
      ),
      "limit",
    ],
  ])(
    "makes %s the caller's fault (BAD_USER_INPUT), logged at warn in one short line (Neo4j's text at debug)",
    (_name, neo, field) => {
      const { lines, logger } = capture();
      const [formatted, error] = fromResolver(neo);
      expect(createFormatError(false)(formatted, error).extensions).toEqual({ code: "BAD_USER_INPUT", field });
      logError(error, logger, "req-4", new OutageLog(logger));
      expect(lines).toHaveLength(1); // the logger is at info: the debug line with Neo4j's text is not written
      expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 40, code: "BAD_USER_INPUT", field });
      expect((lines[0] as string).length).toBeLessThan(400);
      expect(lines[0]).not.toMatch(/"stack"|Neo\.ClientError/);
    },
  );

  it("does not log the caller's own mistakes", () => {
    const { lines, logger } = capture();
    logError(
      fromResolver(new BadUserInputError("limit", "limit must be between 1 and 20"))[1],
      logger,
      "req-5",
      new OutageLog(logger),
    );
    expect(lines).toHaveLength(0);
  });

  it("masks unexpected errors, never returning their message or stack", () => {
    const format = createFormatError(false);
    const out = format(...fromResolver(new TypeError("cannot read secret of undefined")));
    expect(out).toEqual({
      message: "Internal server error",
      path: ["suggestArticles"],
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  });

  it("keeps Apollo's own request error codes", () => {
    const format = createFormatError(false);
    const validation = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    const out = format({ message: validation.message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }, validation);
    expect(out.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED" });
  });

  it("adds a stack trace only when asked (development)", () => {
    const format = createFormatError(true);
    const out = format(...fromResolver(new GatewayError(ErrorCode.CXONE_UNAVAILABLE, "CXone is unavailable")));
    expect(out.extensions?.stacktrace).toEqual(expect.any(Array));
  });
});
