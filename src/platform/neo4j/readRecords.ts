import neo4j, { type Driver, type Record as Neo4jRecord } from "neo4j-driver";
import { inSpan, SpanKind } from "../observability/tracing";

export interface ReadOptions {
  database: string;
  /** Server-side transaction timeout. */
  timeoutMs?: number;
  /** Shown in Neo4j's query log and `SHOW TRANSACTIONS`. */
  metadata?: Record<string, unknown>;
}

/**
 * Runs one read-only statement as an auto-commit transaction and returns its records.
 *
 * RUN and PULL go out together and come back in one round trip. A managed transaction (`driver.executeQuery`,
 * `session.executeRead`) adds BEGIN and a COMMIT that waits for its own round trip: see BENCHMARKS.md,
 * entry 11. Failures the driver knows are safe to repeat (a connection lost before the statement ran) are retried
 * once by neo4j-driver itself (its auto-commit retries); anything else reaches the caller.
 */
export async function readRecords(
  driver: Driver,
  statement: string,
  parameters: Record<string, unknown>,
  options: ReadOptions,
): Promise<Neo4jRecord[]> {
  const op = String(options.metadata?.op ?? "query");
  // A span per statement, named by the statement (never its parameters: they may hold what a customer said).
  return inSpan(
    `neo4j ${op}`,
    { "db.system.name": "neo4j", "db.operation.name": op, "db.namespace": options.database },
    async (span) => {
      const session = driver.session({ database: options.database, defaultAccessMode: neo4j.session.READ });
      try {
        const result = await session.run(statement, parameters, {
          timeout: options.timeoutMs,
          metadata: options.metadata,
        });
        span.setAttribute("db.response.returned_rows", result.records.length);
        return result.records;
      } finally {
        await session.close();
      }
    },
    SpanKind.CLIENT,
  );
}
