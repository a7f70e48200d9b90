import type { KnowledgeBase } from "../src/features/kb";
import type { KnowledgeSnapshot, LinkType } from "../src/features/suggestions/relevance/knowledgeSnapshot";

/** The snapshot the gateway would read after importing `kb` (for `npm run eval -- --offline`). */
export function snapshotOf(kb: KnowledgeBase): KnowledgeSnapshot {
  const published = kb.articles.filter((a) => a.status === "published");
  return {
    articles: published.map((a) => ({
      url: a.url,
      title: a.title,
      summary: a.summary,
      priority: a.priority,
      feedbackAdjustment: null,
    })),
    terms: kb.searchTerms.map((t) => ({
      keyword: t.keyword,
      links: kb.links.flatMap((l) =>
        "term" in l.from && l.from.term === t.keyword
          ? [
              "term" in l.to
                ? { type: l.type as LinkType, term: l.to.term }
                : { type: l.type as LinkType, article: l.to.article },
            ]
          : [],
      ),
    })),
    articleLinks: kb.links.flatMap((l) =>
      "article" in l.from && "article" in l.to
        ? [{ from: l.from.article, type: l.type as LinkType, to: l.to.article }]
        : [],
    ),
    synonyms: kb.synonyms ?? [],
    learned: [],
  };
}
