/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What happened to a push. */
export type AgentAssistPushStatus =
  /** Every article found was already delivered to this interaction; CXone was not called (see `includeShown`). */
  | 'ALREADY_SHOWN'
  /** CXone accepted the cards. */
  | 'DELIVERED'
  /** A preview: the cards that would be sent; CXone was not called. */
  | 'DRY_RUN'
  /** The search found no published article; CXone was not called. */
  | 'NO_RESULTS'
  /**
   * CXone failed in a way worth retrying and the push deadline passed: the push is recorded and a background
   * deliverer keeps trying until it expires (see `id`, `lastError`, `nextAttemptAt`).
   */
  | 'QUEUED';

export type KnowledgeGapKind =
  /** No search term matched; only the full-text fallback found articles. */
  | 'FUZZY_ONLY'
  /** The search found no published article. */
  | 'NO_RESULTS'
  /** The search's first suggestion is stale (see Article.stale). */
  | 'STALE'
  /** A push whose every card an agent answered "not helpful". */
  | 'UNHELPFUL';

/** Where a recorded push stands. QUEUED and PENDING are on their way; the others are final. */
export type PushRecordStatus =
  /** Every article found had already been delivered to this interaction; CXone was not called. */
  | 'ALREADY_SHOWN'
  /** CXone accepted the cards. */
  | 'DELIVERED'
  /** Not delivered before `expiresAt`; it will never be delivered. */
  | 'EXPIRED'
  /** CXone refused the push for good (see `lastError.code`). */
  | 'FAILED'
  /** The search found no published article (a knowledge gap); CXone was not called. */
  | 'NO_RESULTS'
  /** Recorded; the first delivery attempt is under way. */
  | 'PENDING'
  /** CXone failed in a way worth retrying; a background deliverer keeps trying until `expiresAt`. */
  | 'QUEUED';

export type PushToAgentAssistInput = {
  agentId: string | number;
  /** Preview the cards without calling CXone (nothing is recorded). */
  dryRun?: boolean | null | undefined;
  /** Send articles already delivered to this interaction again; by default they are left out and the next best take their place. */
  includeShown?: boolean | null | undefined;
  /** The CXone interaction: contract A 1-64 of [A-Za-z0-9_-]; contract B a numeric contact id. */
  interactionId: string | number;
  /** How many articles, 1-20. */
  limit?: number | null | undefined;
  /** What the agent searched for, 1-256 characters. Give exactly one of `query` and `text`. */
  query?: string | null | undefined;
  /** How the articles are ordered (see RankMode); default KB_SEARCH_RANK for `query`, KB_TEXT_RANK for `text`. */
  rank?: RankMode | null | undefined;
  /**
   * What the customer said (an utterance or a transcript window, 1-2,000 characters): the known search terms in it
   * are searched, as suggestFromText does.
   */
  text?: string | null | undefined;
};

/** How suggestions are ordered. */
export type RankMode =
  /**
   * Priority plus a bounded adjustment from agents' feedback, from 5 answers up:
   * priority + KB_FEEDBACK_WEIGHT * (Wilson lower bound of the helpful share - 0.5); then fewer hops, then url.
   */
  | 'LEARNED'
  /** Priority descending, then fewer hops, then url (the original service's order). */
  | 'PRIORITY'
  /**
   * How well the search matched, best first: an exact search term's own articles first (what it RESOLVES, then
   * RELATED_TO, then two hops); then articles by a score that adds text matching (title, summary, the keywords of the
   * terms that lead to the article, initials; word forms, typos, synonyms) to whole terms matched by word forms or
   * typos (weighted by link type and hops), moved a little by priority and feedback. Below a quality floor: no article.
   * The default for text (suggestFromText, pushes with `text`). See docs/suggestion-ranking.md.
   */
  | 'RELEVANCE';

/** How a suggestion's search found its first term. */
export type SuggestionMatch =
  /** RELEVANCE: the article's own text (title, summary) matched; no search term leads to it for these words. */
  | 'ARTICLE_TEXT'
  /** The query is a search term (ignoring case and extra spaces). */
  | 'EXACT'
  /** No term matched exactly; the closest terms by full-text search were used. */
  | 'FULLTEXT'
  /** RELEVANCE: a search agents marked this article helpful for (a learned link, see `learnedFrom`). */
  | 'LEARNED'
  /** RELEVANCE: a search term matched through word forms, typos, synonyms or initials rather than exactly. */
  | 'TERM_VARIANT'
  /** A search term spotted in free text (suggestFromText, pushes with `text`). */
  | 'TEXT';

export type SuggestionsQueryVariables = Exact<{
  query: string;
  rank?: RankMode | null | undefined;
}>;


export type SuggestionsQuery = { suggestions: Array<{ rank: number, hops: number, matchedBy: SuggestionMatch, reason: string, article: { title: string, url: string, summary: string | null, priority: number, updatedAt: string | null, stale: boolean, feedback: { shown: number, helpful: number, notHelpful: number, helpfulRate: number | null } } }> };

export type PushFieldsFragment = { id: string, interactionId: string, agentId: string, query: string, status: PushRecordStatus, attempts: number, createdAt: string, deliveredAt: string | null, expiresAt: string, lastError: { code: string, message: string } | null, cards: Array<{ title: string, url: string }> };

export type PushMutationVariables = Exact<{
  input: PushToAgentAssistInput;
}>;


export type PushMutation = { pushToAgentAssist: { status: AgentAssistPushStatus, id: string | null, interactionId: string, nextAttemptAt: string | null, lastError: { code: string, message: string } | null, cards: Array<{ title: string, url: string, description: string, metadata: { priority: number, lastUpdated: string | null, reason: string | null } }> } };

export type RecentPushesQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type RecentPushesQuery = { pushes: { edges: Array<{ node: { id: string, interactionId: string, agentId: string, query: string, status: PushRecordStatus, attempts: number, createdAt: string, deliveredAt: string | null, expiresAt: string, lastError: { code: string, message: string } | null, cards: Array<{ title: string, url: string }> } }> } };

export type WatchSubscriptionVariables = Exact<{
  i?: string | number | null | undefined;
}>;


export type WatchSubscription = { pushEvents: { id: string, interactionId: string, agentId: string, query: string, status: PushRecordStatus, attempts: number, createdAt: string, deliveredAt: string | null, expiresAt: string, lastError: { code: string, message: string } | null, cards: Array<{ title: string, url: string }> } };

export type LiveSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveSubscription = { pushEvents: { id: string, interactionId: string, agentId: string, query: string, status: PushRecordStatus, attempts: number, createdAt: string, deliveredAt: string | null, expiresAt: string, lastError: { code: string, message: string } | null, cards: Array<{ title: string, url: string }> } };

export type HistoryQueryVariables = Exact<{
  id: string | number;
}>;


export type HistoryQuery = { interaction: { pushes: Array<{ id: string, interactionId: string, agentId: string, query: string, status: PushRecordStatus, attempts: number, createdAt: string, deliveredAt: string | null, expiresAt: string, lastError: { code: string, message: string } | null, cards: Array<{ title: string, url: string }> }>, shownArticles: Array<{ title: string, url: string, shownAt: string }> } | null };

export type GapsQueryVariables = Exact<{
  since?: string | null | undefined;
}>;


export type GapsQuery = { knowledgeGaps: Array<{ text: string, kind: KnowledgeGapKind, searches: number, lastSearchedAt: string, terms: Array<string> }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PushFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"PushFields"}) as unknown as TypedDocumentString<PushFieldsFragment, unknown>;
export const SuggestionsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<SuggestionsQuery, SuggestionsQueryVariables>;
export const PushDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<PushMutation, PushMutationVariables>;
export const RecentPushesDocument = new TypedDocumentString(`
    query RecentPushes($first: Int) {
  pushes(first: $first) {
    edges {
      node {
        ...PushFields
      }
    }
  }
}
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
}`) as unknown as TypedDocumentString<RecentPushesQuery, RecentPushesQueryVariables>;
export const WatchDocument = new TypedDocumentString(`
    subscription Watch($i: ID) {
  pushEvents(interactionId: $i) {
    ...PushFields
  }
}
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
}`) as unknown as TypedDocumentString<WatchSubscription, WatchSubscriptionVariables>;
export const LiveDocument = new TypedDocumentString(`
    subscription Live {
  pushEvents {
    ...PushFields
  }
}
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
}`) as unknown as TypedDocumentString<LiveSubscription, LiveSubscriptionVariables>;
export const HistoryDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<HistoryQuery, HistoryQueryVariables>;
export const GapsDocument = new TypedDocumentString(`
    query Gaps($since: DateTime) {
  knowledgeGaps(since: $since, first: 100) {
    text
    kind
    searches
    lastSearchedAt
    terms
  }
}
    `) as unknown as TypedDocumentString<GapsQuery, GapsQueryVariables>;