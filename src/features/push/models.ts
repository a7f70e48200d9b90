/**
 * Model types codegen maps GraphQL types to (codegen.yml `mappers`). A leaf module: it imports nothing, so the
 * generated types can refer to it without an import cycle.
 */

/** What Query.interaction resolves to: the id; Interaction's fields are resolved from it. */
export interface InteractionParent {
  id: string;
}
