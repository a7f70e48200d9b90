import { ApolloServer } from "@apollo/server";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { jitExecution } from "../../src/platform/graphql/jitExecution";

const schema = makeExecutableSchema({
  typeDefs: `type Article { title: String! priority: Int! }
    type Query { articles(min: Int!): [Article!]! broken: String down: String }`,
  resolvers: {
    Query: {
      articles: (_root: unknown, { min }: { min: number }) =>
        [
          { title: "a", priority: 9 },
          { title: "b", priority: 2 },
        ].filter((a) => a.priority >= min),
      broken: () => {
        throw Object.assign(new Error("a driver failure without extensions"), { code: "Neo.X" });
      },
    },
  },
});

const DOCUMENT = `query Q($min: Int!) { first: articles(min: $min) { ...F } all: articles(min: 0) { title } }
  fragment F on Article { title priority }`;

async function answer(apollo: ApolloServer, query: string, variables: Record<string, unknown> = {}) {
  const response = await apollo.executeOperation({ query, variables });
  return response.body.kind === "single" ? response.body.singleResult : undefined;
}

describe("graphql-jit through Apollo's executor seam", () => {
  it("answers as graphql-js does (aliases, fragments, variables; a bad variable is the caller's mistake)", async () => {
    const jit = new ApolloServer({ gateway: jitExecution(schema) });
    const plain = new ApolloServer({ schema });
    await Promise.all([jit.start(), plain.start()]);
    try {
      for (const min of [0, 5])
        expect(await answer(jit, DOCUMENT, { min })).toEqual(await answer(plain, DOCUMENT, { min }));
      // A variable of the wrong type is refused with the same code (graphql-jit words the message a little
      // differently: "Expected type Int; ...").
      const [wrongJit, wrongPlain] = [
        await answer(jit, DOCUMENT, { min: "x" }),
        await answer(plain, DOCUMENT, { min: "x" }),
      ];
      expect(wrongJit?.errors?.[0]?.extensions?.code).toBe(wrongPlain?.errors?.[0]?.extensions?.code);
      expect(wrongJit?.errors?.[0]?.message).toMatch(/^Variable "\$min" got invalid value "x"/);
      expect(wrongJit?.data).toBe(wrongPlain?.data);
    } finally {
      await Promise.all([jit.stop(), plain.stop()]);
    }
  });

  it("hands a resolver's error to the gateway's formatError with its cause, though the cause has no extensions", async () => {
    const seen: unknown[] = [];
    const jit = new ApolloServer({
      gateway: jitExecution(schema),
      formatError: (formatted, error) => {
        seen.push((error as { originalError?: unknown }).originalError);
        return { ...formatted, extensions: { code: "TRANSLATED" } };
      },
    });
    await jit.start();
    try {
      const result = await answer(jit, "{ broken }");
      expect(result?.errors?.[0]).toMatchObject({ extensions: { code: "TRANSLATED" }, path: ["broken"] });
      expect(result?.errors?.[0]?.locations).toEqual([{ line: 1, column: 3 }]);
      expect(seen).toEqual([expect.objectContaining({ code: "Neo.X" })]);
    } finally {
      await jit.stop();
    }
  });
});
