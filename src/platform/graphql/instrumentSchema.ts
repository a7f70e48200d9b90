import { defaultFieldResolver, type GraphQLSchema } from "graphql";
import type { AdmissionQueue } from "../resilience/AdmissionQueue";
import { selectsScalarsOnly } from "./selection";
import type { OutageLog } from "../observability/outageLog";
import type { GatewayMetrics } from "../observability/metrics";
import { inSpan, SpanKind } from "../observability/tracing";

/**
 * Wraps every root Query field (each is one Cypher query run by @neo4j/graphql, or a DataLoader batch) once at
 * startup: it waits for an admission slot (backpressure), is timed into the Neo4j duration histogram, and a
 * success ends any Neo4j outage or overload in the outage log. Fields answered by the DataLoader take their slot there.
 */
export function instrumentRootQueries(
  schema: GraphQLSchema,
  metrics: GatewayMetrics,
  admission?: AdmissionQueue,
  outages?: OutageLog,
): void {
  const fields = schema.getQueryType()?.getFields() ?? {};
  for (const field of Object.values(fields)) {
    const resolve = field.resolve ?? defaultFieldResolver;
    const name = `resolve Query.${field.name}`;
    const timed = (...args: Parameters<typeof resolve>) =>
      inSpan(name, { "graphql.field.name": field.name }, () => timedOnly(...args), SpanKind.INTERNAL);
    const timedOnly = (...args: Parameters<typeof resolve>) =>
      metrics.time(
        (outcome, seconds) => metrics.neo4jDuration.observe({ kind: "graphql_root_field", outcome }, seconds),
        async () => {
          const result: unknown = await resolve(...args);
          outages?.graphAnswered();
          return result;
        },
      );
    if (!admission) {
      field.resolve = timed;
      continue;
    }
    // suggestArticles with a scalar-only selection goes through the DataLoader, which takes its own slot.
    const viaLoader = field.name === "suggestArticles";
    field.resolve = (...args) =>
      viaLoader && selectsScalarsOnly(args[3]) ? timed(...args) : admission.run(() => timed(...args));
  }
}
