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
import { normalizeSearch } from "./searchText";
import type { RelevanceIndex } from "./relevance/RelevanceIndex";
import type { SharedReads } from "./sharedReads";
import type { SuggestionCache } from "./SuggestionCache";

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
  /** Reads under way in this process: an identical one is joined instead of sent (absent: every read is sent). */
  shared?: SharedReads<ArticleProperties[]>;
  /** Answers of earlier requests at the current knowledge version (absent: every request reads). */
  cache?: SuggestionCache;
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
 * from text: one more, through SUGGEST_FROM_TERMS, when the batch has any). A read another request has under way
 * with the same inputs (`shared`) is joined rather than sent again, and an answer the cache holds for the current
 * knowledge version is not read at all.
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
      const results: (ArticleProperties[] | Error)[] = requests.map(() => []);
      const index = options.relevance?.();
      const cache = options.cache;
      const stamp = cache?.current(); // before anything is read: an answer is at least this fresh
      const keys = cache ? requests.map(cacheKey) : [];
      const hits = new Set<number>();
      if (cache) {
        requests.forEach((r, position) => {
          const found = cache.get(keys[position] as string, rankedByIndex(r) ? index : undefined);
          if (found) {
            results[position] = found;
            hits.add(position);
          }
        });
      }
      // What each request reads (RELEVANCE: the urls the index ranked), and the key identical reads share.
      const reads = requests.map((r, position) => (hits.has(position) ? undefined : readOf(r, index)));
      const shared = options.shared?.claim(reads.map((item) => item && sharedKey(item)));
      const own = new Set(shared ? shared.own : reads.flatMap((item, key) => (item ? [key] : [])));
      if (shared?.joined.size) options.metrics?.sharedReads.inc(shared.joined.size);
      const mine = <K extends StatementRead["kind"]>(kind: K) =>
        reads.flatMap((item, key) =>
          item?.kind === kind && own.has(key) ? [{ key, item: item as Extract<StatementRead, { kind: K }> }] : [],
        );
      const byQuery = mine("query").map(({ key, item }) => ({
        key,
        query: item.query,
        limit: item.limit,
        rank: item.rank,
      }));
      const byTerms = mine("terms").map(({ key, item }) => ({
        key,
        terms: item.terms,
        limit: int(item.limit),
        rank: item.rank,
      }));
      const byUrls = mine("urls").map(({ key, item }) => ({ key, urls: item.urls }));
      try {
        const statements = [
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
        for (const records of await Promise.all(statements)) {
          for (const record of records) {
            (results[toKey(record.get("key"))] as ArticleProperties[]).push(
              (record.get("article") as { properties: ArticleProperties }).properties,
            );
          }
        }
      } catch (error) {
        shared?.settle(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
      shared?.settle(new Map([...own].map((key) => [key, results[key] as ArticleProperties[]])));
      // Reads another request had under way: their answers, each request its own copy of the list.
      for (const [key, promise] of shared?.joined ?? []) {
        results[key] = await promise.then(
          (articles) => [...articles],
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        );
      }
      if (cache && stamp !== undefined) {
        results.forEach((articles, position) => {
          // A joined read's answer is stored by the request that sent it, under the version it read at (this
          // request's may be newer than that read).
          if (hits.has(position) || shared?.joined.has(position) || articles instanceof Error) return;
          const r = requests[position] as LoaderRequest;
          cache.set(keys[position] as string, stamp, rankedByIndex(r) ? index : undefined, articles);
        });
      }
      return results;
    },
    { cacheKeyFn: cacheKey, maxBatchSize: 100 },
  );
}

/** What one request reads: the suggest statement, the terms statement, or ranked urls; nothing for no hits. */
type StatementRead =
  | { kind: "query"; query: string; limit: number; rank: RankMode }
  | { kind: "terms"; terms: readonly string[]; limit: number; rank: RankMode }
  | { kind: "urls"; urls: readonly string[] };

function readOf(r: LoaderRequest, index: RelevanceIndex | undefined): StatementRead | undefined {
  if ("urls" in r) return r.urls.length > 0 ? { kind: "urls", urls: r.urls } : undefined;
  if (r.rank === "RELEVANCE") {
    const hits =
      "text" in r
        ? index?.search(r.text, "sentence", r.limit)
        : "query" in r
          ? index?.search(r.query, "search", r.limit)
          : [];
    const urls = (hits ?? []).map((h) => h.url);
    return urls.length > 0 ? { kind: "urls", urls } : undefined;
  }
  if ("query" in r) return { kind: "query", query: r.query, limit: r.limit, rank: r.rank };
  if ("terms" in r) return { kind: "terms", terms: r.terms, limit: r.limit, rank: r.rank };
  return undefined;
}

/** Everything a read's answer depends on, besides what is fixed for the process (the feedback weight). */
function sharedKey(item: StatementRead): string {
  if (item.kind === "urls") return `u\u0000${item.urls.join("\u0000")}`;
  if (item.kind === "query") return `q\u0000${item.rank}\u0000${item.limit}\u0000${item.query}`;
  return `t\u0000${item.rank}\u0000${item.limit}\u0000${item.terms.join("\u0000")}`;
}

/** Whether the relevance index chose the articles (so an answer holds only while that index is current). */
function rankedByIndex(r: LoaderRequest): boolean {
  return !("urls" in r) && r.rank === "RELEVANCE";
}

function toKey(value: unknown): number {
  return typeof value === "number" ? value : Number(value);
}

function cacheKey(r: LoaderRequest): string {
  if ("urls" in r) return `u\u0000${r.urls.join("\u0000")}`;
  if ("text" in r) return `x\u0000${r.limit}\u0000${r.text}`;
  // The statement reads a search in normal form (normalizeSearchCypher), so "VPN " and "vpn" are one answer; the
  // relevance index reads the text as given.
  return "query" in r
    ? `q\u0000${r.rank}\u0000${r.limit}\u0000${r.rank === "RELEVANCE" ? r.query : normalizeSearch(r.query)}`
    : `t\u0000${r.rank}\u0000${r.limit}\u0000${r.terms.join("\u0000")}`;
}
