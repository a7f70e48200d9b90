import { Writable } from "node:stream";
import type { Driver } from "neo4j-driver";
import pino from "pino";
import { loadConfig, type CxoneAuth, type CxoneConfig, type GatewayConfig } from "../../src/config/config";
import { CxoneClient } from "../../src/cxone/CxoneClient";
import { startGateway, type Gateway } from "../../src/gateway/createGateway";
import { GatewayMetrics } from "../../src/observability/metrics";
import { CxoneSimulator, SIMULATOR_DEFAULTS } from "../../tools/cxone-simulator/CxoneSimulator";
import { testConnection } from "./neo4j";

export interface PushHarness {
  gateway: Gateway;
  simulator: CxoneSimulator;
  cxone: CxoneClient;
  /** Every log line the gateway wrote, as raw JSON text. */
  logs: string[];
  stop(): Promise<void>;
}

/** Contract A (default) or B credentials for a running simulator. */
export function simulatorAuth(simulator: CxoneSimulator, mode: CxoneAuth["mode"] = "client-credentials"): CxoneAuth {
  return mode === "client-credentials"
    ? { mode, baseUrl: simulator.url, clientId: SIMULATOR_DEFAULTS.clientId, clientSecret: SIMULATOR_DEFAULTS.clientSecret, scopes: "agentassist:interactions:write agentassist:read" }
    : {
        mode,
        issuer: simulator.url,
        clientId: SIMULATOR_DEFAULTS.clientId,
        clientSecret: SIMULATOR_DEFAULTS.clientSecret,
        accessKeyId: SIMULATOR_DEFAULTS.accessKeyId,
        accessKeySecret: SIMULATOR_DEFAULTS.accessKeySecret,
      };
}

/** A simulator, a CXone client pointed at it, and the gateway using both, on the test database. */
export async function startPushHarness(
  driver: Driver,
  options: {
    mode?: CxoneAuth["mode"];
    tuning?: Partial<Omit<CxoneConfig, "auth">>;
    auth?: Partial<CxoneAuth>;
    gateway?: Partial<GatewayConfig>;
  } = {},
): Promise<PushHarness> {
  const simulator = await CxoneSimulator.start();
  const logs: string[] = [];
  const logger = pino({ level: "debug" }, new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
  const base = loadConfig({ NODE_ENV: "test", PORT: "0", CXONE_BACKOFF_BASE_MS: "50" });
  const cxoneConfig: CxoneConfig = {
    ...base.cxoneTuning,
    delivery: options.mode === "access-key" ? "studio-signal" : "content",
    // The quota guard has its own test; elsewhere it must not shape the traffic.
    quota: { pushesPerSecond: 100_000, burst: 100_000 },
    ...options.tuning,
    auth: { ...simulatorAuth(simulator, options.mode), ...options.auth } as CxoneAuth,
  };
  const metrics = new GatewayMetrics({ defaultMetrics: false });
  const cxone = new CxoneClient(cxoneConfig, logger, metrics);
  const config = { ...base, ...options.gateway, cxone: cxoneConfig };
  const gateway = await startGateway({ config, driver, database: testConnection().database, logger, cxone, metrics });
  return {
    gateway,
    simulator,
    cxone,
    logs,
    stop: async () => {
      await gateway.stop();
      await cxone.close();
      await simulator.stop();
    },
  };
}

export const PUSH = `mutation Push($input: PushToAgentAssistInput!) {
  pushToAgentAssist(input: $input) {
    status interactionId contentId deliveredAt
    cards { title url description type displayType metadata { source priority lastUpdated } }
  }
}`;

export const PUSH_BATCH = `mutation PushBatch($inputs: [PushToAgentAssistInput!]!) {
  pushToAgentAssistBatch(inputs: $inputs) {
    index interactionId
    push { status contentId cards { url } }
    error { code message field retryAfterSeconds }
  }
}`;
