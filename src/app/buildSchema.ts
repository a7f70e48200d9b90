import { mergeResolvers } from "@graphql-tools/merge";
import { addResolversToSchema } from "@graphql-tools/schema";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { extendSchema, type GraphQLSchema } from "graphql";
import type { Driver } from "neo4j-driver";
import type { Feature } from "../platform/graphql/feature";
import { FEATURES } from "./features";

export interface SchemaOptions {
  /** Absent only when printing the schema (codegen); requests need a driver. */
  driver?: Driver;
  features?: readonly Feature[];
}

type Neo4jResolvers = NonNullable<ConstructorParameters<typeof Neo4jGraphQL>[0]["resolvers"]>;

/**
 * Builds the executable schema from the features' declarations: @neo4j/graphql's generated API from every
 * feature's `graphTypeDefs` (with their `graphResolvers`), then every feature's `typeDefs` added on top with their
 * resolvers (@neo4j/graphql reserves `*Connection` and `PageInfo` for its own pagination and must not generate
 * anything for the ledger's labels), then each feature's `extendSchema`.
 */
export async function buildSchema(
  options: SchemaOptions = {},
): Promise<{ schema: GraphQLSchema; neoSchema: Neo4jGraphQL }> {
  const features = options.features ?? FEATURES;
  const neoSchema = new Neo4jGraphQL({
    typeDefs: features.flatMap((f) => f.graphTypeDefs?.() ?? []),
    driver: options.driver,
    resolvers: mergeResolvers(features.map((f) => f.graphResolvers ?? {})) as Neo4jResolvers,
  });
  const generated = await neoSchema.getSchema();
  for (const feature of features) feature.extendSchema?.(generated);
  let extended = generated;
  for (const typeDefs of features.flatMap((f) => f.typeDefs?.() ?? [])) extended = extendSchema(extended, typeDefs);
  const resolvers = mergeResolvers(features.map((f) => f.resolvers ?? {}));
  const schema = addResolversToSchema({ schema: extended, resolvers, updateResolversInPlace: false });
  return { schema, neoSchema };
}
