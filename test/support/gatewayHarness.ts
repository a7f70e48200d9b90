import pino, { type Logger } from "pino";
import { startApp, type App } from "../../src/app/startApp";
import { loadConfig, type GatewayConfig } from "../../src/platform/config/config";
import { testConnection } from "./neo4j";

/** Environment for a gateway on the test Neo4j, on a free port, with no seed and no simulator of its own. */
export function testEnvironment(env: Record<string, string> = {}): Record<string, string> {
  const neo4j = testConnection();
  return {
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    NEO4J_URI: neo4j.uri,
    NEO4J_USER: neo4j.user,
    NEO4J_PASSWORD: neo4j.password,
    NEO4J_DATABASE: neo4j.database,
    KB_SEED_WHEN_EMPTY: "false",
    CXONE_SIMULATOR: "off",
    ...env,
  };
}

/**
 * Starts the real gateway in-process through the same composition root as `npm start` (startApp), from
 * environment variables as an operator would set them, plus typed overrides for what a test varies.
 */
export async function startTestGateway(
  options: { env?: Record<string, string>; overrides?: Partial<GatewayConfig>; logger?: Logger } = {},
): Promise<App> {
  const config = loadConfig(testEnvironment(options.env), options.overrides);
  return startAbortably((signal) =>
    startApp(config, { logger: options.logger ?? pino({ level: "silent" }), defaultMetrics: false, signal }),
  );
}

const starting = new Set<AbortController>();

/**
 * Runs a start that the file's teardown can cancel: if a test's setup times out while the gateway is still starting
 * (warming up against a Neo4j that does not answer, say), afterAll aborts it, so it stops what it began and no timer
 * keeps the test runner alive.
 */
export async function startAbortably<T>(start: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  starting.add(controller);
  try {
    return await start(controller.signal);
  } finally {
    starting.delete(controller);
  }
}

if (typeof afterAll === "function") afterAll(() => starting.forEach((controller) => controller.abort()));

/** POSTs a GraphQL operation and returns the status and parsed body. */
export async function postGraphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as never };
}
