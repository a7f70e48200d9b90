import { classifyError } from "../errors/classifyError";
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import type { BaseContext } from "./context";
import type { GatewayMetrics } from "../observability/metrics";
import { trace } from "@opentelemetry/api";
import { failed } from "../observability/tracing";

/**
 * A metric sample per GraphQL request, and a structured log line (request id, operation, caller, duration and
 * outcome, the error codes when it failed) for every failed request and a share of the others (`sample`,
 * LOG_REQUEST_SAMPLE; the rest at debug): a line per request costs more than the rest of the request's
 * bookkeeping, and the metrics count them all. Variables are never logged: they may hold PII. The gateway's own
 * warm-up requests are logged at debug only and not counted (warmUp.ts logs one line for them all).
 */
export function requestLoggingPlugin(metrics: GatewayMetrics, sample = 1): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ contextValue }) {
      const start = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation: resolved, errors, contextValue: context, response }) {
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          const body = response.body.kind === "single" ? response.body.singleResult : undefined;
          const resultErrors = errors ?? body?.errors;
          // The codes the caller was answered with: the same decision formatError makes (a raw Neo4j error here is
          // KNOWLEDGE_GRAPH_UNAVAILABLE to the caller, so it is in the log too).
          const codes = [...new Set((resultErrors ?? []).map((e) => classifyError(e).code))];
          const outcome = codes.length === 0 ? "ok" : "error";
          const operation = operationName ?? "anonymous";
          const label = metricOperation(resolved);
          const own = (contextValue ?? context).internal === true; // the warm-up: not a caller's request
          if (!own) metrics.graphqlDuration.observe({ operation: label, outcome }, seconds);
          // The request's span (started by the HTTP handler) is named after the same bounded label.
          const span = trace.getActiveSpan();
          if (span) {
            span.updateName(`graphql ${resolved?.operation ?? "operation"} ${label}`);
            span.setAttributes({
              "graphql.operation.type": resolved?.operation ?? "unknown",
              "graphql.operation.name": operation,
              "gateway.root_field": label,
            });
            if (codes.length > 0) failed(span, { code: codes.join(",") });
          }
          // The request's logger already carries requestId and the caller's subject.
          const logger = (contextValue ?? context).logger;
          const atInfo = !own && (outcome === "error" || sample >= 1 || (sample > 0 && Math.random() < sample));
          if (!atInfo && !logger.isLevelEnabled("debug")) return;
          (atInfo ? logger.info.bind(logger) : logger.debug.bind(logger))(
            {
              operation,
              durationMs: Math.round(seconds * 1000),
              outcome,
              ...(codes.length ? { errorCodes: codes } : {}),
            },
            "graphql request",
          );
        },
      };
    },
  };
}

/**
 * The metric's `operation` label: the root field the operation runs (a name the schema knows, so the label's
 * values are bounded), `introspection`, or `other` (several root fields, or nothing resolved). Client-chosen
 * operation names would let any caller create new series; they stay in the log line only.
 */
function metricOperation(operation: OperationDefinitionNode | undefined): string {
  const fields = operation?.selectionSet.selections ?? [];
  if (fields.length > 0 && fields.every((f) => f.kind === Kind.FIELD && f.name.value.startsWith("__")))
    return "introspection";
  const [only] = fields;
  return fields.length === 1 && only?.kind === Kind.FIELD ? only.name.value : "other";
}
