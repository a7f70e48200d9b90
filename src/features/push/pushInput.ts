import type { PushToAgentAssistInput } from "../../generated/graphql";
import { BadUserInputError } from "../../platform/errors/GatewayError";
import {
  DEFAULT_RANKS,
  validateSearchOptions,
  validateSuggestionRequest,
  validateText,
  type RankDefaults,
  type SuggestionRequest,
} from "../suggestions";

/** What a caller asks to push: the GraphQL input, as codegen types it. */
export type PushInput = PushToAgentAssistInput;

export interface ValidPush extends SuggestionRequest {
  /** Where `query` came from: a search, or free text whose known terms are looked up (suggestFromText). */
  source: "query" | "text";
  interactionId: string;
  agentId: string;
  dryRun: boolean;
  /** Send articles already delivered to the interaction again (by default they are left out). */
  includeShown: boolean;
}

export const MAX_BATCH_SIZE = 50;
const AGENT_ID_MAX = 64;

/** Interaction ids each delivery route accepts: contract A's ids, or contract B's numeric contact ids. */
const INTERACTION_ID_RULES = {
  content: { pattern: /^[A-Za-z0-9_-]{1,64}$/, text: "1-64 characters of A-Z, a-z, 0-9, _ and -" },
  "studio-signal": { pattern: /^[0-9]{1,20}$/, text: "a numeric CXone contact id" },
} as const;

export type DeliveryMode = keyof typeof INTERACTION_ID_RULES;

/**
 * The live feed's filter (pushEvents), checked as a push's fields are: an id no push can have would make a feed
 * that stays silent forever. Either contract's interaction ids are accepted (numeric contact ids match too).
 */
export function validateFeedFilter(args: { interactionId?: string | null; agentId?: string | null }): void {
  const id = args.interactionId;
  if (id !== null && id !== undefined && !INTERACTION_ID_RULES.content.pattern.test(id))
    throw new BadUserInputError("interactionId", `interactionId must be ${INTERACTION_ID_RULES.content.text}`);
  const agent = args.agentId;
  if (agent !== null && agent !== undefined && (agent.trim() === "" || agent.length > AGENT_ID_MAX))
    throw new BadUserInputError("agentId", `agentId must be 1-${AGENT_ID_MAX} characters`);
}

/** Validates one push; `prefix` names the batch item (`inputs[3].`) in the error's `field`. */
export function validatePushInput(
  input: PushInput,
  delivery: DeliveryMode,
  prefix = "",
  ranks: RankDefaults = DEFAULT_RANKS,
): ValidPush {
  const rule = INTERACTION_ID_RULES[delivery];
  if (typeof input.interactionId !== "string" || !rule.pattern.test(input.interactionId)) {
    throw new BadUserInputError(`${prefix}interactionId`, `interactionId must be ${rule.text}`);
  }
  if (typeof input.agentId !== "string" || input.agentId.trim() === "" || input.agentId.length > AGENT_ID_MAX) {
    throw new BadUserInputError(`${prefix}agentId`, `agentId must be 1-${AGENT_ID_MAX} characters`);
  }
  const hasQuery = input.query !== null && input.query !== undefined;
  const hasText = input.text !== null && input.text !== undefined;
  if (hasQuery === hasText) throw new BadUserInputError(`${prefix}query`, "give exactly one of query and text");
  const suggestion = hasText
    ? {
        query: validateText(input.text, `${prefix}text`),
        ...validateSearchOptions(input.limit, prefix, input.rank, ranks.text),
      }
    : validateSuggestionRequest(input.query, input.limit ?? undefined, prefix, input.rank, ranks.search);
  return {
    ...suggestion,
    source: hasText ? "text" : "query",
    interactionId: input.interactionId,
    agentId: input.agentId,
    dryRun: input.dryRun === true,
    includeShown: input.includeShown === true,
  };
}

/** Refuses an over-large batch before any work is done. */
export function validateBatchSize(size: number): void {
  if (size > MAX_BATCH_SIZE) {
    throw new BadUserInputError("inputs", `a batch holds at most ${MAX_BATCH_SIZE} pushes, got ${size}`);
  }
  if (size === 0) throw new BadUserInputError("inputs", "a batch needs at least one push");
}
