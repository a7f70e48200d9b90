import { normalizeSearchCypher } from "../suggestions";

/**
 * Learned links: `(:LearnedLink {text, url, helpful, createdAt, lastAnsweredAt, removedAt})`, one per search text
 * and article, counting agents' helpful answers for that article after that search. Written in the feedback
 * transaction (RECORD_FEEDBACK), by the difference an answer makes (an agent changing their answer moves the count
 * back), and only for searches that are not exactly a search term (those already lead somewhere). RELEVANCE
 * follows a link once it has KB_LEARNED_MIN_HELPFUL helpful answers; a removed link is never followed again.
 */
export const LEARN_FROM_ANSWER = `
WITH p, a, f, previous
CALL (p, a, previous) {
  WITH p, a, previous, left(${normalizeSearchCypher("coalesce(p.query, '')")}, 256) AS text
  WITH p, a, previous, text,
    CASE WHEN $helpful THEN 1 ELSE 0 END - CASE WHEN previous = true THEN 1 ELSE 0 END AS change
  WHERE text <> '' AND change <> 0 AND NOT EXISTS { MATCH (:Query {keyword: text}) }
  MERGE (l:LearnedLink {text: text, url: a.url})
  ON CREATE SET l.helpful = 0, l.createdAt = $now
  SET l.helpful = l.helpful + change, l.lastAnsweredAt = $now
}`;

/** Learned links, most helpful first (`$first`), with whether RELEVANCE follows them (`$minHelpful`). */
export const LIST_LEARNED = `
MATCH (l:LearnedLink)
RETURN l {.text, .url, .helpful, .lastAnsweredAt, .removedAt} AS link
ORDER BY l.removedAt IS NULL DESC, l.helpful DESC, l.lastAnsweredAt DESC, l.text ASC, l.url ASC
LIMIT $first`;

/** Removes a learned link for good: kept, marked, never followed again (nor re-learned). */
export const REMOVE_LEARNED = `
MATCH (l:LearnedLink {text: $text, url: $url})
SET l.removedAt = coalesce(l.removedAt, $now)
RETURN l {.text, .url, .helpful, .lastAnsweredAt, .removedAt} AS link`;
