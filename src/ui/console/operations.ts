import { graphql } from "./generated";

// Every operation the console sends. GraphQL Code Generator's client preset reads these documents and generates
// their result and variable types (src/ui/console/generated/), so the console's types follow the schema.

export const SUGGESTIONS = graphql(`
  query Suggestions($query: String!, $rank: RankMode) {
    suggestions(query: $query, limit: 10, rank: $rank) {
      rank
      hops
      matchedBy
      reason
      article {
        title
        url
        summary
        priority
        updatedAt
        stale
        feedback {
          shown
          helpful
          notHelpful
          helpfulRate
        }
      }
    }
  }
`);

export const PUSH_FIELDS = graphql(`
  fragment PushFields on PushRecord {
    id
    interactionId
    agentId
    query
    status
    attempts
    createdAt
    deliveredAt
    expiresAt
    lastError {
      code
      message
    }
    cards {
      title
      url
    }
  }
`);

export const PUSH = graphql(`
  mutation Push($input: PushToAgentAssistInput!) {
    pushToAgentAssist(input: $input) {
      status
      id
      interactionId
      lastError {
        code
        message
      }
      nextAttemptAt
      cards {
        title
        url
        description
        metadata {
          priority
          lastUpdated
          reason
        }
      }
    }
  }
`);

export const RECENT_PUSHES = graphql(`
  query RecentPushes($first: Int) {
    pushes(first: $first) {
      edges {
        node {
          ...PushFields
        }
      }
    }
  }
`);

export const WATCH_INTERACTION = graphql(`
  subscription Watch($i: ID) {
    pushEvents(interactionId: $i) {
      ...PushFields
    }
  }
`);

export const LIVE = graphql(`
  subscription Live {
    pushEvents {
      ...PushFields
    }
  }
`);

export const INTERACTION_HISTORY = graphql(`
  query History($id: ID!) {
    interaction(id: $id) {
      pushes {
        ...PushFields
      }
      shownArticles {
        title
        url
        shownAt
      }
    }
  }
`);

export const KNOWLEDGE_GAPS = graphql(`
  query Gaps($since: DateTime) {
    knowledgeGaps(since: $since, first: 100) {
      text
      kind
      searches
      lastSearchedAt
      terms
    }
  }
`);
