import type { GatewayConfig } from "../src/platform/config/config";
import { createDriver, type Neo4jConnection } from "../src/platform/neo4j/driver";
import { portInUse, startLocalNeo4j, type LocalNeo4j } from "../src/dev/neo4j/neo4jLocal";

/**
 * Where a command-line tool works: NEO4J_URI when set; else the local engine `npm start` runs, when it is up (found
 * on NEO4J_LOCAL_PORT, logged into with NEO4J_LOCAL_PASSWORD); else a local engine started for the tool (stop it
 * with `local.stop()`). `doing` names the work in the console line ("importing into"); `command` is how to run the
 * tool again, for the hint when the port holds something else.
 */
export async function connectForTool(
  config: GatewayConfig,
  doing: string,
  command: string,
): Promise<{ connection: Neo4jConnection; local?: LocalNeo4j }> {
  if (config.neo4j.kind === "remote") return { connection: config.neo4j };
  const { port, password, database } = config.neo4j;
  const connection = { uri: `bolt://127.0.0.1:${port}`, user: "neo4j", password, database };
  if (await portInUse(port)) {
    if (await answers(connection, config)) {
      // Progress goes to stderr: stdout is the tool's data (a CSV or JSON report may be redirected to a file).
      console.error(`${doing} the local Neo4j already running on ${connection.uri}`);
      return { connection };
    }
    throw new Error(
      `something listens on ${connection.uri} but the local password does not log in; if it is a Neo4j, use it with\n` +
        `  NEO4J_URI=${connection.uri} NEO4J_PASSWORD=<its password> ${command}`,
    );
  }
  const local = await startLocalNeo4j({
    port,
    dataDir: config.neo4j.dataDir,
    password,
    heap: config.neo4j.heap,
    onProgress: (message) => console.error(message),
  });
  return { connection: { ...connection, uri: local.uri }, local };
}

async function answers(connection: Neo4jConnection, config: GatewayConfig): Promise<boolean> {
  const driver = createDriver(connection, { ...config.neo4jPool, maxConnectionPoolSize: 1 });
  try {
    // Something that is not Neo4j may accept the connection and never answer: give it 5 s.
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("no Bolt answer")), 5_000).unref(),
    );
    await Promise.race([driver.verifyConnectivity({ database: connection.database }), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}
