import type { Resolvers } from "../../generated/graphql";
import { getNamedType, isLeafType, type FieldNode, type GraphQLResolveInfo } from "graphql";
import { everyField } from "../../platform/graphql/selection";
import { ErrorCode } from "../../platform/errors/codes";
import { BadUserInputError, GatewayError } from "../../platform/errors/GatewayError";
import {
  DEFAULT_RANKS,
  GAP_TEXT_MAX,
  relevanceSuggestions,
  validateSearchOptions,
  validateSuggestionRequest,
  validateText,
  type ArticleProperties,
  type SuggestionView,
} from "../suggestions";
import type { KnowledgeContext } from "./context";
import type { GapKind } from "./GapRecorder";
import { ageDays } from "./KnowledgeLoop";
import type { KnowledgeRequestScope } from "./requestScope";

export const MAX_GAPS = 100;
const GAP_KINDS: readonly GapKind[] = ["NO_RESULTS", "FUZZY_ONLY", "UNHELPFUL", "STALE"];

function scopeOf(context: Partial<KnowledgeContext>): KnowledgeRequestScope {
  if (!context.knowledge)
    throw new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, "The knowledge loop is not available.");
  return context.knowledge;
}

function loaderOf(context: Partial<KnowledgeContext>) {
  if (!context.assist?.loader)
    throw new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, "The suggestion loader is not available.");
  return context.assist.loader;
}

/**
 * Resolvers of schema/knowledge-loop.graphql, and the Article fields of knowledge.graphql that are ours
 * (`@customResolver`). Suggestions use the request's DataLoader (so their articles and order are suggestArticles')
 * and then one read for the paths.
 */
export const knowledgeResolvers: Pick<Resolvers<KnowledgeContext>, "Query" | "Mutation"> = {
  Query: {
    suggestions: async (_root, args, context, info) => {
      assertArticleScalars(info);
      const scope = scopeOf(context);
      const ranks = context.assist?.ranks ?? DEFAULT_RANKS;
      const request = validateSuggestionRequest(args.query, args.limit, "", args.rank, ranks.search);
      if (request.rank === "RELEVANCE") {
        const hits = scope.loop.terms.relevance.search(request.query, "search", request.limit);
        const articles = await loaderOf(context).load({ urls: hits.map((h) => h.url) });
        scope.noteSearch(request.query, articles, false);
        return relevanceSuggestions(hits, articles);
      }
      const articles = await loaderOf(context).load(request);
      scope.noteSearch(request.query, articles, false);
      return inOrder(
        articles,
        await scope.explainer.load({ query: request.query, terms: null, urls: articles.map(urlOf) }),
      );
    },
    suggestFromText: async (_root, args, context, info) => {
      assertArticleScalars(info);
      const scope = scopeOf(context);
      const text = validateText(args.text);
      const ranks = context.assist?.ranks ?? DEFAULT_RANKS;
      const { limit, rank } = validateSearchOptions(args.limit, "", args.rank, ranks.text);
      if (rank === "RELEVANCE") {
        const hits = scope.loop.terms.relevance.search(text, "sentence", limit);
        const articles = await loaderOf(context).load({ urls: hits.map((h) => h.url) });
        scope.noteSearch(text, articles, true);
        return relevanceSuggestions(hits, articles);
      }
      const terms = scope.loop.terms.current.spot(text).map((t) => t.keyword);
      const articles = terms.length > 0 ? await loaderOf(context).load({ terms, limit, rank }) : [];
      scope.noteSearch(text, articles, true);
      return inOrder(articles, await scope.explainer.load({ query: null, terms, urls: articles.map(urlOf) }));
    },
    knowledgeGaps: async (_root, args, context) => {
      const first = args.first ?? 20;
      if (!Number.isInteger(first) || first < 1 || first > MAX_GAPS)
        throw new BadUserInputError("first", `first must be between 1 and ${MAX_GAPS}`);
      if (args.kind != null && !GAP_KINDS.includes(args.kind))
        throw new BadUserInputError("kind", `kind must be one of ${GAP_KINDS.join(", ")}`);
      const containing = args.containing ?? null;
      if (containing !== null && (containing.trim().length === 0 || containing.length > GAP_TEXT_MAX))
        throw new BadUserInputError("containing", `containing must be 1-${GAP_TEXT_MAX} characters`);
      return scopeOf(context).loop.gapReport({
        since: instantOf(args.since),
        kind: args.kind ?? null,
        containing,
        first,
      });
    },
    learnedLinks: async (_root, args, context) => {
      const first = args.first ?? 20;
      if (!Number.isInteger(first) || first < 1 || first > MAX_GAPS)
        throw new BadUserInputError("first", `first must be between 1 and ${MAX_GAPS}`);
      return scopeOf(context).loop.learnedLinks(first);
    },
  },
  Mutation: {
    recordCardFeedback: (_root, { input }, context) => scopeOf(context).loop.recordFeedback(input),
    removeLearnedLink: (_root, { text, url }, context) => scopeOf(context).loop.removeLearnedLink(text, url),
  },
};

/** Article fields resolved by the gateway (declared with @customResolver in knowledge.graphql). */
export const articleResolvers: Pick<Resolvers<KnowledgeContext>, "Article"> = {
  Article: {
    feedback: (parent, _args, context) => scopeOf(context).feedback.load(String(parent.url)),
    ageDays: (parent) => ageDays(parent.updatedAt),
    stale: (parent, _args, context) => scopeOf(context).loop.isStale(parent.updatedAt),
  },
};

/** The suggestions in the traversal's order (an article deleted between the two reads is left out). */
function inOrder(articles: readonly ArticleProperties[], explained: readonly SuggestionView[]): SuggestionView[] {
  const byUrl = new Map(explained.map((s) => [String(s.article.url), s]));
  return articles
    .flatMap((article) => {
      const view = byUrl.get(urlOf(article));
      return view ? [{ ...view, article }] : [];
    })
    .map((view, i) => ({ ...view, rank: i + 1 }));
}

function urlOf(article: ArticleProperties): string {
  return String(article.url);
}

/** A DateTime argument (a Neo4j DateTime once parsed by @neo4j/graphql's scalar) as epoch milliseconds. */
function instantOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const date =
    typeof (value as { toStandardDate?: unknown }).toStandardDate === "function"
      ? (value as { toStandardDate(): Date }).toStandardDate()
      : new Date(String(value));
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new BadUserInputError("since", "since must be an ISO-8601 date-time");
  return ms;
}

/**
 * A suggestion's article comes from the traversal's own read, so only its own fields can be selected (scalars and
 * `feedback`); relationships go through suggestArticles or the generated queries.
 */
function assertArticleScalars(info: GraphQLResolveInfo): void {
  const article = info.schema.getType("Article");
  if (!article || !("getFields" in article)) return;
  const fields = (article as { getFields(): Record<string, { type: Parameters<typeof getNamedType>[0] }> }).getFields();
  const ownField = (selection: FieldNode): boolean => {
    const name = selection.name.value;
    const field = fields[name];
    if (name === "__typename" || name === "feedback" || (field && isLeafType(getNamedType(field.type)))) return true;
    throw new BadUserInputError(
      `${info.fieldName}.article.${name}`,
      `${info.fieldName} gives an article's own fields (and feedback); ask suggestArticles for ${name}`,
    );
  };
  for (const node of info.fieldNodes) {
    everyField(node.selectionSet, info, (selection) =>
      selection.name.value === "article" ? everyField(selection.selectionSet, info, ownField) : true,
    );
  }
}
