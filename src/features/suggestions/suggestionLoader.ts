import DataLoader from "dataloader";
import type { Driver } from "neo4j-driver";
import { int } from "neo4j-driver";
import type { AdmissionQueue } from "../../platform/resilience/AdmissionQueue";
import type { OutageLog } from "../../platform/observability/outageLog";
import type { GatewayMetrics } from "../../platform/observability/metrics";
import { graphRead } from "../../platform/neo4j/graphAccess";
import { batchSuggestParams, batchSuggestStatement } from "./suggestStatement";
import type { RankMode, SuggestionRequest } from "./suggestionInput";
import { SUGGEST_FROM_TERMS } from "./termsStatement";
import type { RelevanceIndex } from "./relevance/RelevanceIndex";

/** Prepared once: the statement text never changes while the process runs. */
let statement: string | undefined;

import type { ArticleProperties } from "./models";

export type { ArticleProperties };

/** Suggestions from known search terms found in a text (suggestFromText, pushes with `text`). */
export interface TermsRequest {
  terms: readonly string[];
  limit: number;
  rank: RankMode;
}

/** Suggestions for a customer's sentence ranked by relevance (suggestFromText, pushes with `text`). */
export interface TextRequest {
  text: string;
  limit: number;
  rank: "RELEVANCE";
}

/** Articles already ranked (by the relevance index), fetched in that order; those no longer published are left out. */
export interface UrlsRequest {
  urls: readonly string[];
}

export type LoaderRequest = SuggestionRequest | TermsRequest | TextRequest | UrlsRequest;

export type SuggestionLoader = DataLoader<LoaderRequest, ArticleProperties[], string>;

export interface LoaderOptions {
  database: string;
  timeoutMs: number;
  requestId: string;
  /** KB_FEEDBACK_WEIGHT, for rank LEARNED. */
  feedbackWeight: number;
  metrics?: GatewayMetrics;
  admission?: AdmissionQueue;
  outages?: OutageLog;
  /** The relevance index of the moment (RELEVANCE requests); without it they find nothing. */
  relevance?: () => RelevanceIndex | undefined;
}

/** Published articles by url, in the order given: `$requests` rows {key, urls}. */
const FETCH_RANKED = `
UNWIND $requests AS request
UNWIND range(0, size(request.urls) - 1) AS position
MATCH (article:Article {url: request.urls[position]})
WHERE article.status = 'published'
RETURN request.key AS key, article
ORDER BY key, position`;

/**
 * A per-request DataLoader: every suggestion asked for in one tick (a whole push batch, or several aliased
 * suggestArticles fields) goes to Neo4j in one round trip, through the suggestArticles @cypher statement (searches
 * from text: one more, through SUGGEST_FROM_TERMS, when the batch has any).
 */
export function createSuggestionLoader(driver: Driver, options: LoaderOptions): SuggestionLoader {
  statement ??= batchSuggestStatement();
  const text = statement;
  const read = async (cypher: string, params: Record<string, unknown>, op: string, kind: string) => {
    const admitted = () =>
      graphRead(driver, cypher, params, {
        database: options.database,
        op,
        timeoutMs: options.timeoutMs,
        metadata: { requestId: options.requestId },
        ...(options.admission ? { admission: options.admission } : {}),
      });
    const metrics = options.metrics;
    const records = metrics
      ? await metrics.time((outcome, seconds) => metrics.neo4jDuration.observe({ kind, outcome }, seconds), admitted)
      : await admitted();
    options.outages?.graphAnswered();
    return records;
  };
  return new DataLoader<LoaderRequest, ArticleProperties[], string>(
    async (requests) => {
      const results: ArticleProperties[][] = requests.map(() => []);
      const index = options.relevance?.();
      const byUrls = requests
        .flatMap((r, key) => {
          if ("urls" in r) return [{ key, urls: r.urls }];
          if (r.rank !== "RELEVANCE") return [];
          const hits =
            "text" in r
              ? index?.search(r.text, "sentence", r.limit)
              : "query" in r
                ? index?.search(r.query, "search", r.limit)
                : [];
          return [{ key, urls: (hits ?? []).map((h) => h.url) }];
        })
        .filter((r) => r.urls.length > 0);
      const byQuery = requests.flatMap((r, key) =>
        "query" in r && r.rank !== "RELEVANCE" ? [{ key, query: r.query, limit: r.limit, rank: r.rank }] : [],
      );
      const byTerms = requests.flatMap((r, key) =>
        "terms" in r && r.rank !== "RELEVANCE" ? [{ key, terms: r.terms, limit: int(r.limit), rank: r.rank }] : [],
      );
      const reads = [
        byQuery.length > 0
          ? read(text, batchSuggestParams(byQuery, options.feedbackWeight), "suggestBatch", "suggest_batch")
          : [],
        byTerms.length > 0
          ? read(
              SUGGEST_FROM_TERMS,
              { requests: byTerms, feedbackWeight: options.feedbackWeight },
              "suggestFromTerms",
              "suggest_terms",
            )
          : [],
        byUrls.length > 0 ? read(FETCH_RANKED, { requests: byUrls }, "suggestRanked", "suggest_ranked") : [],
      ];
      for (const records of await Promise.all(reads)) {
        for (const record of records) {
          results[toKey(record.get("key"))]?.push(
            (record.get("article") as { properties: ArticleProperties }).properties,
          );
        }
      }
      return results;
    },
    { cacheKeyFn: cacheKey, maxBatchSize: 100 },
  );
}

function toKey(value: unknown): number {
  return typeof value === "number" ? value : Number(value);
}

function cacheKey(r: LoaderRequest): string {
  if ("urls" in r) return `u\u0000${r.urls.join("\u0000")}`;
  if ("text" in r) return `x\u0000${r.limit}\u0000${r.text}`;
  return "query" in r
    ? `q\u0000${r.rank}\u0000${r.limit}\u0000${r.query}`
    : `t\u0000${r.rank}\u0000${r.limit}\u0000${r.terms.join("\u0000")}`;
}
