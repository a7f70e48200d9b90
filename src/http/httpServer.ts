import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { applyCors } from "./cors";
import { sendJson } from "./sendJson";

/** A readiness probe: resolves to a report; `ready: false` answers 503. */
export type ReadinessCheck = () => Promise<{ ready: boolean; checks: Record<string, string> }>;

export interface Routes {
  graphql: (req: IncomingMessage, res: ServerResponse, search: string) => Promise<void>;
  readiness: ReadinessCheck;
  metrics: () => Promise<{ contentType: string; body: string }>;
}

/** The gateway's HTTP surface: /graphql, /healthz (alive), /readyz (dependencies reachable), /metrics. */
export function createHttpServer(routes: Routes, logger: Logger, options: { corsOrigins: readonly string[] }): Server {
  return createServer((req, res) => {
    if (applyCors(req, res, options.corsOrigins)) return;
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const pathname = queryStart < 0 ? url : url.slice(0, queryStart);
    const search = queryStart < 0 ? "" : url.slice(queryStart);
    handle(routes, req, res, pathname, search).catch((error: unknown) => {
      logger.error({ err: error, path: pathname }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      else res.destroy();
    });
  });
}

async function handle(routes: Routes, req: IncomingMessage, res: ServerResponse, pathname: string, search: string) {
  switch (pathname) {
    case "/graphql":
      return routes.graphql(req, res, search);
    case "/healthz":
      return sendJson(res, 200, { status: "ok" });
    case "/readyz": {
      const report = await routes.readiness();
      return sendJson(res, report.ready ? 200 : 503, { status: report.ready ? "ready" : "not ready", checks: report.checks });
    }
    case "/metrics": {
      const { contentType, body } = await routes.metrics();
      res.writeHead(200, { "content-type": contentType });
      res.end(body);
      return;
    }
    default:
      return sendJson(res, 404, { error: "not found", routes: ["/graphql", "/healthz", "/readyz", "/metrics"] });
  }
}
