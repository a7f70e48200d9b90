/**
 * Reads of the knowledge graph for the in-memory indexes (KnowledgeTerms): each returns one kind of thing, so a
 * large knowledge base streams as plain rows.
 */
export const SNAPSHOT_ARTICLES = `
MATCH (a:Article)
WHERE a.status = 'published' AND a.url IS NOT NULL AND a.priority IS NOT NULL
RETURN a.url AS url, coalesce(a.title, '') AS title, coalesce(a.summary, '') AS summary,
  toFloat(a.priority) AS priority, a.feedbackAdjustment AS feedbackAdjustment`;

export const SNAPSHOT_TERMS = `
MATCH (q:Query) WHERE q.keyword IS NOT NULL
RETURN q.keyword AS keyword,
  [(q)-[r:RELATED_TO|SIMILAR_TO|RESOLVES]->(x) WHERE x:Query OR x:Article |
    {type: type(r), term: x.keyword, article: CASE WHEN x:Article THEN x.url END}] AS links`;

export const SNAPSHOT_ARTICLE_LINKS = `
MATCH (a:Article)-[r:RELATED_TO|SIMILAR_TO|RESOLVES]->(b:Article)
WHERE a.url IS NOT NULL AND b.url IS NOT NULL
RETURN a.url AS from, type(r) AS type, b.url AS to`;

export const SNAPSHOT_SYNONYMS = "MATCH (g:SynonymGroup) WHERE g.phrases IS NOT NULL RETURN g.phrases AS phrases";

/** Learned links with enough helpful answers to count (`$minHelpful`) and not removed. */
export const SNAPSHOT_LEARNED = `
MATCH (l:LearnedLink) WHERE l.helpful >= $minHelpful AND l.removedAt IS NULL
RETURN l.text AS text, l.url AS url, l.helpful AS helpful`;

/**
 * What changes when anyone writes the knowledge base: the import version, and counts Neo4j keeps in its count
 * store (nodes by label, relationships by type: no scan), the published articles (an index count) and the learned
 * links' answers. A write by any writer that adds or removes an article, term, link or synonym group, publishes or
 * withdraws an article, or teaches a link moves one of them; edits in place are picked up by the periodic reload.
 */
export const KB_FINGERPRINT = `
OPTIONAL MATCH (m:KbMeta {id: 'kb'})
RETURN coalesce(m.version, 0) AS version,
  COUNT { (:Article) } AS articles, COUNT { (:Query) } AS terms,
  COUNT { ()-[:RESOLVES]->() } AS resolves, COUNT { ()-[:RELATED_TO]->() } AS related,
  COUNT { ()-[:SIMILAR_TO]->() } AS similar, COUNT { (:SynonymGroup) } AS synonyms,
  COUNT { (a:Article) WHERE a.status = 'published' } AS published,
  COLLECT { MATCH (l:LearnedLink) WHERE l.removedAt IS NULL RETURN sum(l.helpful) }[0] AS learned`;
