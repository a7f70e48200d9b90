/**
 * Why each suggested article was suggested: for each item of `$items` ({key, query, terms, urls}: a search as
 * suggestArticles takes it, or known terms spotted in text) and each of its ranked urls, the shortest path from
 * the search's terms to the article. The terms are found as the traversal finds them: the exact term, else the
 * best 3 by full-text search (in score order); or the spotted terms (in text order). Among equally short paths the
 * earlier term wins, then the path's relationship types and labels in alphabetical order, so the answer is stable.
 */
export const EXPLAIN_SUGGESTIONS = `
UNWIND $items AS item
CALL (item) {
  WITH item, apoc.text.regreplace(trim(toLower(coalesce(item.query, ''))), '\\\\s+', ' ') AS needle
  WITH item, needle, trim(apoc.text.regreplace(needle, '[^\\\\p{L}\\\\p{N}]+', ' ')) AS luceneTerms
  OPTIONAL MATCH (exact:Query {keyword: needle}) WHERE item.terms IS NULL
  CALL (item, exact, luceneTerms) {
    WITH item WHERE item.terms IS NOT NULL
    UNWIND range(0, size(item.terms) - 1) AS position
    MATCH (term:Query {keyword: item.terms[position]})
    RETURN term, position, 'TEXT' AS matchedBy
    UNION
    WITH exact WHERE exact IS NOT NULL
    RETURN exact AS term, 0 AS position, 'EXACT' AS matchedBy
    UNION
    WITH item, exact, luceneTerms WHERE item.terms IS NULL AND exact IS NULL AND luceneTerms <> ''
    CALL db.index.fulltext.queryNodes('search_term_keywords', luceneTerms, {limit: 3}) YIELD node
    WITH collect(node) AS nodes
    UNWIND range(0, size(nodes) - 1) AS position
    RETURN nodes[position] AS term, position, 'FULLTEXT' AS matchedBy
  }
  WITH item, collect({term: term, position: position, matchedBy: matchedBy}) AS terms
  UNWIND range(0, size(item.urls) - 1) AS rank
  MATCH (article:Article {url: item.urls[rank]})
  CALL (article, terms) {
    UNWIND terms AS t
    WITH t.term AS term, t.position AS position, t.matchedBy AS matchedBy
    MATCH path = (term)-[:RELATED_TO|SIMILAR_TO|RESOLVES*1..2]->(article)
    WITH path, position, matchedBy,
      [r IN relationships(path) | type(r)] AS types, [n IN nodes(path) | coalesce(n.keyword, n.title, '')] AS labels
    RETURN path, matchedBy ORDER BY length(path) ASC, position ASC, types ASC, labels ASC LIMIT 1
  }
  RETURN rank, article, matchedBy,
    [i IN range(0, length(path)) | {
      kind: CASE WHEN 'Query' IN labels(nodes(path)[i]) THEN 'TERM' ELSE 'ARTICLE' END,
      label: coalesce(nodes(path)[i].keyword, nodes(path)[i].title, ''),
      relationship: CASE WHEN i = 0 THEN null ELSE type(relationships(path)[i - 1]) END
    }] AS path
}
RETURN item.key AS key, rank, article, matchedBy, path
ORDER BY key, rank
`;
