import { Kind, parse, type ObjectTypeDefinitionNode, type StringValueNode } from "graphql";
import { int, type Integer } from "neo4j-driver";
import { loadTypeDefs } from "../../app/typeDefs";
import type { RankMode } from "./suggestionInput";

/** How the @cypher statement of Query.suggestArticles must begin: binding its arguments. */
export const STATEMENT_HEAD = "WITH $query AS rawQuery, $limit AS maxResults, coalesce($rank, 'PRIORITY') AS rankMode";

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
 * `$requests` ({key, query, limit, rank}) yields rows `{key, article}` in ranked order. Run it with
 * `batchSuggestParams`: inside the statement `$limit` (which bounds how far the index walk goes) must be the
 * largest limit of the batch, and `$feedbackWeight` is KB_FEEDBACK_WEIGHT.
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
    "  WITH request.query AS rawQuery, request.limit AS maxResults, request.rank AS rankMode",
    body,
    "}",
    "RETURN request.key AS key, article",
  ].join("\n");
}

/** Parameters for `batchSuggestStatement`: the requests, keyed, the largest limit among them, the feedback weight. */
export function batchSuggestParams<R extends { key: unknown; query: string; limit: number; rank: RankMode }>(
  requests: readonly R[],
  feedbackWeight: number,
): { requests: readonly R[]; limit: Integer; feedbackWeight: number } {
  return {
    requests,
    limit: int(Math.max(1, ...requests.map((r) => r.limit))), // LIMIT takes an integer, not a float
    feedbackWeight,
  };
}
