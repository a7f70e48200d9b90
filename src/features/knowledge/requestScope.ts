import DataLoader from "dataloader";
import type { ArticleProperties, SuggestionView } from "../suggestions";
import type { ArticleFeedbackView, ExplainItem, KnowledgeLoop } from "./KnowledgeLoop";

/** The knowledge loop as one request sees it: its loaders batch every path and feedback read of the request. */
export interface KnowledgeRequestScope {
  loop: KnowledgeLoop;
  /** Paths for ranked articles: every item asked for in one tick goes to Neo4j in one read. */
  explainer: DataLoader<ExplainItem, SuggestionView[]>;
  /** Article.feedback by url. */
  feedback: DataLoader<string, ArticleFeedbackView>;
  /**
   * Counts a search's outcome as a knowledge gap when it is one (in memory; see GapRecorder). `whole`: the articles
   * carry all their properties (false for @neo4j/graphql's projections, where a missing updatedAt means unselected).
   */
  noteSearch(text: string, articles: readonly ArticleProperties[], fromText: boolean, whole?: boolean): void;
}

export function knowledgeRequestScope(
  loop: KnowledgeLoop,
  requestId: string,
  options: { countGaps: boolean } = { countGaps: true },
): KnowledgeRequestScope {
  // Made on first use: most requests (a plain suggestArticles, a push) need neither loader.
  let explainer: KnowledgeRequestScope["explainer"] | undefined;
  let feedback: KnowledgeRequestScope["feedback"] | undefined;
  return {
    loop,
    get explainer() {
      explainer ??= new DataLoader<ExplainItem, SuggestionView[]>((items) => loop.explain(items, requestId), {
        cache: false,
      });
      return explainer;
    },
    get feedback() {
      feedback ??= loop.feedbackLoader(requestId);
      return feedback;
    },
    noteSearch(text, articles, fromText, whole = true) {
      if (!options.countGaps) return;
      const first = articles[0];
      if (fromText) {
        if (!first) loop.gaps.note(text, "NO_RESULTS");
        return;
      }
      const stale = first && (whole || "updatedAt" in first) ? loop.isStale(first.updatedAt) : undefined;
      loop.gaps.noteSearch(text, articles.length, loop.terms.current.matchesExactly(text), stale);
    },
  };
}
