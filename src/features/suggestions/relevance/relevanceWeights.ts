import type { LinkType } from "./knowledgeSnapshot";

/**
 * The constants of RELEVANCE ranking (docs/suggestion-ranking.md explains each). Text matching is BM25F: each
 * field's term frequency normalised by its length, weighted, summed, then saturated with k1.
 */
export const BM25 = { k1: 1.2 } as const;

/** The fields of an article's searchable text: weight (how much a match there counts) and b (length normalisation). */
export const FIELDS = {
  title: { weight: 2.5, b: 0.5 },
  summary: { weight: 1.0, b: 0.75 },
  /** The keywords of the search terms that lead to the article (learned searches count only whole). */
  terms: { weight: 2.0, b: 0.5 },
  /** Initials of the title and of those keywords ("psr" for "Priority Services Register"). */
  initials: { weight: 2.0, b: 0 },
} as const;

export type FieldName = keyof typeof FIELDS;

/** How much a link carries: what a term RESOLVES counts fully, RELATED_TO and SIMILAR_TO less. */
export const LINK_WEIGHT: Record<LinkType, number> = { RESOLVES: 1.0, RELATED_TO: 0.7, SIMILAR_TO: 0.6 };
/** A second hop carries this share of the first's weight times its own. */
export const SECOND_HOP = 0.6;
/** A term keyword reached two hops away adds this share of its words to the article's `terms` field. */
export const SECOND_HOP_TEXT = 0.3;

/** How a query word matches a known word: as it is (same stem), one typo away, or through a synonym. */
export const MATCH_WEIGHT = { stem: 1.0, compound: 1.0, typo: 0.75, synonym: 0.9, initials: 1.0 } as const;

/** A search term all of whose words the query has: this many times the words' IDF, times the link's weight. */
export const TERM_MATCH_WEIGHT = 1.0;

/** Priority moves a score by at most this share (lowest priority of the knowledge base 0, highest the full share). */
export const PRIORITY_SHARE = 0.1;
/** The LEARNED adjustment (−0.5..0.5) moves a score by this share of it. */
export const FEEDBACK_SHARE = 0.4;

/**
 * The quality floor: below it the answer is no card rather than a wrong one.
 * - A search must match words carrying at least `searchCoverage` of its IDF, so one common word of several never
 *   brings a card. A word the knowledge base has never seen (no typo or synonym of a known one either) weighs
 *   `unknownWordShare` of its IDF: it cannot be matched, but it still says the search is about something else.
 * - A customer's sentence is mostly words no article needs ("my", "yesterday", "kitchen"), so its floor is the
 *   evidence an article has: the IDF of the sentence words it matches (`strongPlace` times more in its title, terms
 *   or initials, or through a whole term), at least `sentenceEvidence` times the IDF of a word no article has.
 */
export const FLOOR = { searchCoverage: 0.5, unknownWordShare: 0.5, sentenceEvidence: 0.6, strongPlace: 1.5 } as const;
