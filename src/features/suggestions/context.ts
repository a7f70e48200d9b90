import type { BaseContext } from "../../platform/graphql/context";
import type { ArticleProperties, SuggestionLoader } from "./suggestionLoader";

/**
 * What suggestArticles reads from a request's context: the request's DataLoader, and where a search is noted as a
 * possible knowledge gap (the knowledge feature provides it; suggestions do not depend on that feature).
 */
export interface SuggestionsContext extends BaseContext {
  assist?: { loader: SuggestionLoader };
  knowledge?: {
    noteSearch(text: string, articles: readonly ArticleProperties[], fromText: boolean, whole?: boolean): void;
  };
}
