import type { PathStep, Suggestion, SuggestionMatch } from "../../generated/graphql";
import type { ArticleProperties } from "./suggestionLoader";

export type { PathStep, SuggestionMatch };

/** A suggestion: the GraphQL type Suggestion, with the article as its node's properties. */
export type SuggestionView = Omit<Suggestion, "article" | "__typename"> & { article: ArticleProperties };

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
    path: row.path,
    reason: reasonOf(row.path),
  }));
}
