import type { Logger } from "pino";
import type { GatewayMetrics } from "../../platform/observability/metrics";
import type { PushRow } from "./pushRecord";

/**
 * Counts a push's new status (final ones, and QUEUED the first time) and logs the changes an operator acts on:
 * first queued, expired, failed (one line each, with pushId and requestId). Called by the process that made the change.
 */
export function logPushChange(row: PushRow, logger: Logger, metrics?: GatewayMetrics): void {
  const firstQueued = row.status === "QUEUED" && row.attempts <= 1;
  if (row.status !== "PENDING" && (row.status !== "QUEUED" || firstQueued)) metrics?.pushes.inc({ status: row.status });
  const facts = {
    pushId: row.id,
    requestId: row.requestId,
    interactionId: row.interactionId,
    attempts: row.attempts,
    code: row.errorCode ?? undefined,
  };
  if (firstQueued)
    logger.warn(
      { ...facts, nextAttemptAt: row.nextAttemptAt == null ? undefined : new Date(row.nextAttemptAt).toISOString() },
      "push queued: CXone did not take it yet",
    );
  else if (row.status === "EXPIRED") logger.warn(facts, "push expired before CXone took it; it will not be delivered");
  else if (row.status === "FAILED") logger.warn(facts, "push failed: CXone refused it");
}
