import { int, type Integer } from "neo4j-driver";
import { RANK_SCORE } from "./rankScore";
import type { RankMode } from "./suggestionInput";
import { normalizeSearchCypher } from "./searchText";

/** The traversal's parameters, bound first: `$query` (raw; normalised below), `$limit`, `$rank`. */
const HEAD = "WITH $query AS rawQuery, $limit AS maxResults, coalesce($rank, 'PRIORITY') AS rankMode";

/**
 * The suggestion traversal, after its parameters are bound as rawQuery, maxResults and rankMode. Two strategies,
 * one ranking (see docs/suggestion-ranking.md):
 * - walk (PRIORITY only): for a search term with at least 1,000 links (and enough of them that, spread evenly, the
 *   first $limit would be met within 1/16 of its link count of index entries), walk published articles best-first
 *   through the article_rank index (priority level by level; in each level first the articles one hop away, then
 *   those two hops away, by url) and keep those the term reaches. This stream is already in ranking order, so its
 *   first rows are the answer. It stops at $limit found (the batched form passes its largest limit) or after 4,096
 *   index entries; found fewer than asked, the expansion below runs instead, so the answer never depends on the
 *   strategy.
 * - expansion: from the term(s), every path of one or two hops, each article once with its fewest hops. LIMIT 20
 *   (the largest limit allowed) lets Neo4j keep a partial sort instead of sorting every candidate. The score is
 *   RANK_SCORE.
 */
const BODY = String.raw`
WITH ${normalizeSearchCypher("rawQuery")} AS needle, maxResults, rankMode
WITH needle, maxResults, rankMode, trim(apoc.text.regreplace(needle, '[^\\p{L}\\p{N}]+', ' ')) AS luceneTerms
OPTIONAL MATCH (exact:Query {keyword: needle})
CALL (exact, rankMode) {
  WITH exact, rankMode, COUNT { (exact)-[:RELATED_TO|SIMILAR_TO|RESOLVES]->() } AS degree
  WHERE exact IS NOT NULL AND rankMode = 'PRIORITY' AND degree >= 1000 AND 16 * $limit * COUNT { (:Article) } <= degree * degree
  WITH exact,
    COLLECT { MATCH (top:Article) WHERE top.status = 'published' AND top.priority IS NOT NULL
              RETURN top.priority ORDER BY top.priority DESC LIMIT 1 }[0] AS highest,
    COLLECT { MATCH (low:Article) WHERE low.status = 'published' AND low.priority IS NOT NULL
              RETURN low.priority ORDER BY low.priority ASC LIMIT 1 }[0] AS lowest
  WHERE highest = toInteger(highest) AND lowest = toInteger(lowest) AND highest - lowest <= 1000
  UNWIND range(toInteger(highest), toInteger(lowest), -1) AS level
  UNWIND [1, 2] AS hops
  CALL (level) {
    MATCH (a:Article) WHERE a.status = 'published' AND a.priority = level AND a.url IS NOT NULL
    RETURN a ORDER BY a.status, a.priority, a.url
  }
  WITH exact, a, hops LIMIT 4096
  WHERE CASE hops
    WHEN 1 THEN EXISTS { (exact)-[:RELATED_TO|SIMILAR_TO|RESOLVES]->(a) }
    ELSE NOT EXISTS { (exact)-[:RELATED_TO|SIMILAR_TO|RESOLVES]->(a) }
      AND EXISTS { (exact)-[:RELATED_TO|SIMILAR_TO|RESOLVES]->()-[:RELATED_TO|SIMILAR_TO|RESOLVES]->(a) }
  END
  WITH a LIMIT $limit
  RETURN collect(a) AS walked
}
CALL (exact, luceneTerms, walked, maxResults, rankMode) {
  WITH exact, luceneTerms, rankMode WHERE size(walked) < maxResults
  CALL (exact, luceneTerms) {
    WITH exact WHERE exact IS NOT NULL
    RETURN exact AS term
    UNION
    WITH exact, luceneTerms WHERE exact IS NULL AND luceneTerms <> ''
    CALL db.index.fulltext.queryNodes('search_term_keywords', luceneTerms, {limit: 3}) YIELD node
    RETURN node AS term
  }
  MATCH path = (term)-[:RELATED_TO|SIMILAR_TO|RESOLVES*1..2]->(candidate:Article)
  WHERE candidate.status = 'published' AND candidate.priority IS NOT NULL AND candidate.url IS NOT NULL
  WITH candidate, min(length(path)) AS hops
  WITH candidate, hops,
    ${RANK_SCORE} AS score
  ORDER BY score DESC, hops ASC, candidate.url ASC
  LIMIT 20
  RETURN collect(candidate) AS expanded
}
WITH maxResults, CASE WHEN size(walked) >= maxResults THEN walked ELSE expanded END AS ranked
UNWIND ranked[0..maxResults] AS article
RETURN article
`;

/**
 * The statement of `Query.suggestArticles` (its @cypher directive is built from it, see typeDefs.ts). RELEVANCE is
 * ranked in memory (relevance/RelevanceIndex.ts): for a selection that reaches into relationships the field's
 * resolver passes the ranked urls as `$query`, a JSON list, and this statement only fetches them in order.
 */
export function suggestArticlesStatement(): string {
  return [
    HEAD,
    "CALL (rawQuery, maxResults, rankMode) {",
    "  WITH rawQuery, rankMode WHERE rankMode = 'RELEVANCE'",
    "  WITH apoc.convert.fromJsonList(rawQuery) AS urls",
    "  UNWIND range(0, size(urls) - 1) AS position",
    "  MATCH (article:Article {url: urls[position]}) WHERE article.status = 'published'",
    "  RETURN article",
    "  UNION ALL",
    "  WITH rawQuery, maxResults, rankMode WHERE rankMode <> 'RELEVANCE'",
    BODY.trim(),
    "}",
    "RETURN article",
  ].join("\n");
}

/**
 * The traversal for many searches in one round trip (the push mutations' and scalar-only suggestArticles'
 * DataLoader): each row of `$requests` ({key, query, limit, rank}) yields rows `{key, article}` in ranked order.
 * Run it with `batchSuggestParams`: inside the statement `$limit` (which bounds how far the index walk goes) is
 * the largest limit of the batch, and `$feedbackWeight` is KB_FEEDBACK_WEIGHT.
 */
export function batchSuggestStatement(): string {
  return [
    "UNWIND $requests AS request",
    "CALL (request) {",
    "  WITH request.query AS rawQuery, request.limit AS maxResults, request.rank AS rankMode",
    BODY,
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
