import type { SuggestionsContext } from "../suggestions";
import type { KnowledgeRequestScope } from "./requestScope";

/** What the knowledge feature adds to a request's context: paths, feedback, knowledge gaps, terms in text. */
export interface KnowledgeContext extends SuggestionsContext {
  /** Absent in schema-only tests. */
  knowledge?: KnowledgeRequestScope;
}
