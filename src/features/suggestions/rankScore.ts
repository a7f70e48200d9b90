/**
 * The ranking score every suggestion statement orders by (descending, then fewer hops, then url): the priority,
 * plus for LEARNED the article's feedback adjustment times `$feedbackWeight` (KB_FEEDBACK_WEIGHT). The adjustment
 * is `wilsonLowerBound(helpful, answers) - 0.5`, kept on the article by every feedback write, null below
 * `MIN_FEEDBACK_ANSWERS` answers (src/features/knowledge/feedbackStatements.ts). Statements interpolate it; it is
 * written nowhere else.
 */
export const RANK_SCORE =
  "candidate.priority + CASE WHEN rankMode = 'LEARNED' THEN $feedbackWeight * coalesce(candidate.feedbackAdjustment, 0) ELSE 0 END";
