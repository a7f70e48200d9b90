import { startApp } from "./app/startApp";
import { ConfigError, loadConfig } from "./platform/config/config";
import { createLogger, wantsPrettyLogs } from "./platform/observability/logger";
import { startTracing } from "./platform/observability/tracing";

/** How long a stop during startup may take before the process exits regardless. */
const STARTUP_STOP_LIMIT_MS = 8_000;

/**
 * Entry point: `npm start`. Starts whatever the configuration asks for and stops it all on SIGTERM/SIGINT,
 * including during startup (a local engine being started is stopped before the process exits).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, undefined, wantsPrettyLogs(config));
  const stopTracing = startTracing(config.tracing);
  if (stopTracing) logger.info({ serviceName: config.tracing.serviceName }, "OpenTelemetry tracing on (OTLP)");
  const starting = new AbortController();
  let stop: (() => Promise<void>) | undefined;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    if (!stop) {
      starting.abort(); // startApp stops what it began, then rejects; the catch below exits
      // Whatever startup was waiting on (a Neo4j that the same signal stopped, say), the process is gone within
      // 10 s; a local engine it started exits with it (it watches its stdin).
      setTimeout(() => {
        logger.warn({ afterMs: STARTUP_STOP_LIMIT_MS }, "startup did not stop in time; exiting now");
        process.exit(0);
      }, STARTUP_STOP_LIMIT_MS).unref();
      return;
    }
    stop()
      .then(() => stopTracing?.())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  try {
    const app = await startApp(config, { logger, signal: starting.signal });
    stop = app.stop;
    process.stdout.write(`${app.banner}\n`);
  } catch (error) {
    if (starting.signal.aborted) {
      logger.info("stopped during startup");
      process.exit(0);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `agent-assist-gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
