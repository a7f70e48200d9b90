import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError, loadConfig } from "../src/config/config";
import { createDriver } from "../src/graph/driver";
import { migrate } from "../src/graph/migrations";
import { importKnowledgeBase } from "../src/kb/importKnowledgeBase";
import { KbFormatError, parseKnowledgeBase } from "../src/kb/kbFormat";
import { portInUse, startLocalNeo4j } from "../src/local/neo4jLocal";

/**
 * `npm run kb:import -- FILE`: loads a knowledge-base file (docs/knowledge-base-format.md) into the
 * configured Neo4j: NEO4J_URI when set, otherwise the local engine and data directory `npm start` uses. The file
 * is read and checked first (every problem reported at once), before any engine starts. When the local engine is
 * already running (`npm start`), it says how to import into that one instead.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: npm run kb:import -- FILE");
    process.exit(2);
  }
  const config = loadConfig();
  const kb = parseKnowledgeBase(await readFile(path.resolve(file), "utf8"));
  if (config.neo4j.kind === "local" && (await portInUse(config.neo4j.port))) {
    console.error(
      `a Neo4j already listens on bolt://127.0.0.1:${config.neo4j.port} (is \`npm start\` running?). Import into it:\n` +
        `  NEO4J_URI=bolt://127.0.0.1:${config.neo4j.port} NEO4J_PASSWORD=${config.neo4j.password === "agent-assist-local" ? "agent-assist-local" : "<NEO4J_LOCAL_PASSWORD>"} npm run kb:import -- ${file}\n` +
        "or stop it first.",
    );
    process.exit(1);
  }
  console.log(`${file}: ${kb.articles.length} articles, ${kb.searchTerms.length} search terms, ${kb.links.length} links; importing`);
  const local =
    config.neo4j.kind === "local"
      ? await startLocalNeo4j({
          port: config.neo4j.port,
          dataDir: config.neo4j.dataDir,
          password: config.neo4j.password,
          heap: config.neo4j.heap,
          onProgress: (message) => console.log(message),
        })
      : undefined;
  const connection =
    config.neo4j.kind === "remote"
      ? config.neo4j
      : { uri: local?.uri ?? "", user: "neo4j", password: config.neo4j.password, database: config.neo4j.database };
  const driver = createDriver(connection, config.neo4jPool);
  try {
    await migrate(driver, connection.database);
    const summary = await importKnowledgeBase(driver, connection.database, kb);
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
