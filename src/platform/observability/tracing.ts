import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace-node";

/** The gateway's tracer: a no-op until a tracer provider is registered (startTracing, or a test's). */
export const tracer = trace.getTracer("agent-assist-gateway");

/**
 * Turns tracing on when the configuration says so (an OTLP endpoint is set: OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; the exporter reads the other standard variables itself: headers, timeout).
 * Off otherwise: every span call is then a no-op. Returns a function that flushes and stops the exporter.
 */
export function startTracing(config: { enabled: boolean; serviceName: string }): (() => Promise<void>) | undefined {
  if (!config.enabled) return undefined;
  return registerTracing(new BatchSpanProcessor(new OTLPTraceExporter()), config.serviceName);
}

/** Registers a tracer provider with `processor`, the W3C trace-context propagator and async context tracking. */
export function registerTracing(processor: SpanProcessor, serviceName = "agent-assist-gateway"): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors: [processor],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return () => provider.shutdown();
}

/** The trace context a request carries in its `traceparent` / `tracestate` headers (or none). */
export function incomingContext(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), headers, {
    get: (carrier, key) => carrier[key],
    keys: (carrier) => Object.keys(carrier),
  });
}

/** Adds `traceparent` (and `tracestate`) of the active span to outgoing headers. */
export function injectTraceHeaders(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => (carrier[key] = value) });
}

/** The active span's trace and span ids, for log lines (none outside a span). */
export function traceFields(): { traceId: string; spanId: string } | Record<string, never> {
  const span = trace.getSpan(context.active());
  const ids = span?.spanContext();
  return ids && trace.isSpanContextValid(ids) ? { traceId: ids.traceId, spanId: ids.spanId } : {};
}

/** Runs `work` in a child span of the active one; the span ends with it and records a failure. */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed, with the gateway's error code when the error has one. */
export function failed(span: Span, error: unknown): void {
  const code =
    (error as { code?: unknown; extensions?: { code?: unknown } }).extensions?.code ??
    (error as { code?: unknown }).code;
  span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === "string" ? code : (error as Error)?.name });
  if (typeof code === "string") span.setAttribute("error.code", code);
}

export { SpanKind };
