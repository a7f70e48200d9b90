import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../src/dev/neo4j/freePort";
import { startLocalNeo4j, type LocalNeo4j } from "../../src/dev/neo4j/neo4jLocal";
import { bundleConsole } from "../../src/ui/pages/consoleAssets";

/**
 * Starts one real Neo4j for the integration and e2e tiers (on a free port, in a fresh temp directory),
 * unless NEO4J_URI names a server to use instead. Workers find it through TEST_NEO4J_* variables.
 */
export default async function globalSetup(): Promise<void> {
  // The console's bundle, fresh for this run: esbuild cannot run inside Jest's module sandbox, so the gateways the
  // tests start serve it from dist/console/ (see src/ui/pages/consoleAssets.ts).
  await bundleConsole(true);
  if (process.env.TEST_NEO4J_URI) return; // another project of this run already started it
  if (process.env.NEO4J_URI) {
    process.env.TEST_NEO4J_URI = process.env.NEO4J_URI;
    process.env.TEST_NEO4J_USER = process.env.NEO4J_USER ?? "neo4j";
    process.env.TEST_NEO4J_PASSWORD = process.env.NEO4J_PASSWORD ?? "";
    process.env.TEST_NEO4J_DATABASE = process.env.NEO4J_DATABASE ?? "neo4j";
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "aag-test-neo4j-"));
  const local: LocalNeo4j = await startLocalNeo4j({
    port: await freePort(),
    dataDir,
    password: "test-password-1",
    heap: "768m",
  });
  (globalThis as { __localNeo4j?: LocalNeo4j }).__localNeo4j = local;
  process.env.TEST_NEO4J_URI = local.uri;
  process.env.TEST_NEO4J_USER = local.user;
  process.env.TEST_NEO4J_PASSWORD = local.password;
  process.env.TEST_NEO4J_DATABASE = "neo4j";
  process.env.TEST_NEO4J_DATA_DIR = dataDir;
}
