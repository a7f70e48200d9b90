import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ApolloServerPlugin } from "@apollo/server";
import type { ValidationRule } from "graphql";
import type { QueryLimits } from "../config/config";
import type { GatewayContext } from "./context";

/**
 * Depth, alias, token, directive and cost limits from graphql-armor (a maintained library, rather than our
 * own validation rules). Refusals are GraphQL validation errors: code GRAPHQL_VALIDATION_FAILED, HTTP 400.
 */
export function queryLimits(limits: QueryLimits): { plugins: ApolloServerPlugin<GatewayContext>[]; validationRules: ValidationRule[] } {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost },
    // Field suggestions ("did you mean ...") help people in Sandbox; production hides the schema anyway.
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  return { plugins: protection.plugins as ApolloServerPlugin<GatewayContext>[], validationRules: protection.validationRules };
}
