import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ApolloServerPlugin } from "@apollo/server";
import type { ValidationRule } from "graphql";
import type { QueryLimits } from "../config/config";
import type { BaseContext } from "./context";

/**
 * Depth, alias, directive and cost limits from graphql-armor (a maintained library, rather than our own
 * validation rules): refusals are validation errors, code GRAPHQL_VALIDATION_FAILED, HTTP 400. The token
 * limit is graphql-js's own parser option: armor's Apollo token plugin re-parses in a hook and turns every
 * syntax error into an HTTP 500, so it stays off; the parser's refusal is GRAPHQL_PARSE_FAILED, HTTP 400.
 */
export function queryLimits(limits: QueryLimits): {
  plugins: ApolloServerPlugin<BaseContext>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost },
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
