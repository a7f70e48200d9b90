import { RANK_SCORE } from "./rankScore";

/**
 * Suggestions from several known search terms at once (what the customer said, see TermIndex.ts):
 * each row of `$requests` ({key, terms, limit, rank}) yields rows `{key, article}` in ranked order. The ranking is
 * suggestArticles' expansion, over every term together: each article once, with its fewest hops from any of them,
 * then score descending, fewer hops, url.
 */
export const SUGGEST_FROM_TERMS = `
UNWIND $requests AS request
CALL (request) {
  MATCH (term:Query) WHERE term.keyword IN request.terms
  MATCH path = (term)-[:RELATED_TO|SIMILAR_TO|RESOLVES*1..2]->(candidate:Article)
  WHERE candidate.status = 'published' AND candidate.priority IS NOT NULL AND candidate.url IS NOT NULL
  WITH request.rank AS rankMode, candidate, min(length(path)) AS hops
  WITH candidate, hops, ${RANK_SCORE} AS score
  ORDER BY score DESC, hops ASC, candidate.url ASC
  LIMIT 20
  RETURN collect(candidate) AS ranked
}
UNWIND ranked[0..request.limit] AS article
RETURN request.key AS key, article
`;
