import { readFile } from "node:fs/promises";
import type { Driver } from "neo4j-driver";
import { importKnowledgeBase, type ImportSummary } from "./importKnowledgeBase";
import { parseKnowledgeBase, type KnowledgeBase } from "./kbFormat";
import { formatOf, parseArticleExport } from "./articleExport";
import { graphRead } from "../../platform/neo4j/graphAccess";

/** Reads and validates a knowledge-base file: our JSON format, or articles-only CSV / JSON Lines (by extension). */
export async function readKnowledgeBaseFile(file: string): Promise<KnowledgeBase> {
  const text = await readFile(file, "utf8");
  const format = formatOf(file);
  return format === "json" ? parseKnowledgeBase(text) : parseArticleExport(text, format);
}

/** Reads, validates and imports a knowledge-base file; nothing is written when validation fails. */
export async function importKnowledgeBaseFile(driver: Driver, database: string, file: string): Promise<ImportSummary> {
  return importKnowledgeBase(driver, database, await readKnowledgeBaseFile(file));
}

/** Seeds an empty graph (no Article and no Query node) from `file`; returns undefined when not empty. */
export async function seedWhenEmpty(
  driver: Driver,
  database: string,
  file: string,
): Promise<ImportSummary | undefined> {
  const records = await graphRead(
    driver,
    "OPTIONAL MATCH (a:Article) WITH a LIMIT 1 OPTIONAL MATCH (q:Query) WITH a, q LIMIT 1 RETURN a IS NULL AND q IS NULL AS empty",
    {},
    { database, op: "seedCheck" },
  );
  if (records[0]?.get("empty") !== true) return undefined;
  return importKnowledgeBaseFile(driver, database, file);
}
