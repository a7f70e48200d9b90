/** An article as the suggestion traversal returns it to the push path. */
export interface SuggestedArticle {
  title: string;
  url: string;
  summary: string | null;
  priority: number;
  /** ISO-8601, or null when the article has no updatedAt. */
  updatedAt: string | null;
}

/** Reads the article fields a card needs from a node's properties. */
export function suggestedArticle(p: Record<string, unknown>): SuggestedArticle {
  return {
    title: String(p.title ?? ""),
    url: String(p.url ?? ""),
    summary: typeof p.summary === "string" ? p.summary : null,
    priority: typeof p.priority === "number" ? p.priority : Number(p.priority ?? 0),
    // Neo4j temporal values print as ISO-8601.
    updatedAt: p.updatedAt == null ? null : String(p.updatedAt),
  };
}

/** A knowledge card in the CXone shape the gateway sends (contract A's content body). */
export interface CxoneCard {
  title: string;
  url: string;
  description: string;
  type: "article";
  displayType: "card";
  metadata: { source: "neo4j_knowledge_graph"; priority: number; lastUpdated?: string; reason?: string };
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
  return `${chars
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}
