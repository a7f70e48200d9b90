import type { Logger } from "pino";
import { z } from "zod";
import type { CxoneCard } from "../assist/cards";
import type { CxoneConfig } from "../config/config";
import { ErrorCode } from "../errors/codes";
import { GatewayError } from "../errors/GatewayError";
import { AccessKeyGrant } from "./accessKeyGrant";
import { ClientCredentialsGrant } from "./clientCredentialsGrant";
import { errorFromException, errorFromResponse } from "./cxoneErrors";
import type { GatewayMetrics } from "../observability/metrics";
import { CxoneHttp, type CxoneResponse, type HttpObserver } from "./cxoneHttp";
import { PushRateGate } from "./PushRateGate";
import { contentDelivery, signalDelivery, type DeliveryRequest } from "./deliveryRoutes";
import { idempotencyKey } from "./idempotencyKey";
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
  }

  /** Delivers `cards` into the interaction, within the push deadline. */
  async deliver(interactionId: string, cards: CxoneCard[], logger: Logger = this.logger): Promise<Delivery> {
    const limit = deadline(this.config.pushDeadlineMs);
    await this.waitForQuota(limit.deadlineAt);
    const key = idempotencyKey(interactionId, cards);
    let access = await this.withinDeadline(this.tokens.get(), limit.signal);
    let request = this.route(access, interactionId, cards);
    let response = await this.send(request, access, key, limit, logger);
    if (response.statusCode === 401) {
      // The token may have been revoked or expired early: forget it, fetch one new token, try once more.
      logger.info({ route: request.route }, "CXone refused the token; refreshing once");
      this.tokens.invalidate(access.accessToken);
      access = await this.withinDeadline(this.tokens.get(), limit.signal);
      request = this.route(access, interactionId, cards);
      response = await this.send(request, access, key, limit, logger);
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

  /** Closes pooled connections. */
  close(): Promise<void> {
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
  ): Promise<CxoneResponse> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${access.accessToken}`,
      accept: "application/json",
      "idempotency-key": key,
    };
    if (request.contentType) headers["content-type"] = request.contentType;
    try {
      return await this.http.send({ route: request.route, method: "POST", url: request.url, headers, body: request.body, ...limit });
    } catch (error) {
      throw errorFromException(request.route, error, logger);
    }
  }

  /** Token waits count against the push deadline too. */
  private withinDeadline<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(new GatewayError(ErrorCode.CXONE_TIMEOUT, "CXone did not answer in time."));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new GatewayError(ErrorCode.CXONE_TIMEOUT, "CXone did not answer in time."));
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
