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

export type LoaderRequest = SuggestionRequest | TermsRequest;

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
}

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
      const byQuery = requests.flatMap((r, key) =>
        "query" in r ? [{ key, query: r.query, limit: r.limit, rank: r.rank }] : [],
      );
      const byTerms = requests.flatMap((r, key) =>
        "terms" in r ? [{ key, terms: r.terms, limit: int(r.limit), rank: r.rank }] : [],
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
  return "query" in r
    ? `q\u0000${r.rank}\u0000${r.limit}\u0000${r.query}`
    : `t\u0000${r.rank}\u0000${r.limit}\u0000${r.terms.join("\u0000")}`;
}
