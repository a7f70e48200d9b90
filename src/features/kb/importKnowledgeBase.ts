import type { Driver } from "neo4j-driver";
import { BUMP_KB_VERSION } from "../suggestions";
import type { KbEndpoint, KnowledgeBase, RelationshipType } from "./kbFormat";
import { graphTransaction } from "../../platform/neo4j/graphAccess";

/** What an import wrote (a re-import of the same file reports zero nodes and relationships created). */
export interface ImportSummary {
  articles: number;
  searchTerms: number;
  links: number;
  nodesCreated: number;
  relationshipsCreated: number;
  /** Articles and search terms deleted because the file no longer has them (`prune` only). */
  nodesDeleted: number;
}

export interface ImportOptions {
  /** Also delete articles and search terms not in the file, in the same transaction. */
  prune?: boolean;
}

// Articles and terms no longer in the file, with their links. Push records keep the cards they sent.
const PRUNE_ARTICLES = "MATCH (a:Article) WHERE NOT a.url IN $urls DETACH DELETE a";
const PRUNE_TERMS = "MATCH (q:Query) WHERE NOT q.keyword IN $keywords DETACH DELETE q";

const UPSERT_ARTICLES = `
UNWIND $articles AS row
MERGE (a:Article {url: row.url})
SET a.title = row.title, a.summary = row.summary, a.status = row.status, a.priority = row.priority,
    a.updatedAt = CASE WHEN row.updatedAt IS NULL THEN a.updatedAt ELSE datetime(row.updatedAt) END`;

const UPSERT_TERMS = "UNWIND $terms AS keyword MERGE (:Query {keyword: keyword})";

/** Synonym groups, keyed by their first phrase; a file with a `synonyms` section replaces every group. */
const REPLACE_SYNONYMS = `
MATCH (old:SynonymGroup) WHERE NOT old.key IN [g IN $groups | g[0]] DELETE old
WITH count(*) AS removed
UNWIND $groups AS phrases
MERGE (g:SynonymGroup {key: phrases[0]}) SET g.phrases = phrases`;

/**
 * Loads a validated knowledge base in one transaction: MERGE on `Article.url`, `Query.keyword` and each
 * link, so a re-import changes nothing and a failure writes nothing. Without `prune` the import only adds and
 * updates; with it, articles and search terms the file no longer has are deleted in the same transaction.
 */
export async function importKnowledgeBase(
  driver: Driver,
  database: string,
  kb: KnowledgeBase,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  return graphTransaction(driver, "WRITE", { database, op: "kbImport" }, async (tx) => {
    let nodesCreated = 0;
    let relationshipsCreated = 0;
    let nodesDeleted = 0;
    if (options.prune) {
      const pa = await tx.run(PRUNE_ARTICLES, { urls: kb.articles.map((a) => a.url) });
      const pt = await tx.run(PRUNE_TERMS, { keywords: kb.searchTerms.map((t) => t.keyword) });
      nodesDeleted = pa.summary.counters.updates().nodesDeleted + pt.summary.counters.updates().nodesDeleted;
    }
    const articles = kb.articles.map((a) => ({ ...a, updatedAt: a.updatedAt ?? null }));
    const a = await tx.run(UPSERT_ARTICLES, { articles });
    const t = await tx.run(UPSERT_TERMS, { terms: kb.searchTerms.map((s) => s.keyword) });
    nodesCreated += a.summary.counters.updates().nodesCreated + t.summary.counters.updates().nodesCreated;
    if (kb.synonyms) {
      const s = await tx.run(REPLACE_SYNONYMS, { groups: kb.synonyms });
      nodesCreated += s.summary.counters.updates().nodesCreated;
    }
    for (const [statement, rows] of groupLinks(kb)) {
      const r = await tx.run(statement, { rows });
      relationshipsCreated += r.summary.counters.updates().relationshipsCreated;
    }
    // Running gateways reload their search-term index when this version moves (src/features/suggestions/KnowledgeTerms.ts).
    await tx.run(BUMP_KB_VERSION);
    return {
      articles: kb.articles.length,
      searchTerms: kb.searchTerms.length,
      links: kb.links.length,
      nodesCreated,
      relationshipsCreated,
      nodesDeleted,
    };
  });
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
