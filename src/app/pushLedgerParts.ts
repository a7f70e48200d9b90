import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import type { LedgerParts } from "../features/push/AgentAssistPusher";
import type { GatewayConfig } from "../platform/config/config";
import type { CxoneClient } from "../integrations/cxone/CxoneClient";
import { OutcomeWriter } from "../features/push/OutcomeWriter";
import { PushDeliverer } from "../features/push/PushDeliverer";
import { PushFeed } from "../features/push/PushFeed";
import { PushLedger } from "../features/push/PushLedger";
import { RetentionJob } from "../features/push/RetentionJob";
import type { GatewayMetrics } from "../platform/observability/metrics";

/** How long past its deadline an attempt's lease lasts before another process may take the push over. */
export const LEASE_MARGIN_MS = 5_000;

/** The ledger's parts, wired: recording for the request path, deliverer and retention in the background. */
export function startPushLedger(deps: {
  config: GatewayConfig;
  driver: Driver;
  database: string;
  logger: Logger;
  metrics: GatewayMetrics;
  cxone?: CxoneClient;
}) {
  const { config, driver, database, metrics } = deps;
  const logger = deps.logger.child({ component: "push-ledger" });
  const deadlineMs = (config.cxone ?? config.cxoneTuning).pushDeadlineMs;
  const ledger = new PushLedger(driver, {
    database,
    timeoutMs: config.neo4jPool.queryTimeoutMs,
    ttlMs: config.pushes.ttlMs,
    firstLeaseMs: deadlineMs + LEASE_MARGIN_MS,
  });
  const feed = new PushFeed(ledger, logger);
  const writer = new OutcomeWriter(ledger, (rows) => feed.publish(rows));
  metrics.observePushQueue(() => ledger.queueStats());
  const deliverer = deps.cxone
    ? new PushDeliverer(
        ledger,
        deps.cxone,
        writer,
        logger,
        { pollMs: config.pushes.delivererPollMs, batch: config.pushes.delivererBatch, leaseMs: deadlineMs + LEASE_MARGIN_MS },
        metrics,
      )
    : undefined;
  const retention = new RetentionJob(ledger, config.pushes.retentionMs, logger);
  const recording: LedgerParts = { ledger, writer, feed };
  return {
    recording,
    deliverer,
    startBackgroundWork: () => {
      deliverer?.start();
      retention.start();
    },
    stopBackgroundWork: async () => {
      retention.stop();
      await deliverer?.stop();
    },
    stop: async () => feed.stop(),
  };
}
