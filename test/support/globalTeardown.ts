import { rmSync } from "node:fs";
import type { LocalNeo4j } from "../../src/dev/neo4j/neo4jLocal";

/** Stops the Neo4j globalSetup started (if any) and removes its data directory. */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __localNeo4j?: LocalNeo4j };
  const local = holder.__localNeo4j;
  if (!local) return;
  holder.__localNeo4j = undefined;
  await local.stop();
  const dataDir = process.env.TEST_NEO4J_DATA_DIR;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  delete process.env.TEST_NEO4J_URI;
}
