import { Kind, parse, type ObjectTypeDefinitionNode, type StringValueNode } from "graphql";
import { loadTypeDefs } from "./typeDefs";

/** How the @cypher statement of Query.suggestArticles must begin: binding its two arguments. */
export const STATEMENT_HEAD = "WITH $query AS rawQuery, $limit AS maxResults";

/**
 * The suggestion traversal has one home: the @cypher statement of `Query.suggestArticles` in
 * schema/knowledge.graphql. This returns that statement as written there.
 */
export function suggestArticlesStatement(): string {
  for (const source of loadTypeDefs()) {
    for (const definition of parse(source).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || definition.name.value !== "Query") continue;
      const field = (definition as ObjectTypeDefinitionNode).fields?.find((f) => f.name.value === "suggestArticles");
      const cypher = field?.directives?.find((d) => d.name.value === "cypher");
      const statement = cypher?.arguments?.find((a) => a.name.value === "statement")?.value as StringValueNode | undefined;
      if (statement) return statement.value.trim();
    }
  }
  throw new Error("Query.suggestArticles has no @cypher statement");
}

/**
 * The traversal for many searches in one round trip (used by the push mutations' DataLoader): each row of
 * `$requests` ({key, query, limit}) yields rows `{key, article}` in ranked order.
 */
export function batchSuggestStatement(): string {
  const statement = suggestArticlesStatement();
  if (!statement.startsWith(STATEMENT_HEAD)) {
    throw new Error(`the suggestArticles statement must start with "${STATEMENT_HEAD}"`);
  }
  const body = statement.slice(STATEMENT_HEAD.length);
  return [
    "UNWIND $requests AS request",
    "CALL (request) {",
    "  WITH request.query AS rawQuery, request.limit AS maxResults",
    body,
    "}",
    "RETURN request.key AS key, article",
  ].join("\n");
}
