import type { Driver } from "neo4j-driver";
import type { KnowledgeBase } from "./kbFormat";
import { graphRead } from "../../platform/neo4j/graphAccess";

/** What an import would do to the graph, by url and keyword. */
export interface KbDiff {
  articles: { added: string[]; changed: string[]; unchanged: number; removed: string[] };
  searchTerms: { added: string[]; unchanged: number; removed: string[] };
}

const EXISTING = `
CALL () { MATCH (a:Article) RETURN collect(a {.url, .title, .summary, .status, .priority, updatedAt: toString(a.updatedAt)}) AS articles }
CALL () { MATCH (q:Query) RETURN collect(q.keyword) AS keywords }
RETURN articles, keywords`;

/**
 * Compares a validated file with the graph: articles and search terms it would add, articles whose properties it
 * would change, those it leaves as they are, and (for `--prune`) those in the graph but not in the file.
 */
export async function diffKnowledgeBase(driver: Driver, database: string, kb: KnowledgeBase): Promise<KbDiff> {
  const records = await graphRead(driver, EXISTING, {}, { database, op: "kbDiff" });
  const existing = new Map(
    (records[0]?.get("articles") as Record<string, unknown>[]).map((a) => [String(a.url), a] as const),
  );
  const keywords = new Set(records[0]?.get("keywords") as string[]);
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const article of kb.articles) {
    const now = existing.get(article.url);
    if (!now) added.push(article.url);
    else if (differs(article, now)) changed.push(article.url);
    else unchanged += 1;
  }
  const inFile = new Set(kb.articles.map((a) => a.url));
  const termsInFile = new Set(kb.searchTerms.map((t) => t.keyword));
  return {
    articles: { added, changed, unchanged, removed: [...existing.keys()].filter((url) => !inFile.has(url)) },
    searchTerms: {
      added: kb.searchTerms.map((t) => t.keyword).filter((k) => !keywords.has(k)),
      unchanged: kb.searchTerms.filter((t) => keywords.has(t.keyword)).length,
      removed: [...keywords].filter((k) => !termsInFile.has(k)),
    },
  };
}

function differs(article: KnowledgeBase["articles"][number], now: Record<string, unknown>): boolean {
  const sameTime =
    article.updatedAt === undefined ||
    (now.updatedAt != null && Date.parse(article.updatedAt) === Date.parse(String(now.updatedAt)));
  return (
    article.title !== now.title ||
    (article.summary ?? "") !== (now.summary ?? "") ||
    article.status !== now.status ||
    article.priority !== Number(now.priority) ||
    !sameTime
  );
}

/** The diff as lines for a person; with `prune`, what would be removed too. */
export function describeDiff(diff: KbDiff, prune: boolean): string[] {
  const list = (items: string[]) =>
    items.length === 0
      ? ""
      : `: ${items.slice(0, 10).join(", ")}${items.length > 10 ? `, ... (${items.length - 10} more)` : ""}`;
  return [
    `articles: ${diff.articles.added.length} added${list(diff.articles.added)}`,
    `articles: ${diff.articles.changed.length} changed${list(diff.articles.changed)}`,
    `articles: ${diff.articles.unchanged} unchanged`,
    `search terms: ${diff.searchTerms.added.length} added${list(diff.searchTerms.added)}`,
    `search terms: ${diff.searchTerms.unchanged} unchanged`,
    ...(prune
      ? [
          `articles: ${diff.articles.removed.length} removed${list(diff.articles.removed)}`,
          `search terms: ${diff.searchTerms.removed.length} removed${list(diff.searchTerms.removed)}`,
        ]
      : [
          `(not in the file, kept without --prune: ${diff.articles.removed.length} articles, ${diff.searchTerms.removed.length} search terms)`,
        ]),
  ];
}
