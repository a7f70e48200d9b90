import { setTimeout as delay } from "node:timers/promises";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { CxoneCard } from "../../integrations/cxone/cards";
import { decodeSignalCards } from "../../integrations/cxone/deliveryRoutes";
import { AgentDesk } from "./agentDesk";
import { renderAgentList, renderAgentPage, type AgentPageOptions } from "./agentPage";
import { sendCardFeedback, type FeedbackTarget } from "./cardFeedback";
import { DeliveryStore, type DeliveryRecord, type StoreLimits } from "./deliveryStore";
import { FAULT_ROUTES, FaultBook, type Fault, type FaultRoute } from "./faults";
import { BodyTooLargeError, readBody } from "../../platform/http/readBody";
import { sendJson } from "../../platform/http/sendJson";

/** The largest request body the simulator reads (a card batch is a few KB); larger ones are answered 413. */
const MAX_BODY_BYTES = 1_048_576;

/** What the simulator's routes get: the parsed URL and the whole body. */
interface SimulatorRequest {
  url: URL;
  body: string;
}
import { Router } from "../../platform/http/router";
import { TokenBook } from "./tokens";

/** Credentials the simulator accepts unless told otherwise (documented in the README). */
export const SIMULATOR_DEFAULTS = {
  clientId: "simulator-client",
  clientSecret: "simulator-secret",
  accessKeyId: "simulator-access-key",
  accessKeySecret: "simulator-access-secret",
  tenantId: "11111111-2222-4333-8444-555555555555",
  area: "na1",
  tokenTtlSeconds: 3600,
};

export interface SimulatorOptions extends Partial<typeof SIMULATOR_DEFAULTS> {
  port?: number;
  host?: string;
  /** How much it remembers (deliveries per interaction, interactions, idempotency keys). */
  limits?: StoreLimits;
}

export interface SimulatorState {
  tokenRequests: { clientCredentials: number; password: number };
  discoveryRequests: number;
  deliveryAttempts: { content: number; signal: number };
  deliveries: DeliveryRecord[];
  faults: Record<string, Fault[]>;
}

const WRITE_SCOPE = "agentassist:interactions:write";
const CONTENT_PATH = /^\/api\/v2\/agentassist\/interactions\/([^/]+)\/content$/;
const SIGNAL_PATH = /^\/inContactAPI\/services\/v30\.0\/interactions\/([^/]+)\/signal$/;

/**
 * A local stand-in for NICE CXone that speaks both contracts (docs/cxone.md): the
 * client-credentials token and content route (A), and the platform's discovery, access-key password grant,
 * id_token, cxone-configuration and Studio signal route (B). Faults are scripted per route; deliveries are
 * recorded, de-duplicated by Idempotency-Key, and shown on the root page.
 */
export class CxoneSimulator {
  readonly faults = new FaultBook();
  /** Emits "attempt" (route, interactionId, x-request-id or null) when a delivery request arrives, before any fault or answer. */
  readonly events = new EventEmitter();
  private readonly tokens = new TokenBook();
  private readonly router = this.routes();
  private readonly settings: typeof SIMULATOR_DEFAULTS;
  private readonly ended = new Set<string>();
  private readonly store: DeliveryStore<DeliveryRecord, { status: number; body: string }>;
  private counters = this.freshCounters();
  private feedbackTarget: FeedbackTarget | undefined;
  private readonly desk = new AgentDesk(() => this.feedbackTarget);
  url = "";

  private constructor(
    private readonly server: Server,
    options: SimulatorOptions,
  ) {
    const { limits, port: _port, host: _host, ...settings } = options;
    this.settings = { ...SIMULATOR_DEFAULTS, ...stripUndefined(settings) };
    this.store = new DeliveryStore(limits);
  }

  /** Starts a simulator on `port` (0 = any free port) of 127.0.0.1. */
  static async start(options: SimulatorOptions = {}): Promise<CxoneSimulator> {
    // Signal deliveries carry the cards in the query string; allow long request lines.
    const server = createServer({ maxHeaderSize: 128 * 1024 });
    const simulator = new CxoneSimulator(server, options);
    server.on("request", (req, res) => {
      simulator.handle(req, res).catch((error: unknown) => {
        if (res.headersSent) return;
        if (error instanceof BodyTooLargeError) sendJson(res, 413, { error: "payload_too_large" });
        else sendJson(res, 500, { error: "simulator_failure" });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    simulator.url = `http://${options.host ?? "127.0.0.1"}:${port}`;
    return simulator;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Scripts a fault on a route (also reachable as POST /_control/faults). */
  injectFault(route: FaultRoute, fault: Fault): void {
    this.faults.add(route, fault);
  }

  /** Counters, recorded deliveries and pending faults (also GET /_control/state). */
  state(): SimulatorState {
    return {
      ...structuredClone(this.counters),
      deliveries: structuredClone(this.store.all()),
      faults: this.faults.pending(),
    };
  }

  /** Forgets deliveries, counters, faults, ended interactions and idempotency keys; revokes tokens. */
  reset(): void {
    this.faults.clear();
    this.tokens.revokeAll();
    this.ended.clear();
    this.store.clear();
    this.desk.clear();
    this.counters = this.freshCounters();
  }

  /** Lifetime of tokens issued from now on. */
  setTokenTtl(seconds: number): void {
    this.settings.tokenTtlSeconds = seconds;
  }

  /** Every access token issued so far (for tests asserting that none leaks into logs). */
  issuedTokens(): string[] {
    return this.tokens.all();
  }

  /** Expires every issued token, as a server-side revocation would. */
  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  /**
   * Where the agent page's helpful / not helpful buttons send answers (the gateway's recordCardFeedback); without
   * one the page shows no buttons.
   */
  setFeedbackTarget(target: FeedbackTarget | undefined): void {
    this.feedbackTarget = target;
  }

  /** Marks an interaction as ended: deliveries to it answer 404. */
  endInteraction(id: string): void {
    this.ended.add(id);
  }

  /**
   * A card's helpful / not helpful button: forwarded to the gateway. The page's script asks for JSON and updates the
   * card in place; without JavaScript the browser is sent back to the page with the outcome.
   */
  private async cardFeedback(req: IncomingMessage, form: URLSearchParams, res: ServerResponse): Promise<void> {
    const agentId = form.get("agentId") || "agent-1";
    const input = {
      pushId: form.get("pushId") ?? "",
      url: form.get("url") ?? "",
      agentId,
      helpful: form.get("helpful") === "true",
    };
    const outcome = this.feedbackTarget
      ? await sendCardFeedback(this.feedbackTarget, input)
      : { ok: false, message: "Not recorded: this simulator has no gateway to send feedback to." };
    if (outcome.ok) this.desk.answered(input.pushId, input.url, agentId, input.helpful);
    if ((req.headers.accept ?? "").includes("application/json")) {
      sendJson(res, 200, { ...outcome, helpful: input.helpful, version: this.desk.version });
      return;
    }
    const back = `/?${new URLSearchParams({ agent: agentId, note: outcome.message }).toString()}`;
    res.writeHead(303, { location: back });
    res.end();
  }

  /** The agent page's view of `?agent=`. */
  private pageOptions(url: URL): AgentPageOptions {
    return {
      feedback: this.feedbackTarget !== undefined,
      agentId: url.searchParams.get("agent") || null,
      note: url.searchParams.get("note"),
      agentOf: (d) => this.desk.agentOf(d),
      answerOf: (pushId, cardUrl, agentId) => this.desk.answerOf(pushId, cardUrl, agentId),
      knowsAgents: this.desk.knowsAgents,
      agents: this.desk.knownAgents(),
      version: this.desk.version,
    };
  }

  private freshCounters() {
    return {
      tokenRequests: { clientCredentials: 0, password: 0 },
      discoveryRequests: 0,
      deliveryAttempts: { content: 0, signal: 0 },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://simulator");
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!(await this.router.route(req, res, url.pathname, { url, body }))) sendJson(res, 404, { error: "not_found" });
  }

  /** The simulator's routes: the agent page, both contracts' token and discovery endpoints, both delivery routes. */
  private routes(): Router<SimulatorRequest> {
    return (
      new Router<SimulatorRequest>()
        .mount("/_control", (req, res, { url, body }) => this.control(req.method ?? "GET", url, body, res))
        .on("GET", "/", (_req, res, { url }) => {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
          res.end(renderAgentPage(this.store.all(), this.pageOptions(url)));
        })
        // The page's live patching: the list's HTML when the page changed since `version`, else 204.
        .on("GET", "/_agent/list", (_req, res, { url }) => {
          if (url.searchParams.get("version") === String(this.desk.version)) {
            res.writeHead(204, { "cache-control": "no-store" });
            res.end();
            return;
          }
          const options = this.pageOptions(url);
          sendJson(res, 200, { version: options.version, html: renderAgentList(this.store.all(), options) });
        })
        .on("POST", "/_agent/feedback", (req, res, { body }) => this.cardFeedback(req, new URLSearchParams(body), res))
        .on("POST", "/oauth2/token", async (_req, res, { body }) => {
          this.counters.tokenRequests.clientCredentials += 1;
          if (await this.applyFault("token", res)) return;
          return this.clientCredentialsToken(new URLSearchParams(body), res);
        })
        .on("GET", "/.well-known/openid-configuration", async (_req, res) => {
          this.counters.discoveryRequests += 1;
          if (await this.applyFault("openid-configuration", res)) return;
          return sendJson(res, 200, {
            issuer: this.url,
            token_endpoint: `${this.url}/auth/token`,
            jwks_uri: `${this.url}/.well-known/jwks`,
          });
        })
        .on("POST", "/auth/token", async (req, res, { body }) => {
          this.counters.tokenRequests.password += 1;
          if (await this.applyFault("auth-token", res)) return;
          return this.passwordToken(req, new URLSearchParams(body), res);
        })
        .on("GET", "/.well-known/cxone-configuration", async (_req, res, { url }) => {
          this.counters.discoveryRequests += 1;
          if (await this.applyFault("cxone-configuration", res)) return;
          if (url.searchParams.get("tenantId") !== this.settings.tenantId)
            return sendJson(res, 404, { error: "unknown_tenant" });
          return sendJson(res, 200, {
            api_endpoint: this.url,
            area: this.settings.area,
            domain: new URL(this.url).host,
          });
        })
        .match("POST", CONTENT_PATH, (req, res, { body }, found) => {
          const interactionId = decodeURIComponent(found[1] as string);
          this.counters.deliveryAttempts.content += 1;
          this.events.emit("attempt", "content", interactionId, headerOf(req, "x-request-id"));
          return this.deliveryRoute("content", interactionId, req, res, () => parseContent(body));
        })
        .match("POST", SIGNAL_PATH, (req, res, { url }, found) => {
          const contactId = decodeURIComponent(found[1] as string);
          this.counters.deliveryAttempts.signal += 1;
          this.events.emit("attempt", "signal", contactId, headerOf(req, "x-request-id"));
          return this.deliveryRoute("signal", contactId, req, res, () => decodeSignalCards(url.searchParams));
        })
    );
  }

  /** A delivery route: its fault (before or after processing, as scripted), else the delivery's own answer. */
  private async deliveryRoute(
    route: "content" | "signal",
    interactionId: string,
    req: IncomingMessage,
    res: ServerResponse,
    readCards: () => CxoneCard[] | undefined,
  ): Promise<void> {
    const fault = this.faults.take(route);
    if (fault?.afterProcessing) this.deliver(route, interactionId, req, readCards);
    if (fault && (await this.answerWithFault(fault, res))) return;
    const answer = this.deliver(route, interactionId, req, readCards);
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(answer.body);
  }

  /** Applies the next scripted fault of `route`; true when it answered (or dropped) the request. */
  private async applyFault(route: FaultRoute, res: ServerResponse): Promise<boolean> {
    const fault = this.faults.take(route);
    return fault ? this.answerWithFault(fault, res) : false;
  }

  private async answerWithFault(fault: Fault, res: ServerResponse): Promise<boolean> {
    if (fault.delayMs) await delay(fault.delayMs);
    if (fault.reset) {
      res.socket?.destroy();
      return true;
    }
    if (fault.status === undefined) return false;
    const headers: Record<string, string> = {
      "content-type": fault.contentType ?? (fault.body ? "text/html" : "application/json"),
    };
    if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
    res.writeHead(fault.status, headers);
    res.end(fault.body ?? JSON.stringify({ error: "injected_fault", status: fault.status }));
    return true;
  }

  private clientCredentialsToken(form: URLSearchParams, res: ServerResponse): void {
    if (form.get("grant_type") !== "client_credentials") return sendJson(res, 400, { error: "unsupported_grant_type" });
    if (form.get("client_id") !== this.settings.clientId || form.get("client_secret") !== this.settings.clientSecret) {
      return sendJson(res, 401, { error: "invalid_client" });
    }
    const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
    const token = this.tokens.issue(this.settings.tokenTtlSeconds, scopes);
    sendJson(res, 200, {
      access_token: token,
      token_type: "Bearer",
      expires_in: this.settings.tokenTtlSeconds,
      scope: scopes.join(" "),
    });
  }

  private async passwordToken(req: IncomingMessage, form: URLSearchParams, res: ServerResponse): Promise<void> {
    const basic = /^Basic (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    const [clientId, clientSecret] = Buffer.from(basic ?? "", "base64")
      .toString("utf8")
      .split(":");
    if (clientId !== this.settings.clientId || clientSecret !== this.settings.clientSecret)
      return sendJson(res, 401, { error: "invalid_client" });
    if (form.get("grant_type") !== "password") return sendJson(res, 400, { error: "unsupported_grant_type" });
    if (form.get("username") !== this.settings.accessKeyId || form.get("password") !== this.settings.accessKeySecret) {
      return sendJson(res, 400, { error: "invalid_grant" });
    }
    const ttl = this.settings.tokenTtlSeconds;
    const idToken = await this.tokens.idToken({
      issuer: this.url,
      subject: this.settings.accessKeyId,
      audience: this.settings.clientId,
      tenantId: this.settings.tenantId,
      area: this.settings.area,
      ttlSeconds: ttl,
    });
    sendJson(res, 200, {
      access_token: this.tokens.issue(ttl, [WRITE_SCOPE]),
      token_type: "Bearer",
      expires_in: ttl,
      id_token: idToken,
      refresh_token: `refresh_${randomUUID()}`,
    });
  }

  private deliver(
    route: "content" | "signal",
    interactionId: string,
    req: IncomingMessage,
    readCards: () => CxoneCard[] | undefined,
  ): { status: number; body: string; headers?: Record<string, string> } {
    const error = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });
    const scopes = this.tokens.check(req.headers.authorization);
    if (!scopes)
      return error(401, {
        error: "invalid_token",
        error_description: "The access token is missing, unknown or expired.",
      });
    if (!scopes.includes(WRITE_SCOPE)) return error(403, { error: "insufficient_scope", scope: WRITE_SCOPE });
    if (route === "signal" && !/^\d+$/.test(interactionId)) return error(400, { error: "contactId must be numeric" });
    if (this.ended.has(interactionId)) return error(404, { error: "interaction_not_found" });
    const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
    const previous = key ? this.store.answerFor(`${route}:${key}`) : undefined;
    if (previous) return { ...previous, headers: { "idempotent-replayed": "true" } };
    let cards: CxoneCard[] | undefined;
    try {
      cards = readCards();
    } catch {
      cards = undefined;
    }
    if (!cards) return error(400, { error: "invalid_payload" });
    const record: DeliveryRecord = {
      route,
      interactionId,
      contentId: `CONT-${randomUUID()}`,
      idempotencyKey: key,
      requestId: headerOf(req, "x-request-id"),
      traceparent: headerOf(req, "traceparent"),
      cards,
      receivedAt: new Date().toISOString(),
    };
    this.store.add(record);
    this.desk.delivered(record);
    const answer =
      route === "content"
        ? {
            status: 200,
            body: JSON.stringify({
              interactionId,
              contentId: record.contentId,
              status: "delivered",
              timestamp: record.receivedAt,
            }),
          }
        : { status: 202, body: "" };
    if (key) this.store.rememberAnswer(`${route}:${key}`, answer);
    return answer;
  }

  private control(method: string, url: URL, body: string, res: ServerResponse): void {
    let input: Record<string, unknown> = {};
    try {
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return sendJson(res, 400, { error: "body must be JSON" });
    }
    const ended = /^\/_control\/interactions\/([^/]+)\/end$/.exec(url.pathname);
    if (method === "GET" && url.pathname === "/_control/state") return sendJson(res, 200, this.state());
    if (method === "POST" && url.pathname === "/_control/reset")
      return (this.reset(), sendJson(res, 200, { ok: true }));
    if (method === "DELETE" && url.pathname === "/_control/faults")
      return (this.faults.clear(), sendJson(res, 200, { ok: true }));
    if (method === "POST" && url.pathname === "/_control/faults") {
      const { route, ...fault } = input;
      if (!FAULT_ROUTES.includes(route as FaultRoute))
        return sendJson(res, 400, { error: `route must be one of ${FAULT_ROUTES.join(", ")}` });
      this.injectFault(route as FaultRoute, fault as Fault);
      return sendJson(res, 200, { ok: true, faults: this.faults.pending() });
    }
    if (method === "POST" && url.pathname === "/_control/settings") {
      if (typeof input.tokenTtlSeconds === "number" && input.tokenTtlSeconds > 0)
        this.setTokenTtl(input.tokenTtlSeconds);
      if (input.revokeTokens === true) this.revokeTokens();
      return sendJson(res, 200, { ok: true, tokenTtlSeconds: this.settings.tokenTtlSeconds });
    }
    if (method === "POST" && ended)
      return (this.endInteraction(decodeURIComponent(ended[1] as string)), sendJson(res, 200, { ok: true }));
    sendJson(res, 404, { error: "unknown control route" });
  }
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
}

function parseContent(body: string): CxoneCard[] | undefined {
  const parsed = JSON.parse(body) as { content?: unknown };
  return Array.isArray(parsed.content) ? (parsed.content as CxoneCard[]) : undefined;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
