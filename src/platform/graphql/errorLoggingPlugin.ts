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
    case "warn":
      logger.warn({ err: verdict.cause, code: verdict.code, path }, "request refused: input the graph could not use");
      return;
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
