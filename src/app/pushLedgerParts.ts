import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import {
  AgentAssistPusher,
  OutcomeWriter,
  PushDeliverer,
  PushFeed,
  PushLedger,
  RecordWriter,
  RetentionJob,
  TargetWatch,
  PushShares,
  type DeliveryDeps,
} from "../features/push";
import type { CxoneClient } from "../integrations/cxone/CxoneClient";
import type { GatewayConfig } from "../platform/config/config";
import type { GatewayMetrics } from "../platform/observability/metrics";
import type { AdmissionQueue } from "../platform/resilience/AdmissionQueue";

/** How long past its deadline an attempt's lease lasts before another process may take the push over. */
export const LEASE_MARGIN_MS = 5_000;

/**
 * The push feature's services, built once: the ledger, its group-commit writers and live feed, the push use case
 * for the request path, and the background deliverer and retention job. Without CXone the pusher still previews
 * (dryRun) and refuses real pushes with CXONE_NOT_CONFIGURED.
 */
export function startPushLedger(deps: {
  config: GatewayConfig;
  driver: Driver;
  database: string;
  logger: Logger;
  metrics: GatewayMetrics;
  admission: AdmissionQueue;
  /** How many deliveries of one batch run at once (the CXone target's setting, simulator included). */
  batchConcurrency: number;
  cxone?: CxoneClient;
  /** The CXone target pushes are recorded for and delivered to; `real` is false for the development simulator. */
  target?: { id: string; real: boolean };
}) {
  const { config, driver, database, metrics, admission, cxone } = deps;
  const logger = deps.logger.child({ component: "push-ledger" });
  const deadlineMs = (config.cxone ?? config.cxoneTuning).pushDeadlineMs;
  const leaseMs = deadlineMs + LEASE_MARGIN_MS;
  const ledger = new PushLedger(driver, {
    database,
    timeoutMs: config.neo4jPool.queryTimeoutMs,
    ttlMs: config.pushes.ttlMs,
    firstLeaseMs: leaseMs,
    // Without CXone nothing is recorded (pushes are refused), so the name is never written.
    target: deps.target?.id ?? "none",
    adoptUnbound: deps.target?.real === true,
  });
  const feed = new PushFeed(ledger, logger);
  const writer = new OutcomeWriter(ledger, (rows) => feed.publish(rows));
  metrics.observePushQueue(() => ledger.queueStats());
  const delivery: DeliveryDeps | undefined = cxone
    ? { cxone, writer, now: ledger.now, retry: config.pushes.retry, metrics }
    : undefined;
  const records = new RecordWriter(ledger, (work) => admission.run(work));
  const quota = (config.cxone ?? config.cxoneTuning).quota;
  const shareOf = config.pushes.shares;
  const shares = cxone
    ? new PushShares(
        {
          callerPerSecond: quota.pushesPerSecond * shareOf.callerShare,
          callerBurst: Math.max(1, Math.floor(quota.burst * shareOf.callerShare)),
          rateShared: shareOf.callerShare < 1,
          queuedTotal: shareOf.queuedTotal,
          queuedPerCaller: shareOf.queuedPerCaller,
          drainPerSecond: quota.pushesPerSecond,
          processBurst: quota.burst,
        },
        ledger,
        () => cxone.rateContended(),
        logger,
      )
    : undefined;
  const pusher = new AgentAssistPusher(
    config.cxone?.delivery ?? config.cxoneTuning.delivery,
    deps.batchConcurrency,
    delivery ? { records, delivery, feed, ...(shares ? { shares } : {}) } : undefined,
  );
  const deliverer = delivery
    ? new PushDeliverer(ledger, delivery, logger, {
        pollMs: config.pushes.delivererPollMs,
        batch: config.pushes.delivererBatch,
        leaseMs,
      })
    : undefined;
  const retention = new RetentionJob(ledger, config.pushes.retentionMs, logger);
  const targets = deliverer ? new TargetWatch(ledger, logger) : undefined;
  return {
    ledger,
    feed,
    pusher,
    deliverer,
    targets,
    /** Binds pushes recorded before pushes named their target (a real CXone only; once per ledger). */
    migrate: async () => {
      const bound = await ledger.bindUnbound();
      if (bound > 0) logger.info({ bound, target: ledger.target }, "bound earlier push records to this CXone target");
    },
    startBackgroundWork: () => {
      deliverer?.start();
      targets?.start();
      shares?.start();
      retention.start();
    },
    stopBackgroundWork: async () => {
      await retention.stop();
      await targets?.stop();
      await shares?.stop();
      await deliverer?.stop();
    },
    stop: async () => feed.stop(),
  };
}
