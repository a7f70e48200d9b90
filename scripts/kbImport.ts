import path from "node:path";
import { ConfigError, loadConfig } from "../src/config/config";
import { createDriver } from "../src/graph/driver";
import { migrate } from "../src/graph/migrations";
import { KbFormatError } from "../src/kb/kbFormat";
import { importKnowledgeBaseFile } from "../src/kb/loadKnowledgeBaseFile";
import { startLocalNeo4j } from "../src/local/neo4jLocal";

/**
 * `npm run kb:import -- FILE`: loads a knowledge-base file (docs/knowledge-base-format.md) into the
 * configured Neo4j: NEO4J_URI when set, otherwise the local engine and data directory `npm start` uses
 * (stop the gateway first: one engine per data directory).
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: npm run kb:import -- FILE");
    process.exit(2);
  }
  const config = loadConfig();
  const local =
    config.neo4j.kind === "local"
      ? await startLocalNeo4j({ port: config.neo4j.port, dataDir: config.neo4j.dataDir, password: config.neo4j.password, heap: config.neo4j.heap })
      : undefined;
  const connection =
    config.neo4j.kind === "remote"
      ? config.neo4j
      : { uri: local?.uri ?? "", user: "neo4j", password: config.neo4j.password, database: config.neo4j.database };
  const driver = createDriver(connection, config.neo4jPool);
  try {
    await migrate(driver, connection.database);
    const summary = await importKnowledgeBaseFile(driver, connection.database, path.resolve(file));
    console.log(
      `imported ${summary.articles} articles, ${summary.searchTerms} search terms, ${summary.links} links ` +
        `(${summary.nodesCreated} nodes and ${summary.relationshipsCreated} relationships were new)`,
    );
  } finally {
    await driver.close();
    await local?.stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof KbFormatError) console.error(`${process.argv[2]}: ${error.message}`);
  else if (error instanceof ConfigError) console.error(error.message);
  else console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
