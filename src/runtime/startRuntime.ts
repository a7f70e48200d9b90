import path from "node:path";
import type { Logger } from "pino";
import type { GatewayConfig } from "../config/config";
import { buildGatewaySchema, startGateway } from "../gateway/createGateway";
import { createDriver, type Neo4jConnection } from "../graph/driver";
import { migrate } from "../graph/migrations";
import { seedWhenEmpty } from "../kb/loadKnowledgeBaseFile";
import { startLocalNeo4j } from "../local/neo4jLocal";
import { projectPath } from "../paths";
import { CxoneClient } from "../cxone/CxoneClient";
import type { CxoneConfig } from "../config/config";
import { CxoneSimulator, SIMULATOR_DEFAULTS } from "../../tools/cxone-simulator/CxoneSimulator";

/** Everything `npm start` runs, and how to stop it in reverse order. */
export interface Runtime {
  banner: string;
  graphqlUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the gateway and what it depends on: a local Neo4j unless NEO4J_URI points at one, the schema
 * migrations, the demo knowledge base when the graph is empty.
 */
export async function startRuntime(config: GatewayConfig, logger: Logger): Promise<Runtime> {
  const stoppers: { name: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const { name, stop } of stoppers.reverse()) {
      logger.info({ component: name }, "stopping");
      await stop().catch((error: unknown) => logger.error({ err: error, component: name }, "stop failed"));
    }
  };
  try {
    let connection: Neo4jConnection;
    const lines: string[] = [];
    if (config.neo4j.kind === "local") {
      logger.info({ port: config.neo4j.port, dataDir: config.neo4j.dataDir }, "starting local Neo4j");
      const local = await startLocalNeo4j({
        port: config.neo4j.port,
        dataDir: path.resolve(projectPath(), config.neo4j.dataDir),
        password: config.neo4j.password,
        heap: config.neo4j.heap,
        onOutput: (line) => logger.debug({ neo4j: line }, "neo4j output"),
      });
      stoppers.push({ name: "local neo4j", stop: () => local.stop() });
      connection = { uri: local.uri, user: local.user, password: local.password, database: config.neo4j.database };
      lines.push(`  Neo4j (local):  ${local.uri}  user neo4j  password ${local.password}`);
      lines.push(`  Neo4j data:     ${path.resolve(projectPath(), config.neo4j.dataDir)}`);
    } else {
      connection = { ...config.neo4j };
      lines.push(`  Neo4j:          ${config.neo4j.uri}  (database ${config.neo4j.database}, user ${config.neo4j.user})`);
    }
    const driver = createDriver(connection, config.neo4jPool);
    stoppers.push({ name: "neo4j driver", stop: () => driver.close() });
    // The migration check goes out first; building the schema (synchronous CPU work) overlaps its round trip.
    const migrated = migrate(driver, connection.database);
    const schema = buildGatewaySchema(driver);
    schema.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    await migrated;
    if (config.kb.seedWhenEmpty) {
      const seeded = await seedWhenEmpty(driver, connection.database, path.resolve(projectPath(), config.kb.seedFile));
      if (seeded) {
        logger.info(seeded, "seeded empty knowledge graph");
        lines.push(`  Knowledge base: seeded ${seeded.articles} articles, ${seeded.searchTerms} search terms from ${config.kb.seedFile}`);
      }
    }
    const cxoneConfig = await cxoneTarget(config, stoppers, lines, logger);
    const cxone = cxoneConfig ? new CxoneClient(cxoneConfig, logger.child({ component: "cxone" })) : undefined;
    if (cxone) stoppers.push({ name: "cxone connections", stop: () => cxone.close() });
    const gateway = await startGateway({ config, driver, database: connection.database, logger, cxone, schema });
    stoppers.push({ name: "gateway", stop: () => gateway.stop() });
    const banner = [
      "agent-assist-gateway is running",
      `  GraphQL:        ${gateway.url}${config.nodeEnv === "production" ? "" : "  (open it in a browser for Apollo Sandbox)"}`,
      ...lines,
      `  Health:         ${gateway.url.replace(/\/graphql$/, "/readyz")}`,
    ].join("\n");
    logger.info({ url: gateway.url }, "gateway listening");
    return { banner, graphqlUrl: gateway.url, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The CXone the gateway talks to: the configured tenant, else (zero-config) a local simulator started here,
 * else none (queries only; pushes answer CXONE_NOT_CONFIGURED).
 */
async function cxoneTarget(
  config: GatewayConfig,
  stoppers: { name: string; stop: () => Promise<void> }[],
  lines: string[],
  logger: Logger,
): Promise<CxoneConfig | undefined> {
  if (config.cxone) {
    const auth = config.cxone.auth;
    lines.push(`  CXone:          ${auth.mode === "client-credentials" ? auth.baseUrl : auth.issuer} (${auth.mode}, delivery ${config.cxone.delivery})`);
    return config.cxone;
  }
  if (!config.cxoneSimulator.enabled) {
    lines.push("  CXone:          not configured (queries only; pushes answer CXONE_NOT_CONFIGURED)");
    return undefined;
  }
  const simulator = await CxoneSimulator.start({ port: config.cxoneSimulator.port });
  stoppers.push({ name: "cxone simulator", stop: () => simulator.stop() });
  logger.info({ url: simulator.url }, "no CXone credentials configured: started the CXone simulator");
  lines.push(`  CXone:          simulator at ${simulator.url} (no CXone credentials configured; open it to see delivered cards)`);
  return {
    ...config.cxoneTuning,
    auth: {
      mode: "client-credentials",
      baseUrl: simulator.url,
      clientId: SIMULATOR_DEFAULTS.clientId,
      clientSecret: SIMULATOR_DEFAULTS.clientSecret,
      scopes: "agentassist:interactions:write agentassist:read",
    },
  };
}
