import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { createLogger } from "../../src/platform/observability/logger";
import type { App } from "../../src/app/startApp";
import { loadConfig, type CxoneAuth, type CxoneConfig, type GatewayConfig } from "../../src/platform/config/config";
import type { CxoneClient } from "../../src/integrations/cxone/CxoneClient";
import { startApp } from "../../src/app/startApp";
import { CxoneSimulator, SIMULATOR_DEFAULTS } from "../../src/dev/cxone-simulator/CxoneSimulator";
import { postGraphql, startAbortably, testEnvironment } from "./gatewayHarness";

export interface PushHarness {
  gateway: App;
  simulator: CxoneSimulator;
  cxone: CxoneClient;
  /** Every log line the gateway wrote, as raw JSON text. */
  logs: string[];
  /** Resolves with the first log line (already written or to come) whose text matches. */
  waitForLog(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

/** CXone credentials for a running simulator, as environment variables (contract A, or B with access keys). */
export function simulatorEnvironment(
  simulator: CxoneSimulator,
  mode: CxoneAuth["mode"] = "client-credentials",
): Record<string, string> {
  return mode === "client-credentials"
    ? {
        CXONE_BASE_URL: simulator.url,
        CXONE_CLIENT_ID: SIMULATOR_DEFAULTS.clientId,
        CXONE_CLIENT_SECRET: SIMULATOR_DEFAULTS.clientSecret,
      }
    : {
        CXONE_AUTH_MODE: "access-key",
        CXONE_ISSUER: simulator.url,
        CXONE_CLIENT_ID: SIMULATOR_DEFAULTS.clientId,
        CXONE_CLIENT_SECRET: SIMULATOR_DEFAULTS.clientSecret,
        CXONE_ACCESS_KEY_ID: SIMULATOR_DEFAULTS.accessKeyId,
        CXONE_ACCESS_KEY_SECRET: SIMULATOR_DEFAULTS.accessKeySecret,
      };
}

/**
 * A simulator and the gateway configured for it (through startApp, as shipped), on the test database. The
 * quota guard has its own tests; elsewhere it is set wide so it does not shape the traffic.
 */
export async function startPushHarness(
  options: {
    mode?: CxoneAuth["mode"];
    env?: Record<string, string>;
    tuning?: Partial<Omit<CxoneConfig, "auth">>;
    auth?: Partial<CxoneAuth>;
    gateway?: Partial<GatewayConfig>;
  } = {},
): Promise<PushHarness> {
  const simulator = await CxoneSimulator.start();
  const logs: string[] = [];
  const logged = new EventEmitter();
  // The gateway's own logger (redaction, trace ids), writing into `logs`.
  const logger = createLogger(
    "debug",
    new Writable({
      write: (chunk, _enc, done) => {
        logs.push(String(chunk));
        logged.emit("line", String(chunk));
        done();
      },
    }),
  );
  const config = loadConfig(
    testEnvironment({
      CXONE_BACKOFF_BASE_MS: "50",
      CXONE_MAX_PUSHES_PER_SECOND: "10000",
      CXONE_PUSH_BURST: "10000",
      ...simulatorEnvironment(simulator, options.mode),
      ...options.env,
    }),
    options.gateway,
  );
  const cxone = config.cxone as CxoneConfig;
  config.cxone = { ...cxone, ...options.tuning, auth: { ...cxone.auth, ...options.auth } as CxoneAuth };
  let gateway: App;
  try {
    gateway = await startAbortably((signal) => startApp(config, { logger, defaultMetrics: false, signal }));
  } catch (error) {
    await simulator.stop();
    throw error;
  }
  return {
    gateway,
    simulator,
    cxone: gateway.cxone as CxoneClient,
    logs,
    waitForLog: (pattern) =>
      new Promise((resolve) => {
        const found = logs.find((line) => pattern.test(line));
        if (found) return resolve(found);
        const listen = (line: string) => {
          if (!pattern.test(line)) return;
          logged.off("line", listen);
          resolve(line);
        };
        logged.on("line", listen);
      }),
    stop: async () => {
      await gateway.stop();
      await simulator.stop();
    },
  };
}

export const PUSH = `mutation Push($input: PushToAgentAssistInput!) {
  pushToAgentAssist(input: $input) {
    status pushId interactionId contentId deliveredAt nextAttemptAt
    lastError { code message retryAfterSeconds }
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

const PUSH_STATUS = `query PushStatus($id: ID!) { push(id: $id) { id status attempts lastError { code message } deliveredAt expiresAt } }`;

export interface RecordedPush {
  id: string;
  status: string;
  attempts: number;
  lastError: { code: string; message: string } | null;
  deliveredAt: string | null;
  expiresAt: string;
}

/** Reads a push from the ledger through the gateway's API. */
export async function readPush(
  url: string,
  id: string,
  headers: Record<string, string> = {},
): Promise<RecordedPush | null> {
  const { body } = await postGraphql(url, PUSH_STATUS, { id }, headers);
  return (body.data?.push as RecordedPush | null) ?? null;
}

/**
 * Waits until the ledger shows the push in one of `statuses` (the deliverer works in the background; this reads
 * its outcome every 100 ms) and returns it; fails after `timeoutMs`.
 */
export async function waitForPushStatus(
  url: string,
  id: string,
  statuses: string[],
  timeoutMs = 30_000,
): Promise<RecordedPush> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const push = await readPush(url, id);
    if (push && statuses.includes(push.status)) return push;
    if (Date.now() > until)
      throw new Error(
        `push ${id} is ${push?.status ?? "unknown"} after ${timeoutMs} ms, expected ${statuses.join(" or ")}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
