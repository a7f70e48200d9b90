/**
 * Model types codegen maps GraphQL types to (codegen.yml `mappers`). A leaf module: it imports nothing, so the
 * generated types can refer to it without an import cycle.
 */

/** An article as the statements return it: its node's properties (resolvers read the ones they need). */
export type ArticleProperties = Record<string, unknown>;
