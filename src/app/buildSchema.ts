import { readFileSync } from "node:fs";
import { addResolversToSchema } from "@graphql-tools/schema";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { extendSchema, parse, type GraphQLSchema } from "graphql";
import { ledgerResolvers } from "../features/push/historyResolvers";
import { articleResolvers, knowledgeResolvers } from "../features/knowledge/resolvers";
import { projectPath } from "../platform/paths";
import type { Resolvers } from "../generated/graphql";
import type { Driver } from "neo4j-driver";
import type { GatewayContext } from "../platform/graphql/context";
import { selectsScalarsOnly } from "../platform/graphql/selection";
import { validateSuggestionRequest } from "../features/suggestions/suggestionInput";
import { loadTypeDefs } from "./typeDefs";

export interface SchemaOptions {
  /** Absent only when printing the schema (codegen); requests need a driver. */
  driver?: Driver;
  resolvers?: Resolvers;
}

/**
 * Builds the executable schema: @neo4j/graphql's generated API plus our own resolvers, then the push ledger's
 * types (schema/ledger.graphql) added on top. @neo4j/graphql reserves `*Connection` and `PageInfo` for its own
 * pagination, and must not generate anything for the ledger's labels, so the ledger is not in its type definitions.
 */
export async function buildSchema(options: SchemaOptions = {}): Promise<{ schema: GraphQLSchema; neoSchema: Neo4jGraphQL }> {
  const neoSchema = new Neo4jGraphQL({
    typeDefs: loadTypeDefs(),
    driver: options.driver,
    // Codegen's resolver types are stricter than graphql-tools' and describe the same objects. The Article fields
    // declared with @customResolver are always ours.
    resolvers: { ...(options.resolvers ?? {}), ...articleResolvers } as NonNullable<ConstructorParameters<typeof Neo4jGraphQL>[0]["resolvers"]>,
  });
  const generated = await neoSchema.getSchema();
  guardSuggestArticles(generated);
  let extended = generated;
  for (const file of EXTENSION_SCHEMA_FILES) extended = extendSchema(extended, parse(readFileSync(projectPath("schema", file), "utf8")));
  const resolvers = {
    ...ledgerResolvers,
    Query: { ...ledgerResolvers.Query, ...knowledgeResolvers.Query },
    Mutation: knowledgeResolvers.Mutation,
  };
  const schema = addResolversToSchema({ schema: extended, resolvers, updateResolversInPlace: false });
  return { schema, neoSchema };
}

/** Types added after @neo4j/graphql has built its schema: the push ledger's and the knowledge loop's. */
export const EXTENSION_SCHEMA_FILES = ["ledger.graphql", "knowledge-loop.graphql"] as const;

/**
 * Three additions to the generated suggestArticles resolver. Bad arguments are refused with a coded error before
 * any Cypher runs. And when only scalar Article fields are selected (what agents' tools ask for), the field's
 * own @cypher statement runs through the request's DataLoader, skipping @neo4j/graphql's per-request query
 * translation; a selection reaching into relationships still goes through @neo4j/graphql. And every search is
 * counted as a knowledge gap when it is one.
 */
function guardSuggestArticles(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields().suggestArticles;
  const resolve = field?.resolve;
  if (!field || !resolve) throw new Error("schema is missing Query.suggestArticles");
  field.resolve = async (source, args: { query?: unknown; limit?: unknown; rank?: unknown }, context: Partial<GatewayContext>, info) => {
    const request = validateSuggestionRequest(args.query, args.limit, "", args.rank);
    const loader = context.assist?.loader;
    if (loader && selectsScalarsOnly(info)) {
      const articles = await loader.load(request);
      context.knowledge?.noteSearch(request.query, articles, false);
      return articles;
    }
    const articles = (await resolve(source, args, context, info)) as Record<string, unknown>[];
    if (Array.isArray(articles)) context.knowledge?.noteSearch(request.query, articles, false, false);
    return articles;
  };
}
