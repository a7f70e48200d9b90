import { Pool, interceptors, type Dispatcher } from "undici";
import type { CxoneRoute } from "./cxoneErrors";
import { trace } from "@opentelemetry/api";
import { failed, injectTraceHeaders, inSpan, SpanKind } from "../../platform/observability/tracing";
import { sleep } from "../../platform/resilience/backoff";
import { nextRetryDelay, RETRYABLE_ERROR_CODES, RETRYABLE_STATUS_CODES, type RetryPolicy } from "./retryPolicy";

/** One HTTP exchange with CXone, after any retries. */
export interface CxoneResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** How many attempts it took (1 when the first one answered). */
  attempts: number;
}

export interface CxoneRequest {
  /** Which CXone call this is (metric label). */
  route: CxoneRoute;
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request and any pending backoff when the push deadline passes. */
  signal: AbortSignal;
  /** The push deadline as an epoch-milliseconds instant, so the retry policy knows how long is left. */
  deadlineAt: number;
  /**
   * Books a rate-limit slot for a retry the policy wants after `delayMs`: returns the wait until that slot, or
   * undefined when none is free before the deadline (the retry is then given up). Delivery routes pass the push
   * rate gate here, so retries count against the quota like first attempts.
   */
  retrySlot?: (delayMs: number, remainingMs: number) => number | undefined;
}

/** Hooks for logs and metrics: each retry, and each finished call (status, or "error" when none came). */
export interface HttpObserver {
  onRetry(facts: {
    route: CxoneRoute;
    attempt: number;
    delayMs: number;
    statusCode?: number;
    errorCode?: string;
  }): void;
  onDone(route: CxoneRoute, status: number | "error", seconds: number): void;
}

const SILENT: HttpObserver = { onRetry: () => undefined, onDone: () => undefined };

/**
 * Pooled keep-alive HTTP to CXone: one undici Pool per origin, with connect and response timeouts, and
 * undici's own retry interceptor driven by our policy (see retryPolicy.ts). POST is retried because every
 * push carries an Idempotency-Key.
 */
export class CxoneHttp {
  private readonly pools = new Map<string, { pool: Pool; dispatcher: Dispatcher }>();

  constructor(
    private readonly policy: RetryPolicy,
    private readonly timeouts: { connectMs: number; responseMs: number },
    private readonly observer: HttpObserver = SILENT,
  ) {}

  /**
   * Sends `request`, retrying per policy; resolves with the final answer whatever its status. One span per call
   * (`cxone <route>`, its retries as events); the call carries that span's `traceparent` to CXone.
   */
  send(request: CxoneRequest): Promise<CxoneResponse> {
    return inSpan(
      `cxone ${request.route}`,
      { "cxone.route": request.route, "http.request.method": request.method },
      async (span) => {
        const headers = { ...request.headers };
        injectTraceHeaders(headers);
        const response = await this.sendOnce({ ...request, headers });
        span.setAttributes({ "http.response.status_code": response.statusCode, "cxone.attempts": response.attempts });
        if (response.statusCode >= 400) failed(span, { code: `HTTP ${response.statusCode}` });
        return response;
      },
      SpanKind.CLIENT,
    );
  }

  private async sendOnce(request: CxoneRequest): Promise<CxoneResponse> {
    const url = new URL(request.url);
    const tracker = { retries: 0, span: trace.getActiveSpan() };
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher(url.origin).request({
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        // Per request, the retry interceptor's options are merged over the ones it was composed with.
        retryOptions: {
          retry: (error: Error, _state: unknown, callback: (err?: Error | null) => void) =>
            this.decide(request, tracker, error, callback),
        },
      } as Dispatcher.RequestOptions);
    } catch (error) {
      this.observer.onDone(request.route, "error", elapsed());
      throw error;
    }
    const body = await response.body.text();
    this.observer.onDone(request.route, response.statusCode, elapsed());
    return { statusCode: response.statusCode, headers: response.headers, body, attempts: tracker.retries + 1 };
  }

  /** Closes every pooled connection (on shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map(({ pool }) => pool.close()));
    this.pools.clear();
  }

  /** The origin's pool behind undici's retry interceptor, composed once per origin. */
  private dispatcher(origin: string): Dispatcher {
    let entry = this.pools.get(origin);
    if (!entry) {
      const pool = new Pool(origin, {
        connections: 32,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        connectTimeout: this.timeouts.connectMs,
        headersTimeout: this.timeouts.responseMs,
        bodyTimeout: this.timeouts.responseMs,
      });
      const dispatcher = pool.compose(
        interceptors.retry({
          throwOnError: false,
          methods: ["GET", "POST"],
          statusCodes: [...RETRYABLE_STATUS_CODES],
          errorCodes: [...RETRYABLE_ERROR_CODES],
        }),
      );
      entry = { pool, dispatcher };
      this.pools.set(origin, entry);
    }
    return entry.dispatcher;
  }

  private decide(
    request: CxoneRequest,
    tracker: { retries: number; span: ReturnType<typeof trace.getActiveSpan> },
    error: Error,
    callback: (err?: Error | null) => void,
  ): void {
    const facts = error as Error & {
      statusCode?: number;
      code?: string;
      headers?: Record<string, string | string[] | undefined>;
    };
    const attempt = tracker.retries + 1;
    const statusCode = facts.code === "UND_ERR_REQ_RETRY" ? facts.statusCode : undefined;
    const errorCode = facts.code === "UND_ERR_REQ_RETRY" ? undefined : facts.code;
    const remainingMs = request.deadlineAt - Date.now();
    const wanted = nextRetryDelay(this.policy, {
      attempt,
      statusCode,
      errorCode,
      retryAfter: facts.headers?.["retry-after"],
      remainingMs,
    });
    const delayMs = wanted === undefined || !request.retrySlot ? wanted : request.retrySlot(wanted, remainingMs);
    if (delayMs === undefined || delayMs >= remainingMs || request.signal.aborted) {
      callback(error);
      return;
    }
    tracker.retries += 1;
    tracker.span?.addEvent("retry", {
      attempt,
      delayMs,
      ...(statusCode ? { "http.response.status_code": statusCode } : {}),
      ...(errorCode ? { "error.type": errorCode } : {}),
    });
    this.observer.onRetry({ route: request.route, attempt, delayMs, statusCode, errorCode });
    // The push deadline cancels a pending backoff: the retry then ends with the last failure.
    void sleep(delayMs, request.signal).then(() => callback(request.signal.aborted ? error : null));
  }
}
