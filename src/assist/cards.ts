/** An article as the suggestion traversal returns it to the push path. */
export interface SuggestedArticle {
  title: string;
  url: string;
  summary: string | null;
  priority: number;
  /** ISO-8601, or null when the article has no updatedAt. */
  updatedAt: string | null;
}

/** A knowledge card in the brief's CXone shape. */
export interface CxoneCard {
  title: string;
  url: string;
  description: string;
  type: "article";
  displayType: "card";
  metadata: { source: "neo4j_knowledge_graph"; priority: number; lastUpdated?: string };
}

/** Longest title and description a card carries (in characters); longer text is cut with an ellipsis. */
export const CARD_TITLE_MAX = 200;
export const CARD_DESCRIPTION_MAX = 500;

/** Formats an article as a card; `lastUpdated` is the article's own updatedAt, omitted when unknown. */
export function toCard(article: SuggestedArticle): CxoneCard {
  return {
    title: truncate(article.title, CARD_TITLE_MAX),
    url: article.url,
    description: truncate(article.summary ?? "", CARD_DESCRIPTION_MAX),
    type: "article",
    displayType: "card",
    metadata: {
      source: "neo4j_knowledge_graph",
      priority: article.priority,
      ...(article.updatedAt ? { lastUpdated: article.updatedAt } : {}),
    },
  };
}

/** Cuts `text` to at most `max` characters (code points, so no emoji is split), ending in "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}
