import gql from "graphql-tag";
import { Role } from "../../platform/auth/roles";
import type { Feature } from "../../platform/graphql/feature";
import { schemaFile } from "../../platform/graphql/schemaFile";
import { ledgerResolvers } from "./historyResolvers";
import { assistResolvers } from "./mutationResolvers";

const PUSH_PREVIEW = gql`
  mutation WarmPush($q: String!) {
    pushToAgentAssist(input: { interactionId: "0", agentId: "warm-up", query: $q, dryRun: true }) {
      status
      cards {
        url
      }
    }
  }
`;

/**
 * Pushes into CXone Agent Assist: the push mutations (schema/assist.graphql, given to @neo4j/graphql with the
 * knowledge graph), and their ledger: history and the live feed (schema/ledger.graphql, added afterwards:
 * @neo4j/graphql must generate nothing for the ledger's labels).
 */
export const pushFeature: Feature = {
  name: "push",
  graphTypeDefs: () => [schemaFile("assist.graphql")],
  graphResolvers: assistResolvers,
  typeDefs: () => [schemaFile("ledger.graphql")],
  resolvers: ledgerResolvers,
  roles: { push: Role.ASSIST_READ, interaction: Role.ASSIST_READ, pushes: Role.ASSIST_READ },
  warmUp: ({ exact }) => [{ query: PUSH_PREVIEW, variables: { q: exact } }],
};
