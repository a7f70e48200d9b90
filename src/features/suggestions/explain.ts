import type { ArticleProperties } from "./suggestionLoader";

export type SuggestionMatch = "EXACT" | "FULLTEXT" | "TEXT";

export interface PathStep {
  kind: "TERM" | "ARTICLE";
  label: string;
  relationship: string | null;
}

/** A suggestion as the GraphQL type Suggestion (the article as its node's properties). */
export interface SuggestionView {
  article: ArticleProperties;
  rank: number;
  hops: number;
  matchedBy: SuggestionMatch;
  matchedTerm: string;
  path: PathStep[];
  reason: string;
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
    path: row.path,
    reason: reasonOf(row.path),
  }));
}
