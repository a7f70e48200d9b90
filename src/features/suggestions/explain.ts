import type { PathStep, Suggestion, SuggestionMatch } from "../../generated/graphql";
import type { ArticleProperties } from "./models";
import type { RelevanceHit } from "./relevance/RelevanceIndex";

export type { PathStep, SuggestionMatch };

/** A suggestion: the GraphQL type Suggestion, with the article as its node's properties. */
export type SuggestionView = Omit<Suggestion, "article" | "__typename"> & { article: ArticleProperties };

/** Views of the relevance index's hits, for the articles fetched (in the hits' order; unpublished ones left out). */
export function relevanceSuggestions(
  hits: readonly RelevanceHit[],
  articles: readonly ArticleProperties[],
): SuggestionView[] {
  const byUrl = new Map(articles.map((a) => [String(a.url), a]));
  return hits
    .flatMap((hit) => {
      const article = byUrl.get(hit.url);
      if (!article) return [];
      const view: SuggestionView = {
        article,
        rank: 0,
        hops: Math.max(0, hit.path.length - 1),
        matchedBy: hit.matchedBy as SuggestionMatch,
        matchedTerm: hit.matchedTerm,
        matchedWords: hit.matchedWords,
        learnedFrom: hit.learnedFrom ?? null,
        path: hit.path,
        reason:
          hit.matchedBy === "ARTICLE_TEXT"
            ? `matched "${hit.matchedWords.join(" ")}" in the article`
            : hit.matchedBy === "LEARNED"
              ? `via "${hit.matchedTerm}" (learned from ${hit.learnedFrom ?? 0} helpful answers)`
              : reasonOf(hit.path),
      };
      return [view];
    })
    .map((view, i) => ({ ...view, rank: i + 1 }));
}

/** The path in one short line: `via "voip gateway" (resolves)`, `via "vpn" (similar to → resolves)`. */
export function reasonOf(path: readonly PathStep[]): string {
  const term = path[0]?.label ?? "";
  const links = path.slice(1).map((step) => (step.relationship ?? "").toLowerCase().replace(/_/g, " "));
  return `via "${term}" (${links.join(" → ")})`;
}

/** Builds the views of one search's ranked articles from the explain statement's rows (which come in rank order). */
export function toSuggestions(
  rows: readonly { rank: number; article: ArticleProperties; matchedBy: string; path: PathStep[] }[],
): SuggestionView[] {
  return rows.map((row) => ({
    article: row.article,
    rank: row.rank + 1,
    hops: row.path.length - 1,
    matchedBy: row.matchedBy as SuggestionMatch,
    matchedTerm: row.path[0]?.label ?? "",
    matchedWords: [],
    learnedFrom: null,
    path: row.path,
    reason: reasonOf(row.path),
  }));
}
