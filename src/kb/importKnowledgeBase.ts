import type { Driver } from "neo4j-driver";
import type { KbEndpoint, KnowledgeBase, RelationshipType } from "./kbFormat";

/** What an import wrote (a re-import of the same file reports zero nodes and relationships created). */
export interface ImportSummary {
  articles: number;
  searchTerms: number;
  links: number;
  nodesCreated: number;
  relationshipsCreated: number;
}

const UPSERT_ARTICLES = `
UNWIND $articles AS row
MERGE (a:Article {url: row.url})
SET a.title = row.title, a.summary = row.summary, a.status = row.status, a.priority = row.priority,
    a.updatedAt = CASE WHEN row.updatedAt IS NULL THEN a.updatedAt ELSE datetime(row.updatedAt) END`;

const UPSERT_TERMS = "UNWIND $terms AS keyword MERGE (:Query {keyword: keyword})";

/**
 * Loads a validated knowledge base in one transaction: MERGE on `Article.url`, `Query.keyword` and each
 * link, so a re-import changes nothing and a failure writes nothing. The import only adds and updates.
 */
export async function importKnowledgeBase(driver: Driver, database: string, kb: KnowledgeBase): Promise<ImportSummary> {
  const session = driver.session({ database });
  try {
    return await session.executeWrite(async (tx) => {
      let nodesCreated = 0;
      let relationshipsCreated = 0;
      const articles = kb.articles.map((a) => ({ ...a, updatedAt: a.updatedAt ?? null }));
      const a = await tx.run(UPSERT_ARTICLES, { articles });
      const t = await tx.run(UPSERT_TERMS, { terms: kb.searchTerms.map((s) => s.keyword) });
      nodesCreated += a.summary.counters.updates().nodesCreated + t.summary.counters.updates().nodesCreated;
      for (const [statement, rows] of groupLinks(kb)) {
        const r = await tx.run(statement, { rows });
        relationshipsCreated += r.summary.counters.updates().relationshipsCreated;
      }
      return {
        articles: kb.articles.length,
        searchTerms: kb.searchTerms.length,
        links: kb.links.length,
        nodesCreated,
        relationshipsCreated,
      };
    });
  } finally {
    await session.close();
  }
}

/** Relationship types and labels cannot be parameters; each (from, type, to) shape gets its own statement. */
function groupLinks(kb: KnowledgeBase): Map<string, { from: string; to: string }[]> {
  const groups = new Map<string, { from: string; to: string }[]>();
  for (const link of kb.links) {
    const statement = linkStatement(link.from, link.type, link.to);
    const rows = groups.get(statement) ?? [];
    rows.push({ from: key(link.from), to: key(link.to) });
    groups.set(statement, rows);
  }
  return groups;
}

function linkStatement(from: KbEndpoint, type: RelationshipType, to: KbEndpoint): string {
  const match = (variable: string, end: KbEndpoint, param: string) =>
    "term" in end ? `(${variable}:Query {keyword: row.${param}})` : `(${variable}:Article {url: row.${param}})`;
  return `UNWIND $rows AS row MATCH ${match("f", from, "from")} MATCH ${match("t", to, "to")} MERGE (f)-[:${type}]->(t)`;
}

function key(end: KbEndpoint): string {
  return "term" in end ? end.term : end.article;
}
