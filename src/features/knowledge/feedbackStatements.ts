import { MIN_FEEDBACK_ANSWERS, wilsonLowerBoundCypher } from "./wilson";
import { LEARN_FROM_ANSWER } from "./learnedStatements";

/**
 * Records one answer, in one transaction. The push is locked first (answers to one push are written one after the
 * other, so "every card not helpful" is decided once), then the article (its counters change by the difference
 * this answer makes: the last answer of an agent for a card in a push wins). The article keeps
 * `feedbackHelpful`, `feedbackNotHelpful` and `feedbackAdjustment` (the LEARNED ranking's input, see
 * src/features/suggestions/rankScore.ts). No row comes back when the url is not one of the push's cards (or the push is unknown).
 * `unhelpful` is true once, for the answer that made every card of the push "not helpful". A helpful answer after a
 * search that is not a term also counts towards a learned link (learnedStatements.ts).
 */
export const RECORD_FEEDBACK = `
MATCH (p:Push {id: $pushId})
SET p.feedbackLock = true REMOVE p.feedbackLock
WITH p
MATCH (p)-[:SHOWED]->(a:Article {url: $url})
SET a.feedbackLock = true REMOVE a.feedbackLock
MERGE (f:CardFeedback {pushId: p.id, url: a.url, agentId: $agentId})
WITH p, a, f, f.helpful AS previous
SET f.helpful = $helpful, f.reason = $reason, f.answeredAt = $now
MERGE (p)-[:GOT_FEEDBACK]->(f)
MERGE (f)-[:ABOUT]->(a)
${LEARN_FROM_ANSWER}
SET a.feedbackHelpful = coalesce(a.feedbackHelpful, 0) + CASE WHEN $helpful THEN 1 ELSE 0 END - CASE WHEN previous = true THEN 1 ELSE 0 END,
    a.feedbackNotHelpful = coalesce(a.feedbackNotHelpful, 0) + CASE WHEN $helpful THEN 0 ELSE 1 END - CASE WHEN previous = false THEN 1 ELSE 0 END
WITH p, a, f, a.feedbackHelpful AS h, a.feedbackHelpful + a.feedbackNotHelpful AS n
SET a.feedbackAdjustment = CASE WHEN n >= ${MIN_FEEDBACK_ANSWERS} THEN ${wilsonLowerBoundCypher("h", "n")} - 0.5 ELSE null END
WITH p, f,
  COUNT { (p)-[:SHOWED]->() } AS cards,
  COUNT { MATCH (p)-[:GOT_FEEDBACK]->(x:CardFeedback {helpful: false}) RETURN DISTINCT x.url } AS unhelpfulCards,
  EXISTS { (p)-[:GOT_FEEDBACK]->(:CardFeedback {helpful: true}) } AS anyHelpful
WITH p, f, p.unhelpfulAt IS NULL AND cards > 0 AND unhelpfulCards >= cards AND NOT anyHelpful AS unhelpful
SET p.unhelpfulAt = CASE WHEN unhelpful THEN $now ELSE p.unhelpfulAt END
RETURN f {.*} AS feedback, p.query AS query, unhelpful
`;

/** Why a feedback write found nothing: the push is unknown, or the url is not one of its cards. */
export const PUSH_EXISTS = "MATCH (p:Push {id: $pushId}) RETURN count(p) > 0 AS exists";

/**
 * Article feedback by url: the counters, and the delivered pushes that showed it (count, latest delivery).
 */
export const ARTICLE_FEEDBACK = `
UNWIND $urls AS url
MATCH (a:Article {url: url})
RETURN url, coalesce(a.feedbackHelpful, 0) AS helpful, coalesce(a.feedbackNotHelpful, 0) AS notHelpful,
  COUNT { (a)<-[:SHOWED]-(p:Push) WHERE p.status = 'DELIVERED' } AS shown,
  COLLECT { MATCH (a)<-[:SHOWED]-(p:Push) WHERE p.status = 'DELIVERED' RETURN p.deliveredAt ORDER BY p.deliveredAt DESC LIMIT 1 }[0] AS lastShownAt
`;
