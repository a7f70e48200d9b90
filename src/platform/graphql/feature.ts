import type { DocumentNode, GraphQLSchema } from "graphql";
import type { Role } from "../auth/roles";

/** Resolvers by type and field, as graphql-tools and @neo4j/graphql take them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResolverMap = Record<string, Record<string, any>>;

/** One operation the warm-up runs through the whole pipeline before the gateway says ready. */
export interface WarmUpOperation {
  /** Written with graphql-tag's `gql`, so a typo fails when the module loads, not during the warm-up. */
  query: DocumentNode;
  variables?: Record<string, unknown>;
}

/** What the warm-up knows of the graph: a search term that exists, and a search that only the full-text index matches. */
export interface WarmUpSample {
  exact: string;
  fuzzy: string;
}

/**
 * What a feature brings to the gateway's GraphQL API. The composition root merges every feature's declaration:
 * the schema, the resolvers, the roles of its root fields and the warm-up. Nothing else in the platform knows
 * which features exist. Type definitions are read when the schema is built, not when a feature is imported.
 */
export interface Feature {
  name: string;
  /** SDL @neo4j/graphql builds its API from (labels, relationships, @cypher fields). */
  graphTypeDefs?(): readonly DocumentNode[];
  /** Resolvers of `@customResolver` fields and of root fields declared in `graphTypeDefs`. */
  graphResolvers?: ResolverMap;
  /** SDL added after @neo4j/graphql has built its schema (types it must not generate anything for). */
  typeDefs?(): readonly DocumentNode[];
  resolvers?: ResolverMap;
  /** Root fields whose role is not their operation's default (queries kb:read, mutations assist:push). */
  roles?: Readonly<Record<string, Role>>;
  /** Wraps fields @neo4j/graphql generated, once the schema is built. */
  extendSchema?(schema: GraphQLSchema): void;
  /** Operations that plan this feature's statements before the gateway says ready. */
  warmUp?(sample: WarmUpSample): WarmUpOperation[];
}
