import { GraphQLError } from "graphql";
import { Neo4jError } from "neo4j-driver";
import pino from "pino";
import { Writable } from "node:stream";
import { ErrorCode } from "../../src/errors/codes";
import { BadUserInputError, GatewayError } from "../../src/errors/GatewayError";
import { createFormatError } from "../../src/errors/formatError";

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
    const format = createFormatError(capture().logger, false);
    const out = format(...fromResolver(new BadUserInputError("limit", "limit must be between 1 and 20")));
    expect(out).toMatchObject({ message: "limit must be between 1 and 20", extensions: { code: "BAD_USER_INPUT", field: "limit" } });
  });

  it("translates an unreachable Neo4j into KNOWLEDGE_GRAPH_UNAVAILABLE", () => {
    const format = createFormatError(capture().logger, false);
    const out = format(...fromResolver(new Neo4jError("connection refused to 10.0.0.1", "ServiceUnavailable", "", "")));
    expect(out.extensions).toEqual({ code: ErrorCode.KNOWLEDGE_GRAPH_UNAVAILABLE });
    expect(out.message).not.toMatch(/10\.0\.0\.1/);
  });

  it("masks a Cypher failure as INTERNAL_SERVER_ERROR and logs the detail", () => {
    const { lines, logger } = capture();
    const format = createFormatError(logger, false);
    const out = format(...fromResolver(new Neo4jError("Invalid input 'MATCHX'", "Neo.ClientError.Statement.SyntaxError", "", "")));
    expect(out).toMatchObject({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(lines.join("")).toMatch(/MATCHX/);
  });

  it("masks unexpected errors, never returning their message or stack", () => {
    const format = createFormatError(capture().logger, false);
    const out = format(...fromResolver(new TypeError("cannot read secret of undefined")));
    expect(out).toEqual({ message: "Internal server error", path: ["suggestArticles"], extensions: { code: "INTERNAL_SERVER_ERROR" } });
  });

  it("keeps Apollo's own request error codes", () => {
    const format = createFormatError(capture().logger, false);
    const validation = new GraphQLError('Cannot query field "nope" on type "Query".', { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    const out = format({ message: validation.message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }, validation);
    expect(out.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED" });
  });

  it("adds a stack trace only when asked (development)", () => {
    const format = createFormatError(capture().logger, true);
    const out = format(...fromResolver(new GatewayError(ErrorCode.CXONE_UNAVAILABLE, "CXone is unavailable")));
    expect(out.extensions?.stacktrace).toEqual(expect.any(Array));
  });
});
