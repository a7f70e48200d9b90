/** The suggestions feature's public module: what other features and the composition root may use. */
export type { SuggestionsContext } from "./context";
export { suggestionsFeature, WARM_UP_SAMPLE_QUERY } from "./feature";
export { toSuggestions, relevanceSuggestions, reasonOf, type PathStep, type SuggestionView } from "./explain";
export { EXPLAIN_SUGGESTIONS } from "./explainStatement";
export { KnowledgeTerms, BUMP_KB_VERSION } from "./KnowledgeTerms";
export { normalizeSearch, normalizeSearchCypher, gapText, GAP_TEXT_MAX } from "./searchText";
export {
  MAX_SUGGESTION_LIMIT,
  validateSearchOptions,
  validateSuggestionRequest,
  DEFAULT_RANKS,
  type RankDefaults,
  type RankMode,
  type SuggestionRequest,
} from "./suggestionInput";
export { createSuggestionLoader, type ArticleProperties, type SuggestionLoader } from "./suggestionLoader";
export { SharedReads } from "./sharedReads";
export { SuggestionCache } from "./SuggestionCache";
export { validateText } from "./termText";
export type { RelevanceHit } from "./relevance/RelevanceIndex";
