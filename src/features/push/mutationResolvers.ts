import type { MutationResolvers } from "../../generated/graphql";
import type { PushContext } from "./context";

/** The push mutations; the work is in AgentAssistPusher, reached through the request context. */
export const assistResolvers: { Mutation: MutationResolvers<PushContext> } = {
  Mutation: {
    pushToAgentAssist: (_root, { input }, context) => context.assist.pusher.push(input, context.assist),
    pushToAgentAssistBatch: (_root, { inputs }, context) => context.assist.pusher.pushBatch(inputs, context.assist),
  },
};
