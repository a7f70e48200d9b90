import type { DocumentNode } from "graphql";
import gql from "graphql-tag";
import { schemaFile } from "../../platform/graphql/schemaFile";
import { suggestArticlesStatement } from "./suggestStatement";

/** A GraphQL block string holding `text` as it is (only a `"""` inside needs escaping). */
function blockString(text: string, indent: string): string {
  const lines = text.replace(/"""/g, '\\"""').split("\n");
  return `"""\n${lines.map((line) => (line ? indent + line : line)).join("\n")}\n${indent}"""`;
}

/**
 * `Query.suggestArticles`, the two-hop traversal, as @neo4j/graphql runs it: a @cypher field whose statement is
 * `suggestArticlesStatement()`. The SDL is built from the statement, so the statement has one home.
 */
export function suggestArticlesTypeDefs(): string {
  return `type Query {
  """
  Published articles up to two hops from the search term, best first. \`rank\` (default KB_SEARCH_RANK, PRIORITY
  unless configured): PRIORITY is priority descending, then fewer hops, then url; LEARNED adds agents' feedback;
  RELEVANCE ranks by how well the search matched (see RankMode). Matching ignores case and extra whitespace; in
  PRIORITY and LEARNED, when no term matches exactly, the closest terms by full-text search are used.
  \`query\`: 1-256 characters. \`limit\`: 1-20.
  """
  suggestArticles(query: String!, limit: Int = 5, rank: RankMode): [Article!]!
    @cypher(
      columnName: "article"
      statement: ${blockString(suggestArticlesStatement(), "      ")}
    )
}
`;
}

/** The knowledge graph's types (schema/knowledge.graphql) and the traversal: what @neo4j/graphql builds from. */
export function graphTypeDefs(): DocumentNode[] {
  return [schemaFile("knowledge.graphql"), gql(suggestArticlesTypeDefs())];
}
