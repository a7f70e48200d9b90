import { ErrorCode } from "../errors/codes";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { applyCors } from "./cors";
import { limitConnections } from "./connectionLimits";
import { requestIdOf } from "./requestId";
import { Router } from "./router";
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
  /** The pages that are on, for the 404's list of what exists. */
  pagePaths?: string[];
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
  const router = createRouter(routes);
  // Node checks request and header timeouts on this interval; its default (30 s) would let a slow client
  // hold a connection well past the limits.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    // Every response carries the request's id (the caller's, when sane), the one logged and sent to CXone.
    const requestId = requestIdOf(req.headers["x-request-id"]);
    req.headers["x-request-id"] = requestId;
    res.setHeader("x-request-id", requestId);
    if (applyCors(req, res, options.corsOrigins)) return;
    const url = req.url ?? "/";
    const pathname = pathOf(url);
    const search = url.slice(pathname.length);
    router
      .route(req, res, pathname, { pathname, search })
      .then((routed) => routed || notFound(res, routes.pagePaths))
      .catch((error: unknown) => {
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

/** What the server read from the request line before routing: the path and the query string (for /graphql). */
interface RequestPath {
  pathname: string;
  search: string;
}

function createRouter(routes: Routes): Router<RequestPath> {
  const router = new Router<RequestPath>()
    .on("*", "/graphql", (req, res, { search }) => routes.graphql(req, res, search))
    .on("*", "/healthz", (_req, res) => sendJson(res, 200, { status: "ok" }))
    .on("*", "/readyz", async (_req, res) => {
      const report = await routes.readiness();
      sendJson(res, report.ready ? 200 : 503, { status: report.ready ? "ready" : "not ready", checks: report.checks });
    })
    .on("*", "/metrics", async (req, res) => {
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
    });
  const pages = routes.pages;
  if (pages) {
    const page = async (req: IncomingMessage, res: ServerResponse, { pathname }: RequestPath) => {
      if (!(await pages(req, res, pathname))) notFound(res, routes.pagePaths);
    };
    router.mount("/console", page).mount("/graphiql", page);
  }
  return router;
}

const API_PATHS = ["/graphql", "/healthz", "/readyz", "/metrics"];

/** 404 with what does exist here (the pages only when they are on). */
function notFound(res: ServerResponse, pagePaths: readonly string[] = []): void {
  sendJson(res, 404, { error: "not found", routes: [...API_PATHS, ...pagePaths] });
}

function pathOf(url: string): string {
  const queryStart = url.indexOf("?");
  return queryStart < 0 ? url : url.slice(0, queryStart);
}
