/** The link types of the knowledge graph. */
export type LinkType = "RESOLVES" | "RELATED_TO" | "SIMILAR_TO";

/** A published article as relevance ranking sees it. */
export interface SnapshotArticle {
  url: string;
  title: string;
  summary: string;
  priority: number;
  /** The stored LEARNED adjustment (Wilson lower bound − 0.5), null below enough answers. */
  feedbackAdjustment: number | null;
}

/** A search term and where its links lead (to another term by keyword, or to an article by url). */
export interface SnapshotTerm {
  keyword: string;
  links: { type: LinkType; term?: string; article?: string }[];
}

/** A learned way in: a search agents marked an article helpful for, with how many helpful answers. */
export interface SnapshotLearned {
  text: string;
  url: string;
  helpful: number;
}

/** Everything relevance ranking reads, loaded from the graph in one go (see KnowledgeTerms). */
export interface KnowledgeSnapshot {
  articles: SnapshotArticle[];
  terms: SnapshotTerm[];
  /** Links between articles (RELATED_TO further reading, and any other type an editor used). */
  articleLinks: { from: string; type: LinkType; to: string }[];
  /** Groups of phrases that mean the same ("dd", "direct debit"), from the knowledge base's synonyms. */
  synonyms: string[][];
  learned: SnapshotLearned[];
}

export const EMPTY_SNAPSHOT: KnowledgeSnapshot = {
  articles: [],
  terms: [],
  articleLinks: [],
  synonyms: [],
  learned: [],
};
