import DataLoader from "dataloader";
import type { Driver } from "neo4j-driver";
import type { AdmissionQueue } from "../capacity/AdmissionQueue";
import type { OutageLog } from "../logging/outageLog";
import type { GatewayMetrics } from "../observability/metrics";
import { readRecords } from "./readRecords";
import { batchSuggestParams, batchSuggestStatement } from "./suggestStatement";
import type { SuggestionRequest } from "./suggestionInput";

/** Prepared once: the statement text never changes while the process runs. */
let statement: string | undefined;

/** An Article node's properties exactly as Neo4j returns them (temporal values stay Neo4j types). */
export type ArticleProperties = Record<string, unknown>;

export type SuggestionLoader = DataLoader<SuggestionRequest, ArticleProperties[], string>;

/**
 * A per-request DataLoader: every suggestion asked for in one tick (a whole push batch, or several aliased
 * suggestArticles fields) goes to Neo4j in one round trip, through the suggestArticles @cypher statement.
 */
export function createSuggestionLoader(
  driver: Driver,
  options: { database: string; timeoutMs: number; requestId: string; metrics?: GatewayMetrics; admission?: AdmissionQueue; outages?: OutageLog },
): SuggestionLoader {
  statement ??= batchSuggestStatement();
  const text = statement;
  return new DataLoader<SuggestionRequest, ArticleProperties[], string>(
    async (requests) => {
      const read = () =>
        readRecords(driver, text, batchSuggestParams(requests.map((r, key) => ({ key, query: r.query, limit: r.limit }))), {
          database: options.database,
          timeoutMs: options.timeoutMs,
          metadata: { requestId: options.requestId, op: "suggestBatch" },
        });
      const admission = options.admission;
      const run = admission ? () => admission.run(read) : read;
      const metrics = options.metrics;
      const records = metrics
        ? await metrics.time((outcome, seconds) => metrics.neo4jDuration.observe({ kind: "suggest_batch", outcome }, seconds), run)
        : await run();
      options.outages?.graphAnswered();
      const results: ArticleProperties[][] = requests.map(() => []);
      for (const record of records) {
        results[record.get("key") as number]?.push((record.get("article") as { properties: ArticleProperties }).properties);
      }
      return results;
    },
    { cacheKeyFn: (r) => `${r.limit}\u0000${r.query}`, maxBatchSize: 100 },
  );
}
