import { BadUserInputError } from "../../platform/errors/GatewayError";

export const MAX_QUERY_LENGTH = 256;
export const DEFAULT_SUGGESTION_LIMIT = 5;
export const MAX_SUGGESTION_LIMIT = 20;

export const RANK_MODES = ["PRIORITY", "LEARNED", "RELEVANCE"] as const;
/** How suggestions are ordered (the GraphQL enum RankMode). */
export type RankMode = (typeof RANK_MODES)[number];

/** The rank a search uses when it names none: agents' searches, and what customers say (KB_SEARCH_RANK, KB_TEXT_RANK). */
export interface RankDefaults {
  search: RankMode;
  text: RankMode;
}

/** The defaults when nothing is configured: searches keep the original service's order, text ranks by relevance. */
export const DEFAULT_RANKS: RankDefaults = { search: "PRIORITY", text: "RELEVANCE" };

/** A validated request for suggestions, as both the GraphQL field and the push mutations take it. */
export interface SuggestionRequest {
  query: string;
  limit: number;
  rank: RankMode;
}

/**
 * Checks a search the way every entry point must: `query` 1-256 characters and not blank, `limit` 1-20.
 * `fieldPrefix` lets batch callers name the item at fault (e.g. `inputs[3].query`). `rank` null means PRIORITY.
 */
export function validateSuggestionRequest(
  query: unknown,
  limit: unknown = DEFAULT_SUGGESTION_LIMIT,
  fieldPrefix = "",
  rank: unknown = null,
  fallback: RankMode = DEFAULT_RANKS.search,
): SuggestionRequest {
  if (typeof query !== "string" || query.trim() === "") {
    throw new BadUserInputError(`${fieldPrefix}query`, "query must not be empty");
  }
  if (query.length > MAX_QUERY_LENGTH) {
    throw new BadUserInputError(`${fieldPrefix}query`, `query must be at most ${MAX_QUERY_LENGTH} characters`);
  }
  return { query, ...validateSearchOptions(limit, fieldPrefix, rank, fallback) };
}

/**
 * Checks what every search takes besides its text (a query or free text): `limit` 1-20 and the rank mode (null:
 * `fallback`, the configured default for that kind of search).
 */
export function validateSearchOptions(
  limit: unknown,
  fieldPrefix = "",
  rank: unknown = null,
  fallback: RankMode = DEFAULT_RANKS.search,
): { limit: number; rank: RankMode } {
  const effectiveLimit = limit ?? DEFAULT_SUGGESTION_LIMIT;
  if (
    !Number.isInteger(effectiveLimit) ||
    (effectiveLimit as number) < 1 ||
    (effectiveLimit as number) > MAX_SUGGESTION_LIMIT
  ) {
    throw new BadUserInputError(`${fieldPrefix}limit`, `limit must be between 1 and ${MAX_SUGGESTION_LIMIT}`);
  }
  return { limit: effectiveLimit as number, rank: rankModeOf(rank, fieldPrefix, fallback) };
}

/** Checks a rank mode (GraphQL has already checked the enum over HTTP; internal callers may not have). */
export function rankModeOf(rank: unknown, fieldPrefix = "", fallback: RankMode = DEFAULT_RANKS.search): RankMode {
  if (rank === null || rank === undefined) return fallback;
  if (!RANK_MODES.includes(rank as RankMode))
    throw new BadUserInputError(`${fieldPrefix}rank`, `rank must be one of ${RANK_MODES.join(", ")}`);
  return rank as RankMode;
}
