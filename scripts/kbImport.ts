import path from "node:path";
import { ConfigError, loadConfig } from "../src/platform/config/config";
import { createDriver } from "../src/platform/neo4j/driver";
import { migrate } from "../src/platform/neo4j/migrations";
import { describeDiff, diffKnowledgeBase } from "../src/features/kb/kbDiff";
import { importKnowledgeBase } from "../src/features/kb/importKnowledgeBase";
import { KbFormatError } from "../src/features/kb/kbFormat";
import { readKnowledgeBaseFile } from "../src/features/kb/loadKnowledgeBaseFile";
import { readArgs, UsageError } from "./cliArgs";
import { connectForTool } from "./neo4jForTool";

const USAGE = "usage: npm run kb:import -- [--dry-run] [--prune] FILE";
const HELP = `${USAGE}

Loads a knowledge-base file (JSON, CSV or JSON Lines; docs/knowledge-base-format.md) into the configured Neo4j.
  --dry-run  show what would change, write nothing
  --prune    also delete what the file no longer has`;

/**
 * `npm run kb:import -- [--dry-run] [--prune] FILE`: loads a knowledge-base file (docs/knowledge-base-format.md)
 * into the configured Neo4j. The file is read and checked first (every problem reported at once), before anything
 * starts or connects. Then: NEO4J_URI when set; else the local engine `npm start` runs, when it is up (found on
 * NEO4J_LOCAL_PORT, logged into with NEO4J_LOCAL_PASSWORD); else the local engine started here for the import.
 * `--dry-run` shows what would change and writes nothing; `--prune` also deletes what the file no longer has.
 */
async function main(): Promise<void> {
  const { values, positionals } = readArgs({ "dry-run": { type: "boolean" }, prune: { type: "boolean" } }, HELP, true);
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? "FILE is required" : "one FILE at a time");
  const file = positionals[0] as string;
  const dryRun = values["dry-run"] === true;
  const prune = values.prune === true;
  const config = loadConfig();
  const kb = await readKnowledgeBaseFile(path.resolve(file));
  console.log(
    `${file}: ${kb.articles.length} articles, ${kb.searchTerms.length} search terms, ${kb.links.length} links`,
  );
  const { connection, local } = await connectForTool(config, "importing into", "npm run kb:import -- FILE");
  const driver = createDriver(connection, config.neo4jPool);
  try {
    await driver.verifyConnectivity({ database: connection.database });
    await migrate(driver, connection.database);
    const diff = await diffKnowledgeBase(driver, connection.database, kb);
    for (const line of describeDiff(diff, prune)) console.log(`  ${line}`);
    if (dryRun) {
      console.log("dry run: nothing was written");
      return;
    }
    const summary = await importKnowledgeBase(driver, connection.database, kb, { prune });
    console.log(
      `imported ${summary.articles} articles, ${summary.searchTerms} search terms, ${summary.links} links ` +
        `(${summary.nodesCreated} nodes and ${summary.relationshipsCreated} relationships were new` +
        `${prune ? `, ${summary.nodesDeleted} nodes removed` : ""})`,
    );
  } finally {
    await driver.close();
    await local?.stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof KbFormatError) console.error(`${process.argv.at(-1)}: ${error.message}`);
  else if (error instanceof ConfigError) console.error(error.message);
  else console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
