import type { Driver } from "neo4j-driver";
import pino, { type Logger } from "pino";
import { loadConfig, type GatewayConfig } from "../../src/config/config";
import { startGateway, type Gateway } from "../../src/gateway/createGateway";
import { testConnection } from "./neo4j";

/** Starts the real gateway in-process on a free port, on the given driver (the test database by default). */
export async function startTestGateway(
  driver: Driver,
  overrides: Partial<GatewayConfig> = {},
  logger: Logger = pino({ level: "silent" }),
): Promise<Gateway> {
  const config = loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1" }, overrides);
  return startGateway({ config, driver, database: testConnection().database, logger });
}

/** POSTs a GraphQL operation and returns the status and parsed body. */
export async function postGraphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as never };
}
