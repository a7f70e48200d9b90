import type { Driver } from "neo4j-driver";
import { graphRead, graphWrite } from "./graphAccess";

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
  {
    name: "article_url_unique",
    statement: "CREATE CONSTRAINT article_url_unique IF NOT EXISTS FOR (a:Article) REQUIRE a.url IS UNIQUE",
  },
  // Closest-term fallback when nothing matches exactly; also backs the generated searchTermsFulltext query.
  {
    name: "search_term_keywords",
    statement: "CREATE FULLTEXT INDEX search_term_keywords IF NOT EXISTS FOR (q:Query) ON EACH [q.keyword]",
  },
  // Knowledge-base tooling filters articles by status and sorts by priority.
  { name: "article_status", statement: "CREATE INDEX article_status IF NOT EXISTS FOR (a:Article) ON (a.status)" },
  {
    name: "article_priority",
    statement: "CREATE INDEX article_priority IF NOT EXISTS FOR (a:Article) ON (a.priority)",
  },
  // Published articles best first (priority level, then url) for suggestions on search terms with many links.
  {
    name: "article_rank",
    statement: "CREATE INDEX article_rank IF NOT EXISTS FOR (a:Article) ON (a.status, a.priority, a.url)",
  },
  // The push ledger (src/features/push): ids are unique; the deliverer finds open pushes by status, the live feed by
  // updatedAt, history pages by createdAt (also retention) and filters by interaction and agent.
  {
    name: "push_id_unique",
    statement: "CREATE CONSTRAINT push_id_unique IF NOT EXISTS FOR (p:Push) REQUIRE p.id IS UNIQUE",
  },
  {
    name: "interaction_id_unique",
    statement: "CREATE CONSTRAINT interaction_id_unique IF NOT EXISTS FOR (i:Interaction) REQUIRE i.id IS UNIQUE",
  },
  { name: "push_status", statement: "CREATE INDEX push_status IF NOT EXISTS FOR (p:Push) ON (p.status)" },
  { name: "push_updated_at", statement: "CREATE INDEX push_updated_at IF NOT EXISTS FOR (p:Push) ON (p.updatedAt)" },
  { name: "push_created_at", statement: "CREATE INDEX push_created_at IF NOT EXISTS FOR (p:Push) ON (p.createdAt)" },
  {
    name: "push_interaction",
    statement: "CREATE INDEX push_interaction IF NOT EXISTS FOR (p:Push) ON (p.interactionId)",
  },
  // The ledger's own bookkeeping (which one-off data migrations are done).
  {
    name: "ledger_meta_id_unique",
    statement: "CREATE CONSTRAINT ledger_meta_id_unique IF NOT EXISTS FOR (m:LedgerMeta) REQUIRE m.id IS UNIQUE",
  },
  { name: "push_agent", statement: "CREATE INDEX push_agent IF NOT EXISTS FOR (p:Push) ON (p.agentId)" },
  // The knowledge loop (src/features/knowledge): one answer per agent, card and push; gap counts per text, kind and day
  // (reports and retention go by day); the knowledge base's version node.
  {
    name: "card_feedback_unique",
    statement:
      "CREATE CONSTRAINT card_feedback_unique IF NOT EXISTS FOR (f:CardFeedback) REQUIRE (f.pushId, f.url, f.agentId) IS UNIQUE",
  },
  {
    name: "knowledge_gap_unique",
    statement:
      "CREATE CONSTRAINT knowledge_gap_unique IF NOT EXISTS FOR (g:KnowledgeGap) REQUIRE (g.text, g.kind, g.day) IS UNIQUE",
  },
  {
    name: "knowledge_gap_day",
    statement: "CREATE INDEX knowledge_gap_day IF NOT EXISTS FOR (g:KnowledgeGap) ON (g.day)",
  },
  {
    name: "kb_meta_id_unique",
    statement: "CREATE CONSTRAINT kb_meta_id_unique IF NOT EXISTS FOR (m:KbMeta) REQUIRE m.id IS UNIQUE",
  },
  // Article text for explorers (Query.articlesFulltext), with English stemming; RELEVANCE ranks in memory.
  {
    name: "article_text",
    statement:
      "CREATE FULLTEXT INDEX article_text IF NOT EXISTS FOR (a:Article) ON EACH [a.title, a.summary] " +
      "OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}",
  },
  {
    name: "synonym_group_key_unique",
    statement: "CREATE CONSTRAINT synonym_group_key_unique IF NOT EXISTS FOR (g:SynonymGroup) REQUIRE g.key IS UNIQUE",
  },
  {
    name: "learned_link_unique",
    statement:
      "CREATE CONSTRAINT learned_link_unique IF NOT EXISTS FOR (l:LearnedLink) REQUIRE (l.text, l.url) IS UNIQUE",
  },
];

/**
 * Applies the migrations that are missing (a constraint's backing index carries the constraint's name, so one
 * SHOW INDEXES tells what exists) and waits for new indexes to come online. A warm start costs one round trip.
 */
export async function migrate(driver: Driver, database: string): Promise<void> {
  const records = await graphRead(
    driver,
    "SHOW INDEXES YIELD name RETURN collect(name) AS names",
    {},
    { database, op: "showIndexes" },
  );
  const existing = new Set(records[0]?.get("names") as string[]);
  const missing = MIGRATIONS.filter((m) => !existing.has(m.name));
  for (const { statement } of missing) {
    await graphWrite(driver, statement, {}, { database, op: "migrate" });
  }
  if (missing.length > 0) await graphWrite(driver, "CALL db.awaitIndexes(120)", {}, { database, op: "awaitIndexes" });
}
