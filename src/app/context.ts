import type { KnowledgeContext } from "../features/knowledge";
import type { PushContext } from "../features/push";
import type { SuggestionsContext } from "../features/suggestions";

/** A request's whole context: the platform's part and what each feature adds. */
export type GatewayContext = PushContext & KnowledgeContext & SuggestionsContext;
