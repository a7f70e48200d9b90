/**
 * Knowledge gaps are counted per (text, kind, UTC day) in `(:KnowledgeGap {text, kind, day, searches,
 * lastSearchedAt, terms})`; a report sums the days asked for. Times are epoch milliseconds, days `YYYY-MM-DD`.
 */

/** Adds one flush's counts. MERGE on the unique (text, kind, day) is safe when two gateways flush at once. */
export const ADD_GAPS = `
UNWIND $gaps AS g
MERGE (k:KnowledgeGap {text: g.text, kind: g.kind, day: g.day})
ON CREATE SET k.searches = 0, k.lastSearchedAt = 0
SET k.searches = k.searches + g.searches,
    k.lastSearchedAt = CASE WHEN g.lastSearchedAt > k.lastSearchedAt THEN g.lastSearchedAt ELSE k.lastSearchedAt END,
    k.terms = CASE WHEN size(g.terms) > 0 THEN g.terms ELSE coalesce(k.terms, []) END
`;

/** The report: per text and kind, the searches since a day, most searched first; what was learned is no gap. */
export const GAP_REPORT = `
MATCH (k:KnowledgeGap)
WHERE k.day >= $sinceDay AND ($kind IS NULL OR k.kind = $kind) AND ($containing IS NULL OR k.text CONTAINS $containing)
  AND NOT EXISTS { MATCH (l:LearnedLink {text: k.text}) WHERE l.helpful >= $minHelpful AND l.removedAt IS NULL }
WITH k ORDER BY k.day ASC
WITH k.text AS text, k.kind AS kind, sum(k.searches) AS searches, max(k.lastSearchedAt) AS lastSearchedAt, last(collect(k.terms)) AS terms
RETURN text, kind, searches, lastSearchedAt, coalesce(terms, []) AS terms
ORDER BY searches DESC, lastSearchedAt DESC, text ASC, kind ASC
LIMIT $first
`;

/** The closest search terms for texts that matched none (what the full-text fallback uses: the best 3). */
export const FULLTEXT_TERMS = `
UNWIND $texts AS text
CALL (text) {
  WITH trim(apoc.text.regreplace(apoc.text.regreplace(trim(toLower(text)), '\\\\s+', ' '), '[^\\\\p{L}\\\\p{N}]+', ' ')) AS luceneTerms
  WITH luceneTerms WHERE luceneTerms <> ''
  CALL db.index.fulltext.queryNodes('search_term_keywords', luceneTerms, {limit: 3}) YIELD node
  RETURN collect(node.keyword) AS terms
}
RETURN text, terms
`;

/** Day buckets past retention, in bounded batches. */
export const DELETE_OLD_GAPS = `
MATCH (k:KnowledgeGap) WHERE k.day < $cutoffDay
WITH k LIMIT $batch
DELETE k
RETURN count(*) AS deleted
`;
