/**
 * The ranking score both suggestion statements order by (descending, then fewer hops, then url): the priority,
 * plus for LEARNED the article's feedback adjustment times `$feedbackWeight` (KB_FEEDBACK_WEIGHT). The adjustment
 * is `wilsonLowerBound(helpful, answers) - 0.5`, kept on the article by every feedback write, null below
 * `MIN_FEEDBACK_ANSWERS` answers (src/knowledge/feedbackStatements.ts). In the suggestArticles @cypher statement
 * (schema/knowledge.graphql) the same expression is written out; a unit test checks they are the same.
 */
export const LEARNED_SCORE =
  "candidate.priority + CASE WHEN rankMode = 'LEARNED' THEN $feedbackWeight * coalesce(candidate.feedbackAdjustment, 0) ELSE 0 END";
