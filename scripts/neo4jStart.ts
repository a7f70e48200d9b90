import { loadConfig } from "../src/platform/config/config";
import { startLocalNeo4j } from "../src/dev/neo4j/neo4jLocal";

/** `npm run neo4j:start`: runs only the local Neo4j engine (same settings as `npm start`) until Ctrl-C. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.neo4j.kind !== "local") {
    console.error("NEO4J_URI is set: there is no local engine to start");
    process.exit(2);
  }
  const local = await startLocalNeo4j({
    port: config.neo4j.port,
    dataDir: config.neo4j.dataDir,
    password: config.neo4j.password,
    heap: config.neo4j.heap,
    onOutput: (line) => console.log(line),
    onProgress: (message) => console.log(message),
  });
  console.log(`Neo4j ready at ${local.uri} (user neo4j, password ${local.password}); Ctrl-C stops it`);
  const stop = () => local.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
