import type { Logger } from "pino";
import { z } from "zod";
import type { CxoneCard } from "./cards";
import type { CxoneConfig } from "../../platform/config/config";
import { AccessKeyGrant } from "./accessKeyGrant";
import { ClientCredentialsGrant } from "./clientCredentialsGrant";
import { errorFromException, errorFromResponse, timeoutError } from "./cxoneErrors";
import { DeliveryBreaker } from "./deliveryBreaker";
import type { GatewayMetrics } from "../../platform/observability/metrics";
import { CxoneHttp, type CxoneResponse, type HttpObserver } from "./cxoneHttp";
import { PushRateGate } from "./PushRateGate";
import { contentDelivery, signalDelivery, type DeliveryRequest } from "./deliveryRoutes";
import { deadline } from "./requestJson";
import { TokenCache, type CxoneAccess } from "./tokenCache";

/** What CXone confirmed for one delivery. */
export interface Delivery {
  contentId: string | null;
  deliveredAt: string;
  /** The cards actually sent. */
  cards: CxoneCard[];
  attempts: number;
}

export interface DeliveryOptions {
  /** The same on every attempt of one push (by any process), so CXone shows it once. */
  idempotencyKey: string;
  /** A shorter deadline than the push deadline (a queued push must not be delivered after it expires). */
  maxDeadlineMs?: number;
}

const contentAnswer = z.object({ contentId: z.string().optional(), timestamp: z.string().optional() }).passthrough();

/**
 * The CXone data source: authenticates (token cache with single-flight refresh), delivers cards by the
 * configured route, retries per policy within the push deadline, refreshes once on 401, and turns every
 * failure into a coded error through cxoneErrors.ts.
 */
export class CxoneClient {
  readonly tokens: TokenCache;
  private readonly http: CxoneHttp;
  private readonly gate: PushRateGate;
  private readonly breaker: DeliveryBreaker;

  constructor(
    private readonly config: CxoneConfig,
    private readonly logger: Logger,
    private readonly metrics?: GatewayMetrics,
  ) {
    this.http = new CxoneHttp(config.retry, config.timeouts, observerFor(logger, metrics));
    this.gate = new PushRateGate(config.quota.pushesPerSecond, config.quota.burst);
    const auth = config.auth;
    const grant =
      auth.mode === "client-credentials"
        ? new ClientCredentialsGrant(this.http, { ...auth, deadlineMs: config.pushDeadlineMs }, logger)
        : new AccessKeyGrant(this.http, { ...auth, deadlineMs: config.pushDeadlineMs }, logger);
    this.tokens = new TokenCache(grant, config.tokenMarginSeconds, Date.now, () => metrics?.tokenRefreshes.inc());
    this.breaker = new DeliveryBreaker(config.breaker, {
      onOpen: () => {
        metrics?.cxoneBreakerOpen.set(1);
        logger.warn(
          { resetMs: config.breaker.resetMs },
          "CXone keeps failing: circuit breaker open, pushes fail fast until a probe succeeds",
        );
      },
      onClose: () => {
        metrics?.cxoneBreakerOpen.set(0);
        logger.info("CXone answers again: circuit breaker closed");
      },
      onReject: () => metrics?.cxoneBreakerRejections.inc(),
    });
  }

  /** True while the push rate is contended: every burst slot is taken and a new push would wait for one. */
  rateContended(): boolean {
    return this.gate.backlogMs() > 0;
  }

  /** True when a token can be had now (readiness reports it; queries do not need CXone). */
  async canAuthenticate(timeoutMs: number): Promise<boolean> {
    const limit = deadline(timeoutMs);
    try {
      await this.withinDeadline(this.tokens.get(), limit.signal, "token");
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Delivers `cards` into the interaction, within the push deadline (or `maxDeadlineMs` when shorter); fails fast
   * while CXone keeps failing. The Idempotency-Key is the caller's (the ledger derives it from the push id).
   */
  deliver(
    interactionId: string,
    cards: CxoneCard[],
    options: DeliveryOptions,
    logger: Logger = this.logger,
    requestId?: string,
  ): Promise<Delivery> {
    if (options.maxDeadlineMs !== undefined && options.maxDeadlineMs <= 0)
      return Promise.reject(timeoutError(this.config.delivery === "content" ? "content" : "signal"));
    return this.breaker.run(() => this.deliverWithinDeadline(interactionId, cards, logger, requestId, options));
  }

  private async deliverWithinDeadline(
    interactionId: string,
    cards: CxoneCard[],
    logger: Logger,
    requestId: string | undefined,
    options: DeliveryOptions,
  ): Promise<Delivery> {
    const limit = deadline(
      Math.max(1, Math.floor(Math.min(this.config.pushDeadlineMs, options.maxDeadlineMs ?? Infinity))),
    );
    await this.waitForQuota(limit.deadlineAt);
    const key = options.idempotencyKey;
    let access = await this.withinDeadline(this.tokens.get(), limit.signal, "token");
    let request = this.route(access, interactionId, cards);
    let response = await this.send(request, access, key, limit, logger, requestId);
    if (response.statusCode === 401) {
      // The token may have been revoked or expired early: forget it, fetch one new token, try once more.
      logger.info({ route: request.route }, "CXone refused the token; refreshing once");
      this.tokens.invalidate(access.accessToken);
      access = await this.withinDeadline(this.tokens.get(), limit.signal, "token");
      await this.waitForQuota(limit.deadlineAt);
      request = this.route(access, interactionId, cards);
      response = await this.send(request, access, key, limit, logger, requestId);
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw errorFromResponse(request.route, response.statusCode, response.headers, response.body, logger);
    }
    const answer = parseAnswer(response.body);
    return {
      contentId: answer.contentId ?? null,
      deliveredAt: answer.timestamp ?? new Date().toISOString(),
      cards: request.cards,
      attempts: response.attempts,
    };
  }

  /** Queues for the gateway's own push rate limit; half the deadline at most, so the push itself has time. */
  private async waitForQuota(deadlineAt: number): Promise<void> {
    try {
      const waitedMs = await this.gate.acquire((deadlineAt - Date.now()) / 2);
      this.metrics?.quotaWait.observe(waitedMs / 1000);
    } catch (error) {
      this.metrics?.quotaRejections.inc();
      throw error;
    }
  }

  /** Closes pooled connections and stops the breaker's timers. */
  close(): Promise<void> {
    this.breaker.shutdown();
    return this.http.close();
  }

  private route(access: CxoneAccess, interactionId: string, cards: CxoneCard[]): DeliveryRequest {
    return this.config.delivery === "content"
      ? contentDelivery(access.apiBaseUrl, interactionId, cards)
      : signalDelivery(access.apiBaseUrl, interactionId, cards);
  }

  private async send(
    request: DeliveryRequest,
    access: CxoneAccess,
    key: string,
    limit: ReturnType<typeof deadline>,
    logger: Logger,
    requestId: string | undefined,
  ): Promise<CxoneResponse> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${access.accessToken}`,
      accept: "application/json",
      "idempotency-key": key,
      // The same id on every attempt (undici replays the request unchanged), so CXone's logs and ours line up.
      ...(requestId ? { "x-request-id": requestId } : {}),
    };
    if (request.contentType) headers["content-type"] = request.contentType;
    try {
      return await this.http.send({
        route: request.route,
        method: "POST",
        url: request.url,
        headers,
        body: request.body,
        ...limit,
        // A retry is another request to CXone: it takes a slot of the push rate like a first attempt.
        retrySlot: (delayMs, remainingMs) => this.gate.reserve(remainingMs, delayMs),
      });
    } catch (error) {
      throw errorFromException(request.route, error, logger);
    }
  }

  /** Token waits count against the push deadline too. */
  private withinDeadline<T>(
    promise: Promise<T>,
    signal: AbortSignal,
    route: "token" | "content" | "signal",
  ): Promise<T> {
    if (signal.aborted) return Promise.reject(timeoutError(route));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(timeoutError(route));
      signal.addEventListener("abort", onAbort, { once: true });
      promise.then(
        (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
        (error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
      );
    });
  }
}

/** A 2xx answer's body: contract A's JSON, or an empty/non-JSON body (contract B's signal answers 202). */
function parseAnswer(body: string): z.infer<typeof contentAnswer> {
  try {
    const parsed = contentAnswer.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

function observerFor(logger: Logger, metrics: GatewayMetrics | undefined): HttpObserver {
  return {
    onRetry: ({ route, attempt, delayMs, statusCode, errorCode }) => {
      metrics?.cxoneRetries.inc({ reason: String(statusCode ?? errorCode ?? "unknown") });
      logger.info({ route, attempt, delayMs, statusCode, errorCode }, "retrying CXone call");
    },
    onDone: (route, status, seconds) => metrics?.cxoneDuration.observe({ route, status: String(status) }, seconds),
  };
}
