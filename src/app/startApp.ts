import path from "node:path";
import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import { AdmissionQueue } from "../platform/resilience/AdmissionQueue";
import type { CxoneConfig, GatewayConfig } from "../platform/config/config";
import { CxoneClient } from "../integrations/cxone/CxoneClient";
import { buildSchema } from "./buildSchema";
import { startGateway } from "./startGateway";
import { createKnowledgeLoop } from "./knowledgeLoopParts";
import type { WarmState } from "./readiness";
import { warmUntilDone } from "./warmUp";
import { createDriver, type Neo4jConnection } from "../platform/neo4j/driver";
import { migrate } from "../platform/neo4j/migrations";
import { seedWhenEmpty } from "../features/kb";
import { Neo4jSupervisor } from "../dev/neo4j/Neo4jSupervisor";
import { OutageLog } from "../platform/observability/outageLog";
import { GatewayMetrics } from "../platform/observability/metrics";
import { projectPath } from "../platform/paths";
import { startSimulatorTarget, type SimulatorHandle } from "../dev/simulatorTarget";
import { startPushLedger } from "./pushLedgerParts";
import { cxoneTargetId } from "../integrations/cxone/cxoneTarget";

/** A running gateway and everything it started. */
export interface App {
  banner: string;
  url: string;
  port: number;
  metrics: GatewayMetrics;
  /** The CXone data source, when CXone (or the simulator) is configured. */
  cxone?: CxoneClient;
  /** The in-process CXone simulator, in zero-config development only. */
  simulator?: SimulatorHandle;
  /** The app's Neo4j driver (tools and tests observe the statements it sends). */
  driver: Driver;
  /** Stops everything in reverse order of start. */
  stop(): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  /** Aborting during startup stops what was started (a local engine included) and rejects. */
  signal?: AbortSignal;
  /** Prometheus process metrics (off in tests that start several apps in one process). */
  defaultMetrics?: boolean;
}

type Stopper = { name: string; stop: () => Promise<void> };

/**
 * The one composition root: builds the whole gateway from its configuration. `npm start`, the tests and the
 * benchmark all start it through here, so they exercise what ships. Order: Neo4j (a supervised local engine
 * unless NEO4J_URI is set), driver, migrations and schema, demo seed, CXone client (with metrics; the simulator in
 * zero-config development), HTTP server, then warm-up; /readyz answers 200 only after it.
 */
export async function startApp(config: GatewayConfig, options: AppOptions): Promise<App> {
  const { logger, signal } = options;
  const stoppers: Stopper[] = [];
  const stopAll = async () => {
    for (const { name, stop } of stoppers.splice(0).reverse()) {
      logger.info({ component: name }, "stopping");
      await stop().catch((error: unknown) => logger.error({ err: error, component: name }, "stop failed"));
    }
  };
  const warming = new AbortController();
  stoppers.push({ name: "warm-up", stop: async () => warming.abort() });
  try {
    const metrics = new GatewayMetrics({ defaultMetrics: options.defaultMetrics !== false });
    const outages = new OutageLog(logger);
    stoppers.push({ name: "outage log", stop: async () => outages.stop() });
    const warm: WarmState = { warmed: false, detail: "starting" };
    let rewarm = () => undefined as void;
    const lines: string[] = [];
    let connection: Neo4jConnection;
    if (config.neo4j.kind === "local") {
      const dataDir = path.resolve(projectPath(), config.neo4j.dataDir);
      logger.info({ port: config.neo4j.port, dataDir }, "starting local Neo4j");
      const engine = await Neo4jSupervisor.start(
        {
          port: config.neo4j.port,
          dataDir,
          password: config.neo4j.password,
          heap: config.neo4j.heap,
          onOutput: (line) => logger.debug({ neo4j: line }, "neo4j output"),
          onProgress: (message) => logger.info(message),
          ...(signal ? { signal } : {}),
        },
        logger,
        {
          onExited: () => Object.assign(warm, { warmed: false, detail: "local Neo4j restarting" }),
          onRestarted: () => rewarm(),
        },
      );
      stoppers.push({ name: "local neo4j", stop: () => engine.stop() });
      logger.info({ pid: engine.pid, uri: engine.uri }, "local Neo4j ready");
      connection = { uri: engine.uri, user: "neo4j", password: config.neo4j.password, database: config.neo4j.database };
      lines.push(`  Neo4j (local):  ${engine.uri}  user neo4j  password ${config.neo4j.password}`);
      lines.push(`  Neo4j data:     ${dataDir}`);
    } else {
      connection = { ...config.neo4j };
      lines.push(
        `  Neo4j:          ${config.neo4j.uri}  (database ${config.neo4j.database}, user ${config.neo4j.user})`,
      );
    }
    signal?.throwIfAborted();
    const driver = createDriver(connection, config.neo4jPool);
    stoppers.push({ name: "neo4j driver", stop: () => driver.close() });
    // The migration check goes out first; building the schema (synchronous CPU work) overlaps its round trip.
    const migrated = migrate(driver, connection.database);
    const schema = buildSchema({ driver });
    schema.catch(() => undefined); // awaited in startGateway; this only keeps an early failure from going unhandled
    await migrated;
    if (config.kb.seedWhenEmpty) {
      const seeded = await seedWhenEmpty(driver, connection.database, path.resolve(projectPath(), config.kb.seedFile));
      if (seeded) {
        logger.info(seeded, "seeded empty knowledge graph");
        lines.push(
          `  Knowledge base: seeded ${seeded.articles} articles, ${seeded.searchTerms} search terms from ${config.kb.seedFile}`,
        );
      }
    }
    signal?.throwIfAborted();
    const target = await cxoneTarget(config, stoppers, lines, logger);
    const cxone = target.config
      ? new CxoneClient(target.config, logger.child({ component: "cxone" }), metrics)
      : undefined;
    if (cxone) stoppers.push({ name: "cxone connections", stop: () => cxone.close() });
    const admission = new AdmissionQueue(config.admission, undefined, () =>
      metrics.overloadRefusals.inc({ reason: "queue" }),
    );
    metrics.observeAdmission(admission);
    const pushes = startPushLedger({
      config,
      driver,
      database: connection.database,
      logger,
      metrics,
      admission,
      batchConcurrency: (target.config ?? config.cxoneTuning).batchConcurrency,
      ...(cxone && target.config
        ? { cxone, target: { id: cxoneTargetId(target.config), real: !target.simulator } }
        : {}),
    });
    stoppers.push({ name: "push ledger", stop: () => pushes.stop() });
    const knowledge = createKnowledgeLoop({
      config,
      driver,
      database: connection.database,
      logger,
      admission,
      metrics,
    });
    stoppers.push({ name: "knowledge loop", stop: () => knowledge.stop() });
    const gateway = await startGateway({
      config,
      driver,
      database: connection.database,
      logger,
      metrics,
      outages,
      admission,
      warm,
      schema,
      pusher: pushes.pusher,
      ledger: { ledger: pushes.ledger, feed: pushes.feed },
      ...(pushes.targets ? { pushTargets: pushes.targets } : {}),
      knowledge: knowledge.loop,
      ...(cxone ? { cxone } : {}),
    });
    stoppers.push({ name: "gateway", stop: () => gateway.stop() });
    const warmOnce = async () => {
      await pushes.ledger.warmUp();
      await knowledge.warmUp();
      await gateway.warmUp();
      if (cxone) await cxone.canAuthenticate(2_000); // a token in the cache and a pooled connection before the first push
    };
    // After a restart of the local engine this process is warm already: Neo4j only needs its statements planned
    // again (each once, the three groups side by side), so readiness comes back seconds after the engine does.
    const rewarmOnce = async () => {
      await Promise.all([pushes.ledger.warmUp(), knowledge.warmUp(), gateway.warmUp({ rounds: 0 })]);
    };
    rewarm = () =>
      void warmUntilDone(rewarmOnce, warm, logger, warming.signal).catch((error: unknown) =>
        logger.error({ err: error }, "warm-up after the local Neo4j restart failed; not ready"),
      );
    const abortWarmUp = () => warming.abort();
    signal?.addEventListener("abort", abortWarmUp, { once: true });
    const warmed = await warmUntilDone(warmOnce, warm, logger, warming.signal);
    signal?.removeEventListener("abort", abortWarmUp);
    signal?.throwIfAborted();
    if (!warmed) throw new Error("stopped before the warm-up finished");
    await pushes
      .migrate()
      .catch((error: unknown) =>
        logger.warn(
          { err: error },
          "could not bind earlier push records to this CXone target; the deliverer adopts open ones",
        ),
      );
    // Queued pushes (this process's from before a crash, or another replica's) are picked up from now on.
    pushes.startBackgroundWork();
    stoppers.push({ name: "push deliverer", stop: () => pushes.stopBackgroundWork() });
    knowledge.startBackgroundWork();
    // The simulator's agent page sends card feedback here (zero-config mode has no auth to pass on).
    target.simulator?.setFeedbackTarget({ graphqlUrl: gateway.url });
    const banner = [
      "agent-assist-gateway is running",
      `  GraphQL:        ${gateway.url}${config.pages.explorer ? "  (open it in a browser: the explorer, or Apollo Sandbox)" : ""}`,
      ...(config.pages.console
        ? [
            `  Console:        ${gateway.url.replace(/\/graphql$/, "/console")}  (supervisors: search, push, live pushes, knowledge gaps)`,
          ]
        : []),
      ...(config.pages.explorer
        ? [`  Explorer:       ${gateway.url.replace(/\/graphql$/, "/graphiql")}  (GraphiQL, works offline)`]
        : []),
      ...lines,
      `  Health:         ${gateway.url.replace(/\/graphql$/, "/readyz")}`,
    ].join("\n");
    logger.info({ url: gateway.url }, "gateway ready");
    return {
      banner,
      url: gateway.url,
      port: gateway.port,
      metrics,
      ...(cxone ? { cxone } : {}),
      ...(target.simulator ? { simulator: target.simulator } : {}),
      driver,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The CXone the gateway talks to: the configured tenant, else (zero-config development) a local simulator
 * started here, else none (queries only; pushes answer CXONE_NOT_CONFIGURED).
 */
async function cxoneTarget(
  config: GatewayConfig,
  stoppers: Stopper[],
  lines: string[],
  logger: Logger,
): Promise<{ config?: CxoneConfig; simulator?: SimulatorHandle }> {
  if (config.cxone) {
    const auth = config.cxone.auth;
    lines.push(
      `  CXone:          ${auth.mode === "client-credentials" ? auth.baseUrl : auth.issuer} (${auth.mode}, delivery ${config.cxone.delivery})`,
    );
    return { config: config.cxone };
  }
  if (!config.cxoneSimulator.enabled) {
    lines.push("  CXone:          not configured (queries only; pushes answer CXONE_NOT_CONFIGURED)");
    return {};
  }
  const target = await startSimulatorTarget(config);
  stoppers.push({ name: "cxone simulator", stop: () => target.simulator.stop() });
  logger.info({ url: target.simulator.url }, "no CXone credentials configured: started the CXone simulator");
  lines.push(
    `  CXone:          simulator at ${target.simulator.url} (no CXone credentials configured; open it to see delivered cards)`,
  );
  return target;
}
