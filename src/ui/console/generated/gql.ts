/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Suggestions($query: String!, $rank: RankMode) {\n    suggestions(query: $query, limit: 10, rank: $rank) {\n      rank\n      hops\n      matchedBy\n      reason\n      article {\n        title\n        url\n        summary\n        priority\n        updatedAt\n        stale\n        feedback {\n          shown\n          helpful\n          notHelpful\n          helpfulRate\n        }\n      }\n    }\n  }\n": typeof types.SuggestionsDocument,
    "\n  fragment PushFields on PushRecord {\n    id\n    interactionId\n    agentId\n    query\n    status\n    attempts\n    createdAt\n    deliveredAt\n    expiresAt\n    lastError {\n      code\n      message\n    }\n    cards {\n      title\n      url\n    }\n  }\n": typeof types.PushFieldsFragmentDoc,
    "\n  mutation Push($input: PushToAgentAssistInput!) {\n    pushToAgentAssist(input: $input) {\n      status\n      id\n      interactionId\n      lastError {\n        code\n        message\n      }\n      nextAttemptAt\n      cards {\n        title\n        url\n        description\n        metadata {\n          priority\n          lastUpdated\n          reason\n        }\n      }\n    }\n  }\n": typeof types.PushDocument,
    "\n  query RecentPushes($first: Int) {\n    pushes(first: $first) {\n      edges {\n        node {\n          ...PushFields\n        }\n      }\n    }\n  }\n": typeof types.RecentPushesDocument,
    "\n  subscription Watch($i: ID) {\n    pushEvents(interactionId: $i) {\n      ...PushFields\n    }\n  }\n": typeof types.WatchDocument,
    "\n  subscription Live {\n    pushEvents {\n      ...PushFields\n    }\n  }\n": typeof types.LiveDocument,
    "\n  query History($id: ID!) {\n    interaction(id: $id) {\n      pushes {\n        ...PushFields\n      }\n      shownArticles {\n        title\n        url\n        shownAt\n      }\n    }\n  }\n": typeof types.HistoryDocument,
    "\n  query Gaps($since: DateTime) {\n    knowledgeGaps(since: $since, first: 100) {\n      text\n      kind\n      searches\n      lastSearchedAt\n      terms\n    }\n  }\n": typeof types.GapsDocument,
};
const documents: Documents = {
    "\n  query Suggestions($query: String!, $rank: RankMode) {\n    suggestions(query: $query, limit: 10, rank: $rank) {\n      rank\n      hops\n      matchedBy\n      reason\n      article {\n        title\n        url\n        summary\n        priority\n        updatedAt\n        stale\n        feedback {\n          shown\n          helpful\n          notHelpful\n          helpfulRate\n        }\n      }\n    }\n  }\n": types.SuggestionsDocument,
    "\n  fragment PushFields on PushRecord {\n    id\n    interactionId\n    agentId\n    query\n    status\n    attempts\n    createdAt\n    deliveredAt\n    expiresAt\n    lastError {\n      code\n      message\n    }\n    cards {\n      title\n      url\n    }\n  }\n": types.PushFieldsFragmentDoc,
    "\n  mutation Push($input: PushToAgentAssistInput!) {\n    pushToAgentAssist(input: $input) {\n      status\n      id\n      interactionId\n      lastError {\n        code\n        message\n      }\n      nextAttemptAt\n      cards {\n        title\n        url\n        description\n        metadata {\n          priority\n          lastUpdated\n          reason\n        }\n      }\n    }\n  }\n": types.PushDocument,
    "\n  query RecentPushes($first: Int) {\n    pushes(first: $first) {\n      edges {\n        node {\n          ...PushFields\n        }\n      }\n    }\n  }\n": types.RecentPushesDocument,
    "\n  subscription Watch($i: ID) {\n    pushEvents(interactionId: $i) {\n      ...PushFields\n    }\n  }\n": types.WatchDocument,
    "\n  subscription Live {\n    pushEvents {\n      ...PushFields\n    }\n  }\n": types.LiveDocument,
    "\n  query History($id: ID!) {\n    interaction(id: $id) {\n      pushes {\n        ...PushFields\n      }\n      shownArticles {\n        title\n        url\n        shownAt\n      }\n    }\n  }\n": types.HistoryDocument,
    "\n  query Gaps($since: DateTime) {\n    knowledgeGaps(since: $since, first: 100) {\n      text\n      kind\n      searches\n      lastSearchedAt\n      terms\n    }\n  }\n": types.GapsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Suggestions($query: String!, $rank: RankMode) {\n    suggestions(query: $query, limit: 10, rank: $rank) {\n      rank\n      hops\n      matchedBy\n      reason\n      article {\n        title\n        url\n        summary\n        priority\n        updatedAt\n        stale\n        feedback {\n          shown\n          helpful\n          notHelpful\n          helpfulRate\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SuggestionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PushFields on PushRecord {\n    id\n    interactionId\n    agentId\n    query\n    status\n    attempts\n    createdAt\n    deliveredAt\n    expiresAt\n    lastError {\n      code\n      message\n    }\n    cards {\n      title\n      url\n    }\n  }\n"): typeof import('./graphql').PushFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Push($input: PushToAgentAssistInput!) {\n    pushToAgentAssist(input: $input) {\n      status\n      id\n      interactionId\n      lastError {\n        code\n        message\n      }\n      nextAttemptAt\n      cards {\n        title\n        url\n        description\n        metadata {\n          priority\n          lastUpdated\n          reason\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PushDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentPushes($first: Int) {\n    pushes(first: $first) {\n      edges {\n        node {\n          ...PushFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').RecentPushesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Watch($i: ID) {\n    pushEvents(interactionId: $i) {\n      ...PushFields\n    }\n  }\n"): typeof import('./graphql').WatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Live {\n    pushEvents {\n      ...PushFields\n    }\n  }\n"): typeof import('./graphql').LiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query History($id: ID!) {\n    interaction(id: $id) {\n      pushes {\n        ...PushFields\n      }\n      shownArticles {\n        title\n        url\n        shownAt\n      }\n    }\n  }\n"): typeof import('./graphql').HistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Gaps($since: DateTime) {\n    knowledgeGaps(since: $since, first: 100) {\n      text\n      kind\n      searches\n      lastSearchedAt\n      terms\n    }\n  }\n"): typeof import('./graphql').GapsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
