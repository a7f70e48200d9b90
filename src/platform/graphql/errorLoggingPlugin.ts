import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";
import { classifyError } from "../errors/classifyError";
import type { BaseContext } from "./context";
import type { OutageLog } from "../observability/outageLog";
import type { GatewayMetrics } from "../observability/metrics";

/**
 * Logs every error a request answers with, once, with its cause and the request id: our bugs at error, foreign
 * errors translated into the caller's fault at warn, dependency outages through the outage log (one line when
 * they start, counts while they last). The caller's own mistakes (bad input, no token) are not logged here.
 * Every error is counted by code (aag_errors_total).
 */
export function errorLoggingPlugin(outages: OutageLog, metrics: GatewayMetrics): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            metrics.errors.inc({ code: classifyError(error).code });
            logError(error, contextValue.logger, contextValue.requestId, outages);
          }
        },
      };
    },
  };
}

/** Logs one error as classifyError says (also used for batch items, which are data, not GraphQL errors). */
export function logError(error: unknown, logger: Logger, requestId: string, outages: OutageLog): void {
  const verdict = classifyError(error);
  const path = (error as { path?: unknown }).path;
  switch (verdict.log) {
    case "none":
      return;
    case "warn": {
      // The caller's own mistake, which the graph turned down (a Lucene typo, a negative offset): one short line;
      // Neo4j's own text and stack only at debug.
      const field = typeof verdict.facts.field === "string" ? verdict.facts.field : undefined;
      logger.warn({ code: verdict.code, ...(field ? { field } : {}), path }, `request refused: ${verdict.message}`);
      logger.debug({ err: verdict.cause, code: verdict.code }, "what the graph said");
      return;
    }
    case "error":
      logger.error(
        { err: verdict.cause, code: verdict.code, path },
        "unexpected error (masked as INTERNAL_SERVER_ERROR)",
      );
      return;
    default:
      outages.failure(verdict.log, { err: verdict.cause, requestId, code: verdict.code });
  }
}
