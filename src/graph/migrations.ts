import type { Driver } from "neo4j-driver";

/**
 * Schema the traversal and the importer rely on. Every statement is idempotent (IF NOT EXISTS), so the
 * list runs on every start. Names are stable: tests and EXPLAIN plans refer to them.
 */
export const MIGRATIONS: readonly string[] = [
  // Exact keyword lookups are unique-index seeks; MERGE on import cannot create duplicates.
  "CREATE CONSTRAINT search_term_keyword_unique IF NOT EXISTS FOR (q:Query) REQUIRE q.keyword IS UNIQUE",
  "CREATE CONSTRAINT article_url_unique IF NOT EXISTS FOR (a:Article) REQUIRE a.url IS UNIQUE",
  // Closest-term fallback when nothing matches exactly; also backs the generated searchTermsFulltext query.
  "CREATE FULLTEXT INDEX search_term_keywords IF NOT EXISTS FOR (q:Query) ON EACH [q.keyword]",
  // Knowledge-base tooling filters articles by status and sorts by priority.
  "CREATE INDEX article_status IF NOT EXISTS FOR (a:Article) ON (a.status)",
  "CREATE INDEX article_priority IF NOT EXISTS FOR (a:Article) ON (a.priority)",
];

/** Applies the migrations and waits for the indexes to come online. */
export async function migrate(driver: Driver, database: string): Promise<void> {
  for (const statement of MIGRATIONS) {
    await driver.executeQuery(statement, {}, { database });
  }
  await driver.executeQuery("CALL db.awaitIndexes(120)", {}, { database });
}
