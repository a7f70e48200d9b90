import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type ValidationContext, type ValidationRule } from "graphql";
import type { QueryLimits } from "../config/config";
import type { BaseContext } from "./context";

/**
 * Depth, alias, directive and cost limits from graphql-armor (a maintained library, rather than our own
 * validation rules): refusals are validation errors, code GRAPHQL_VALIDATION_FAILED, HTTP 400. The token
 * limit is graphql-js's own parser option: armor's Apollo token plugin re-parses in a hook and turns every
 * syntax error into an HTTP 500, so it stays off; the parser's refusal is GRAPHQL_PARSE_FAILED, HTTP 400.
 * Armor's own refusals read "Syntax Error: ..." (and the cost rule's throw ends validation as "Validation
 * aborted."), so each limit reports its own sentence instead: what was found, the limit and its setting.
 */
export function queryLimits(limits: QueryLimits): {
  plugins: ApolloServerPlugin<BaseContext>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ...refusal(LIMIT_SENTENCES.depth) },
    maxAliases: { n: limits.maxAliases, ...refusal(LIMIT_SENTENCES.aliases) },
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives, ...refusal(LIMIT_SENTENCES.directives) },
    costLimit: { maxCost: limits.maxCost, ...refusal(LIMIT_SENTENCES.cost) },
    // Field suggestions ("did you mean ...") help people in Sandbox; production hides the schema anyway.
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  return {
    plugins: protection.plugins as ApolloServerPlugin<BaseContext>[],
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}

/** What each limit says, from armor's "limit of N exceeded, found M". */
export const LIMIT_SENTENCES = {
  depth: (limit: string, found: string) =>
    `This operation nests ${found} levels deep; the limit is ${limit} (LIMIT_MAX_DEPTH). Select fewer nested fields.`,
  aliases: (limit: string, found: string) =>
    `This operation uses ${found} aliases; the limit is ${limit} (LIMIT_MAX_ALIASES). Send fewer aliased fields, or several requests.`,
  directives: (limit: string, found: string) =>
    `This operation uses ${found} directives; the limit is ${limit} (LIMIT_MAX_DIRECTIVES).`,
  cost: (limit: string, found: string) =>
    `This operation's estimated cost is ${found}; the limit is ${limit} (LIMIT_MAX_COST). Select fewer fields or nested lists.`,
};

/** Reports our sentence as a validation error instead of armor's throw (which would end validation unexplained). */
function refusal(sentence: (limit: string, found: string) => string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const [, limit = "?", found = "?"] = /limit of (\d+) exceeded, found (\d+)/.exec(error.message) ?? [];
        context?.reportError(new GraphQLError(sentence(limit, found)));
      },
    ],
  };
}
