import { ErrorCode } from "../errors/codes";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { applyCors } from "./cors";
import { limitConnections } from "./connectionLimits";
import { requestIdOf } from "./requestId";
import { sendJson } from "./sendJson";

/** A readiness probe: resolves to a report; `ready: false` answers 503. */
export type ReadinessCheck = () => Promise<{ ready: boolean; checks: Record<string, string> }>;

/** Who may read /metrics: `ok`, or the HTTP status and code to refuse with. */
export type MetricsAccess = (
  authorization: string | undefined,
) => Promise<"ok" | { status: 401 | 403; code: string; message: string }>;

export interface Routes {
  graphql: (req: IncomingMessage, res: ServerResponse, search: string) => Promise<void>;
  readiness: ReadinessCheck;
  metrics: () => Promise<{ contentType: string; body: string }>;
  metricsAccess: MetricsAccess;
  /** Browser pages (/console, /graphiql): true when it answered. */
  pages?: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;
}

export interface HttpServerOptions {
  corsOrigins: readonly string[];
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnectionsPerClient: number;
  onConnectionRefused?: () => void;
}

/** The gateway's HTTP surface: /graphql, /healthz (alive), /readyz (ready to serve), /metrics, the browser pages. */
export function createHttpServer(routes: Routes, logger: Logger, options: HttpServerOptions): Server {
  // Node checks request and header timeouts on this interval; its default (30 s) would let a slow client
  // hold a connection well past the limits.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    // Every response carries the request's id (the caller's, when sane), the one logged and sent to CXone.
    const requestId = requestIdOf(req.headers["x-request-id"]);
    req.headers["x-request-id"] = requestId;
    res.setHeader("x-request-id", requestId);
    if (applyCors(req, res, options.corsOrigins)) return;
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const pathname = queryStart < 0 ? url : url.slice(0, queryStart);
    const search = queryStart < 0 ? "" : url.slice(queryStart);
    handle(routes, req, res, pathname, search).catch((error: unknown) => {
      logger.error({ err: error, path: pathname }, "request failed");
      if (!res.headersSent)
        sendJson(res, 500, {
          errors: [{ message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }],
        });
      else res.destroy();
    });
  });
  limitConnections(
    server,
    {
      headersTimeoutMs: options.headersTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs,
      maxPerClient: options.maxConnectionsPerClient,
    },
    options.onConnectionRefused,
  );
  return server;
}

async function handle(routes: Routes, req: IncomingMessage, res: ServerResponse, pathname: string, search: string) {
  switch (pathname) {
    case "/graphql":
      return routes.graphql(req, res, search);
    case "/healthz":
      return sendJson(res, 200, { status: "ok" });
    case "/readyz": {
      const report = await routes.readiness();
      return sendJson(res, report.ready ? 200 : 503, {
        status: report.ready ? "ready" : "not ready",
        checks: report.checks,
      });
    }
    case "/metrics": {
      const access = await routes.metricsAccess(req.headers.authorization);
      if (access !== "ok") {
        if (access.status === 401) res.setHeader("www-authenticate", 'Bearer realm="metrics"');
        return sendJson(res, access.status, {
          errors: [{ message: access.message, extensions: { code: access.code } }],
        });
      }
      const { contentType, body } = await routes.metrics();
      res.writeHead(200, { "content-type": contentType });
      res.end(body);
      return;
    }
    default:
      if (routes.pages && (await routes.pages(req, res, pathname))) return;
      return sendJson(res, 404, { error: "not found", routes: ["/graphql", "/healthz", "/readyz", "/metrics"] });
  }
}
