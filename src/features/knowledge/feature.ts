import gql from "graphql-tag";
import { Role } from "../../platform/auth/roles";
import type { Feature } from "../../platform/graphql/feature";
import { schemaFile } from "../../platform/graphql/schemaFile";
import { articleResolvers, knowledgeResolvers } from "./resolvers";

/** Suggestions with their paths (the explain statement) and from text (the terms statement). */
const SUGGESTIONS = gql`
  query WarmSuggestions($q: String!) {
    suggestions(query: $q) {
      rank
      hops
      path {
        label
      }
      article {
        url
      }
    }
  }
`;
const FROM_TEXT = gql`
  query WarmText($t: String!) {
    suggestFromText(text: $t) {
      rank
      reason
      article {
        url
      }
    }
  }
`;

/**
 * The knowledge loop: suggestions with the path that ranked each article and from what a customer said, agents'
 * card feedback (and the LEARNED rank it feeds), knowledge gaps, and articles' freshness.
 */
export const knowledgeFeature: Feature = {
  name: "knowledge",
  graphResolvers: articleResolvers,
  typeDefs: () => [schemaFile("knowledge-loop.graphql")],
  resolvers: knowledgeResolvers,
  roles: { recordCardFeedback: Role.ASSIST_FEEDBACK, removeLearnedLink: Role.KB_CURATE },
  warmUp: ({ exact }) => [
    { query: SUGGESTIONS, variables: { q: exact } },
    { query: FROM_TEXT, variables: { t: `the customer said ${exact} twice` } },
  ],
};
