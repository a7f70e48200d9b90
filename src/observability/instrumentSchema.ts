import { defaultFieldResolver, type GraphQLSchema } from "graphql";
import type { GatewayMetrics } from "./metrics";

/**
 * Times every root Query field (each is one Cypher query run by @neo4j/graphql) into the Neo4j duration
 * histogram. Done once at startup by wrapping resolvers, not per request.
 */
export function instrumentRootQueries(schema: GraphQLSchema, metrics: GatewayMetrics): void {
  const fields = schema.getQueryType()?.getFields() ?? {};
  for (const field of Object.values(fields)) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context, info) =>
      metrics.time(
        (outcome, seconds) => metrics.neo4jDuration.observe({ kind: "graphql_root_field", outcome }, seconds),
        async () => resolve(source, args, context, info),
      );
  }
}
