import type { Driver } from "neo4j-driver";

/**
 * Schema the traversal and the importer rely on. Every statement is idempotent (IF NOT EXISTS), so the
 * list runs on every start. Names are stable: tests and EXPLAIN plans refer to them.
 */
export const MIGRATIONS: readonly { name: string; statement: string }[] = [
  // Exact keyword lookups are unique-index seeks; MERGE on import cannot create duplicates.
  {
    name: "search_term_keyword_unique",
    statement: "CREATE CONSTRAINT search_term_keyword_unique IF NOT EXISTS FOR (q:Query) REQUIRE q.keyword IS UNIQUE",
  },
  { name: "article_url_unique", statement: "CREATE CONSTRAINT article_url_unique IF NOT EXISTS FOR (a:Article) REQUIRE a.url IS UNIQUE" },
  // Closest-term fallback when nothing matches exactly; also backs the generated searchTermsFulltext query.
  { name: "search_term_keywords", statement: "CREATE FULLTEXT INDEX search_term_keywords IF NOT EXISTS FOR (q:Query) ON EACH [q.keyword]" },
  // Knowledge-base tooling filters articles by status and sorts by priority.
  { name: "article_status", statement: "CREATE INDEX article_status IF NOT EXISTS FOR (a:Article) ON (a.status)" },
  { name: "article_priority", statement: "CREATE INDEX article_priority IF NOT EXISTS FOR (a:Article) ON (a.priority)" },
  // Published articles best first (priority level, then url) for suggestions on search terms with many links.
  {
    name: "article_rank",
    statement: "CREATE INDEX article_rank IF NOT EXISTS FOR (a:Article) ON (a.status, a.priority, a.url)",
  },
];

/**
 * Applies the migrations that are missing (a constraint's backing index carries the constraint's name, so one
 * SHOW INDEXES tells what exists) and waits for new indexes to come online. A warm start costs one round trip.
 */
export async function migrate(driver: Driver, database: string): Promise<void> {
  const { records } = await driver.executeQuery("SHOW INDEXES YIELD name RETURN collect(name) AS names", {}, { database });
  const existing = new Set(records[0]?.get("names") as string[]);
  const missing = MIGRATIONS.filter((m) => !existing.has(m.name));
  for (const { statement } of missing) {
    await driver.executeQuery(statement, {}, { database });
  }
  if (missing.length > 0) await driver.executeQuery("CALL db.awaitIndexes(120)", {}, { database });
}
