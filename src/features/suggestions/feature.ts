import { Kind, type ArgumentNode, type GraphQLResolveInfo, type GraphQLSchema, type ValueNode } from "graphql";
import gql from "graphql-tag";
import type { Feature } from "../../platform/graphql/feature";
import { selectsScalarsOnly } from "../../platform/graphql/selection";
import type { SuggestionsContext } from "./context";
import { DEFAULT_RANKS, validateSuggestionRequest } from "./suggestionInput";
import { graphTypeDefs } from "./typeDefs";

const TERM = gql`
  query WarmTerm {
    searchTerms(limit: 1, sort: [{ keyword: ASC }]) {
      keyword
    }
  }
`;
/** Scalar-only selection: the batched form of the suggestion statement (through the request's DataLoader). */
const SUGGEST_BATCHED = gql`
  query WarmSuggest($q: String!) {
    suggestArticles(query: $q) {
      title
      url
      summary
      priority
      updatedAt
    }
  }
`;
/** A selection reaching into relationships: the single form, as @neo4j/graphql translates and runs it. */
const SUGGEST_SINGLE = gql`
  query WarmSuggestSingle($q: String!) {
    suggestArticles(query: $q, limit: 3) {
      url
      resolvedBy(limit: 1) {
        keyword
      }
    }
  }
`;
const FULLTEXT = gql`
  query WarmFulltext($q: String!) {
    searchTermsFulltext(phrase: $q, first: 3) {
      edges {
        score
        node {
          keyword
        }
      }
    }
  }
`;

/** The operation the warm-up runs first, alone, to find a search term that exists (`searchTerms[0].keyword`). */
export const WARM_UP_SAMPLE_QUERY = TERM;

/**
 * Suggestions: the knowledge graph's types and @neo4j/graphql's generated read API, and `suggestArticles`, the
 * two-hop traversal (its @cypher statement is code: suggestStatement.ts).
 */
export const suggestionsFeature: Feature = {
  name: "suggestions",
  graphTypeDefs,
  extendSchema: guardSuggestArticles,
  warmUp: ({ exact, fuzzy }) => [
    { query: SUGGEST_BATCHED, variables: { q: exact } },
    { query: SUGGEST_BATCHED, variables: { q: fuzzy } },
    { query: SUGGEST_SINGLE, variables: { q: exact } },
    { query: FULLTEXT, variables: { q: exact } },
  ],
};

/**
 * Three additions to the generated suggestArticles resolver. Bad arguments are refused with a coded error before
 * any Cypher runs. When only scalar Article fields are selected (what agents' tools ask for), the field's own
 * statement runs through the request's DataLoader, skipping @neo4j/graphql's per-request query translation; a
 * selection reaching into relationships still goes through @neo4j/graphql. And every search is noted as a
 * possible knowledge gap.
 */
function guardSuggestArticles(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields().suggestArticles;
  const resolve = field?.resolve;
  if (!field || !resolve) throw new Error("schema is missing Query.suggestArticles");
  field.resolve = async (
    source,
    args: { query?: unknown; limit?: unknown; rank?: unknown },
    context: Partial<SuggestionsContext>,
    info,
  ) => {
    const ranks = context.assist?.ranks ?? DEFAULT_RANKS;
    const request = validateSuggestionRequest(args.query, args.limit, "", args.rank, ranks.search);
    const loader = context.assist?.loader;
    if (loader && selectsScalarsOnly(info)) {
      const articles = await loader.load(request);
      context.knowledge?.noteSearch(request.query, articles, false);
      return articles;
    }
    // @neo4j/graphql reads the arguments from the operation, so the ranked urls (RELEVANCE) or the configured
    // default rank reach its statement as the field's arguments.
    let run = info;
    if (request.rank === "RELEVANCE") {
      const hits = context.assist?.relevance?.()?.search(request.query, "search", request.limit) ?? [];
      run = withArguments(info, {
        query: { kind: Kind.STRING, value: JSON.stringify(hits.map((h) => h.url)) },
        rank: { kind: Kind.ENUM, value: "RELEVANCE" },
      });
    } else if (args.rank == null) {
      run = withArguments(info, { rank: { kind: Kind.ENUM, value: request.rank } });
    }
    const articles = (await resolve(source, args, context, run)) as Record<string, unknown>[];
    if (Array.isArray(articles)) context.knowledge?.noteSearch(request.query, articles, false, false);
    return articles;
  };
}

/** `info` with some of the field's arguments replaced by literal values (what @neo4j/graphql's resolver reads). */
function withArguments(info: GraphQLResolveInfo, values: Record<string, ValueNode>): GraphQLResolveInfo {
  const fieldNodes = info.fieldNodes.map((node) => ({
    ...node,
    arguments: [
      ...(node.arguments ?? []).filter((a) => !(a.name.value in values)),
      ...Object.entries(values).map(([name, value]): ArgumentNode => ({
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: name },
        value,
      })),
    ],
  }));
  return { ...info, fieldNodes };
}
