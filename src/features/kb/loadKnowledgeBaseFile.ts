import { readFile } from "node:fs/promises";
import type { Driver } from "neo4j-driver";
import { importKnowledgeBase, type ImportSummary } from "./importKnowledgeBase";
import { parseKnowledgeBase } from "./kbFormat";
import { graphRead } from "../../platform/neo4j/graphAccess";

/** Reads, validates and imports a knowledge-base file; nothing is written when validation fails. */
export async function importKnowledgeBaseFile(driver: Driver, database: string, file: string): Promise<ImportSummary> {
  const kb = parseKnowledgeBase(await readFile(file, "utf8"));
  return importKnowledgeBase(driver, database, kb);
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
