import type { BaseContext } from "../../platform/graphql/context";
import type { ArticleProperties, SuggestionLoader } from "./suggestionLoader";
import type { RankDefaults } from "./suggestionInput";
import type { RelevanceIndex } from "./relevance/RelevanceIndex";

/**
 * What suggestArticles reads from a request's context: the request's DataLoader, and where a search is noted as a
 * possible knowledge gap (the knowledge feature provides it; suggestions do not depend on that feature).
 */
export interface SuggestionsContext extends BaseContext {
  assist?: {
    loader: SuggestionLoader;
    /** The configured default rank of searches and of text (KB_SEARCH_RANK, KB_TEXT_RANK). */
    ranks?: RankDefaults;
    /** The relevance index of the moment (RELEVANCE). */
    relevance?: () => RelevanceIndex | undefined;
  };
  knowledge?: {
    noteSearch(text: string, articles: readonly ArticleProperties[], fromText: boolean, whole?: boolean): void;
  };
}
