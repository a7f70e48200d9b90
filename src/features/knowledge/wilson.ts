/** z for a 95% confidence interval. */
export const WILSON_Z = 1.96;
/** Answers an article needs before feedback moves its LEARNED rank (and before helpfulRate is shown). */
export const MIN_FEEDBACK_ANSWERS = 5;

/**
 * The lower bound of the Wilson score interval for `helpful` of `answers`: the helpful share we can be 95% sure of.
 * Few answers give a cautious (low) bound, many answers one close to the observed share. 0 for no answers.
 */
export function wilsonLowerBound(helpful: number, answers: number, z = WILSON_Z): number {
  if (answers <= 0) return 0;
  const p = helpful / answers;
  const z2 = z * z;
  return (p + z2 / (2 * answers) - z * Math.sqrt((p * (1 - p) + z2 / (4 * answers)) / answers)) / (1 + z2 / answers);
}

/** The same bound in Cypher, over the integer expressions `h` (helpful) and `n` (answers, at least 1). */
export function wilsonLowerBoundCypher(h: string, n: string, z = WILSON_Z): string {
  const p = `(toFloat(${h}) / ${n})`;
  const z2 = z * z;
  return `((${p} + ${z2} / (2.0 * ${n}) - ${z} * sqrt((${p} * (1 - ${p}) + ${z2} / (4.0 * ${n})) / ${n})) / (1 + ${z2} / ${n}))`;
}

/** The LEARNED adjustment of an article (before the weight): null below MIN_FEEDBACK_ANSWERS answers. */
export function feedbackAdjustment(helpful: number, answers: number): number | null {
  return answers >= MIN_FEEDBACK_ANSWERS ? wilsonLowerBound(helpful, answers) - 0.5 : null;
}
