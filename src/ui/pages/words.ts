/** The gateway's enums in a supervisor's or an agent's words, shared by the console and the agent page. */

/** A push's status: a short badge and the sentence behind it (on hover, and in the Push tab's outcome). */
export const PUSH_STATUS: Record<string, { badge: string; tone: Tone; says: string }> = {
  PENDING: { badge: "Sending", tone: "info", says: "Sending to the agent's screen." },
  QUEUED: { badge: "Retrying", tone: "warn", says: "CXone is not answering; the gateway keeps trying." },
  DELIVERED: { badge: "Delivered", tone: "good", says: "Delivered to the agent's screen." },
  NO_RESULTS: { badge: "No articles", tone: "neutral", says: "No article found; nothing was sent." },
  ALREADY_SHOWN: {
    badge: "Already shown",
    tone: "neutral",
    says: "The agent already has these articles; nothing was sent.",
  },
  EXPIRED: { badge: "Expired", tone: "bad", says: "Not delivered in time; the call has likely moved on." },
  FAILED: { badge: "Failed", tone: "bad", says: "CXone refused the push." },
  DRY_RUN: { badge: "Preview", tone: "info", says: "Preview: nothing was sent." },
};

/** A knowledge gap's kind. */
export const GAP_KIND: Record<string, { badge: string; tone: Tone; says: string }> = {
  NO_RESULTS: { badge: "No article", tone: "bad", says: "The search found no published article." },
  FUZZY_ONLY: {
    badge: "Near matches only",
    tone: "warn",
    says: "No search term matched; only the full-text fallback found articles.",
  },
  UNHELPFUL: { badge: "Not helpful", tone: "bad", says: 'An agent answered "not helpful" to every card of a push.' },
  STALE: { badge: "Out of date", tone: "warn", says: "The search's first suggestion is stale." },
};

/** How a suggestion was found. */
export const MATCHED_BY: Record<string, { badge: string; says: string }> = {
  EXACT: { badge: "Exact term", says: "The search is a known search term." },
  FULLTEXT: { badge: "Near match", says: "No term matched; the closest terms by full-text search were used." },
  TEXT: { badge: "Term in text", says: "A known term was spotted in the text." },
  TERM_VARIANT: { badge: "Similar term", says: "A term matched through word forms, typos, synonyms or initials." },
  ARTICLE_TEXT: { badge: "Article text", says: "The article's own title or summary matched." },
  LEARNED: { badge: "Learned", says: "Agents marked this article helpful for this search." },
};

/** The colour family of a badge. */
export type Tone = "good" | "warn" | "bad" | "info" | "neutral";

/** A word for an enum value, falling back to the value with its underscores as spaces, in sentence case. */
export function wordFor(table: Record<string, { badge: string }>, value: string): string {
  const known = table[value]?.badge;
  if (known) return known;
  const words = value.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
