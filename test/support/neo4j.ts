import { randomBytes } from "node:crypto";
import type { Driver } from "neo4j-driver";
import { createDriver, type Neo4jConnection } from "../../src/platform/neo4j/driver";
import { migrate } from "../../src/platform/neo4j/migrations";

/** The Neo4j that globalSetup started (or NEO4J_URI), as seen from a test worker. */
export function testConnection(): Neo4jConnection {
  const uri = process.env.TEST_NEO4J_URI;
  if (!uri) throw new Error("TEST_NEO4J_URI is not set: run this tier through its Jest project (globalSetup)");
  return {
    uri,
    user: process.env.TEST_NEO4J_USER ?? "neo4j",
    password: process.env.TEST_NEO4J_PASSWORD ?? "",
    database: process.env.TEST_NEO4J_DATABASE ?? "neo4j",
  };
}

/** A driver on the test database with the migrations applied (idempotent, so every file may call it). */
export async function openTestDriver(): Promise<Driver> {
  const connection = testConnection();
  const driver = createDriver(connection, { maxConnectionPoolSize: 20, queryTimeoutMs: 10_000 });
  await migrate(driver, connection.database);
  return driver;
}

/**
 * A short random tag; tests build keywords, urls and words from it so their data never meets another
 * test's, and delete it afterwards with `deleteTagged`.
 */
export function uniqueTag(): string {
  return `t${randomBytes(4).toString("hex")}`;
}

/** Deletes every node whose keyword, url, interaction id or gap text contains `tag` (what test fixtures are built from). */
export async function deleteTagged(driver: Driver, tag: string): Promise<void> {
  await driver.executeQuery(
    `MATCH (n) WHERE (n:Query AND n.keyword CONTAINS $tag) OR (n:Article AND n.url CONTAINS $tag)
       OR (n:Interaction AND n.id CONTAINS $tag) OR (n:Push AND n.interactionId CONTAINS $tag)
       OR (n:CardFeedback AND n.url CONTAINS $tag) OR (n:KnowledgeGap AND n.text CONTAINS $tag)
       OR (n:LearnedLink AND (n.text CONTAINS $tag OR n.url CONTAINS $tag)) OR (n:SynonymGroup AND n.key CONTAINS $tag)
     DETACH DELETE n`,
    { tag },
    { database: testConnection().database },
  );
}
