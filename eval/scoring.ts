import type { Kind, LabelledQuery } from "./labelledSet";

/** Scores of one system on one kind of question (or all). */
export interface Scores {
  queries: number;
  hit1: number;
  hit5: number;
  mrr5: number;
  /** Share of questions answered with no card at all. */
  noAnswer: number;
  /** Share of questions answered with cards none of which is relevant (a wrong card is worse than none). */
  confidentlyWrong: number;
}

/** One answered question: the urls returned, best first. */
export interface Answer {
  query: LabelledQuery;
  urls: string[];
}

/**
 * hit@1, hit@5 and MRR@5 over the answerable questions (kind `none` has no right answer, so it only counts in
 * no-answer and confidently wrong: any card for it is wrong); no-answer and confidently-wrong over all of them.
 */
export function score(answers: readonly Answer[]): Scores {
  const answerable = answers.filter((a) => a.query.relevant.length > 0);
  const rankOf = (a: Answer) => a.urls.slice(0, 5).findIndex((u) => a.query.relevant.includes(u));
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    queries: answers.length,
    hit1: share(answerable.filter((a) => rankOf(a) === 0).length, answerable.length),
    hit5: share(answerable.filter((a) => rankOf(a) >= 0).length, answerable.length),
    mrr5: share(
      answerable.reduce((sum, a) => sum + (rankOf(a) >= 0 ? 1 / (rankOf(a) + 1) : 0), 0),
      answerable.length,
    ),
    noAnswer: share(answers.filter((a) => a.urls.length === 0).length, answers.length),
    confidentlyWrong: share(answers.filter((a) => a.urls.length > 0 && rankOf(a) < 0).length, answers.length),
  };
}

/** Scores per kind, and `all`. */
export function scoreByKind(answers: readonly Answer[]): Partial<Record<Kind | "all", Scores>> {
  const out: Partial<Record<Kind | "all", Scores>> = {};
  for (const kind of ["exact", "search", "sentence", "none"] as const) {
    const of = answers.filter((a) => a.query.kind === kind);
    if (of.length > 0) out[kind] = score(of);
  }
  out.all = score(answers);
  return out;
}
