import DataLoader from "dataloader";
import type { Driver } from "neo4j-driver";
import type { SuggestedArticle } from "../assist/cards";
import type { GatewayMetrics } from "../observability/metrics";
import { batchSuggestStatement } from "./suggestStatement";
import type { SuggestionRequest } from "./suggestionInput";

/** Prepared once: the statement text never changes while the process runs. */
let statement: string | undefined;

export type SuggestionLoader = DataLoader<SuggestionRequest, SuggestedArticle[], string>;

/**
 * A per-request DataLoader: every suggestion asked for in one tick (a whole push batch) goes to Neo4j in
 * one round trip, through the same traversal as the suggestArticles field.
 */
export function createSuggestionLoader(
  driver: Driver,
  options: { database: string; timeoutMs: number; requestId: string; metrics?: GatewayMetrics },
): SuggestionLoader {
  statement ??= batchSuggestStatement();
  const text = statement;
  return new DataLoader<SuggestionRequest, SuggestedArticle[], string>(
    async (requests) => {
      const run = () =>
        driver.executeQuery(
        text,
        { requests: requests.map((r, key) => ({ key, query: r.query, limit: r.limit })) },
        {
          database: options.database,
          routing: "READ",
          transactionConfig: { timeout: options.timeoutMs, metadata: { requestId: options.requestId, op: "suggestBatch" } },
        },
      );
      const metrics = options.metrics;
      const { records } = metrics
        ? await metrics.time((outcome, seconds) => metrics.neo4jDuration.observe({ kind: "suggest_batch", outcome }, seconds), run)
        : await run();
      const results: SuggestedArticle[][] = requests.map(() => []);
      for (const record of records) {
        const props = (record.get("article") as { properties: Record<string, unknown> }).properties;
        results[record.get("key") as number]?.push(toSuggestedArticle(props));
      }
      return results;
    },
    { cacheKeyFn: (r) => `${r.limit}\u0000${r.query}`, maxBatchSize: 100 },
  );
}

function toSuggestedArticle(p: Record<string, unknown>): SuggestedArticle {
  return {
    title: String(p.title ?? ""),
    url: String(p.url ?? ""),
    summary: typeof p.summary === "string" ? p.summary : null,
    priority: typeof p.priority === "number" ? p.priority : Number(p.priority ?? 0),
    updatedAt: p.updatedAt == null ? null : isoDateTime(p.updatedAt),
  };
}

/** Neo4j temporal values print as ISO-8601; anything else stored there is passed through as text. */
function isoDateTime(value: unknown): string {
  return typeof value === "string" ? value : String(value);
}
