import { knowledgeFeature } from "../features/knowledge";
import { pushFeature } from "../features/push";
import { suggestionsFeature } from "../features/suggestions";
import type { Feature } from "../platform/graphql/feature";

/** Every feature of the gateway's GraphQL API, in the order their schemas are merged. */
export const FEATURES: readonly Feature[] = [suggestionsFeature, pushFeature, knowledgeFeature];

/** Root fields' roles, from every feature's declaration (a field not listed gets its operation's default). */
export function featureRoles(features: readonly Feature[] = FEATURES): ReadonlyMap<string, string> {
  return new Map(features.flatMap((feature) => Object.entries(feature.roles ?? {})));
}
