import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { buildSchema } from "graphql";
import { PreparedDocuments } from "../../src/platform/graphql/preparedDocuments";
import { documentHash, manifestDocuments, TrustedDocuments } from "../../src/platform/graphql/trustedDocuments";

const BUILT_IN = "query BuiltIn { hello }";
const OPERATOR = "query Operator { hello }";
const UNKNOWN = "query Unknown { hello }";

describe("trusted documents", () => {
  it("reads manifests in the shapes tools write: {id: text}, ours {id: {document}}, Apollo's {operations: {id: {body}}}", () => {
    expect(manifestDocuments({ a: BUILT_IN })).toEqual([BUILT_IN]);
    expect(manifestDocuments({ a: { source: "console", document: BUILT_IN } })).toEqual([BUILT_IN]);
    expect(manifestDocuments({ operations: { a: { body: OPERATOR, name: "Operator" } } })).toEqual([OPERATOR]);
    expect(() => manifestDocuments({ a: 42 })).toThrow(/every manifest entry is a document's text/);
    expect(() => manifestDocuments([])).not.toThrow();
    expect(() => manifestDocuments("text")).toThrow(/a JSON object/);
  });

  it("replaces a known id (documentId, with or without sha256:, or Apollo's persisted-query hash) by its text", () => {
    const trusted = TrustedDocuments.of("allow", [BUILT_IN, OPERATOR]);
    const id = documentHash(OPERATOR);
    for (const params of [
      { documentId: id, variables: { a: 1 } },
      { documentId: `sha256:${id}`, variables: { a: 1 } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: id } }, variables: { a: 1 } },
    ])
      expect(trusted.resolve(params)).toEqual({ params: { query: OPERATOR, variables: { a: 1 } } });
  });

  it("refuses an unknown id with PERSISTED_QUERY_NOT_FOUND; with require, an unknown text with DOCUMENT_NOT_TRUSTED", () => {
    const allow = TrustedDocuments.of("allow", [BUILT_IN]);
    expect(allow.resolve({ documentId: "f".repeat(64) })).toEqual({
      refusal: expect.objectContaining({ status: 400, code: "PERSISTED_QUERY_NOT_FOUND" }),
    });
    expect(allow.resolve({ query: UNKNOWN })).toEqual({ params: { query: UNKNOWN } });
    const require = TrustedDocuments.of("require", [BUILT_IN]);
    expect(require.allows(BUILT_IN)).toBe(true);
    expect(require.allows(UNKNOWN)).toBe(false);
    expect(require.resolve({ query: UNKNOWN })).toEqual({
      refusal: expect.objectContaining({
        status: 400,
        code: "DOCUMENT_NOT_TRUSTED",
        message: expect.stringContaining("TRUSTED_DOCUMENTS_PATH"),
      }),
    });
    // Apollo's automatic persisted queries cannot register a new document either.
    expect(
      require.resolve({ extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(UNKNOWN) } } }),
    ).toEqual({ refusal: expect.objectContaining({ code: "PERSISTED_QUERY_NOT_FOUND" }) });
    expect(require.resolve({ query: BUILT_IN })).toEqual({ params: { query: BUILT_IN } });
  });

  it("off trusts nothing and passes everything unchanged", () => {
    const off = TrustedDocuments.of("off", [BUILT_IN]);
    expect(off.size).toBe(0);
    expect(off.allows(UNKNOWN)).toBe(true);
    expect(off.resolve({ documentId: "x" })).toEqual({ params: { documentId: "x" } });
  });
});

describe("prepared documents", () => {
  const schema = buildSchema("type Query { hello: String }");

  it("a trusted document is never parsed nor validated on the request path; another is parsed once, then cached", async () => {
    const documents = new PreparedDocuments();
    expect(documents.prepare(schema, [BUILT_IN, "query Broken { nope }", "{ not graphql"], [], 2_000)).toBe(1);
    let parses = 0;
    const counter: ApolloServerPlugin = {
      async requestDidStart() {
        return {
          async parsingDidStart() {
            parses += 1;
          },
        };
      },
    };
    const apollo = new ApolloServer({ schema, documentStore: documents, plugins: [counter] });
    await apollo.start();
    try {
      for (let i = 0; i < 3; i++) await apollo.executeOperation({ query: BUILT_IN });
      expect(parses).toBe(0);
      for (let i = 0; i < 3; i++) await apollo.executeOperation({ query: UNKNOWN });
      expect(parses).toBe(1);
      // The broken one is left to Apollo, which refuses it as it refuses any invalid document.
      const refused = await apollo.executeOperation({ query: "query Broken { nope }" });
      expect(JSON.stringify(refused.body)).toContain("GRAPHQL_VALIDATION_FAILED");
    } finally {
      await apollo.stop();
    }
  });
});
