import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { loadConsoleAssets, type ConsoleAssets } from "./consoleAssets";
import { explorerFile } from "./explorerAssets";
import { Router } from "../../platform/http/router";
import { consoleHtml, explorerHtml, EXPLORER_START } from "./pageHtml";

export interface PagesOptions {
  /** The supervisor console at /console. */
  console: boolean;
  /** GraphiQL at /graphiql. */
  explorer: boolean;
  authMode: "jwt" | "none";
}

/** Serves a page route (through the platform's router); false when `pathname` is not one (the caller answers 404). */
export type PagesRoute = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;

const HTML_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};
const CONSOLE_CSP =
  "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
// GraphiQL sets inline styles and inlines its icons.
const EXPLORER_CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";

/**
 * The pages people open in a browser: the supervisor console (/console) and the offline explorer (/graphiql).
 * Every file is served by the gateway itself (no CDN), so both work without the internet.
 */
export function createPages(options: PagesOptions, logger: Logger): PagesRoute {
  let assets: Promise<ConsoleAssets> | undefined;
  const consoleAssets = () => {
    assets ??= loadConsoleAssets().catch((error: unknown) => {
      assets = undefined;
      throw error;
    });
    return assets;
  };
  if (options.console)
    consoleAssets().catch((error: unknown) => logger.error({ err: error }, "the console could not be built"));

  const router = new Router<string>();
  const refuse = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      res.end("method not allowed");
      return true;
    }
    return false;
  };
  const notFound = (res: ServerResponse) =>
    send(res, 404, { "content-type": "text/plain; charset=utf-8" }, "not found");
  if (options.console) {
    const page = (_req: IncomingMessage, res: ServerResponse) =>
      send(res, 200, { ...HTML_HEADERS, "content-security-policy": CONSOLE_CSP }, consoleHtml(options.authMode));
    router
      .on("GET", "/console", page)
      .on("GET", "/console/", page)
      .on("GET", "/console/app.js", async (_req, res) =>
        send(res, 200, asset("text/javascript; charset=utf-8"), (await consoleAssets()).js),
      )
      .on("GET", "/console/app.css", async (_req, res) =>
        send(res, 200, asset("text/css; charset=utf-8"), (await consoleAssets()).css),
      )
      .mount("/console", (req, res) => refuse(req, res) || notFound(res));
  }
  if (options.explorer) {
    const page = (_req: IncomingMessage, res: ServerResponse) =>
      send(res, 200, { ...HTML_HEADERS, "content-security-policy": EXPLORER_CSP }, explorerHtml(options.authMode));
    router
      .on("GET", "/graphiql", page)
      .on("GET", "/graphiql/", page)
      .on("GET", "/graphiql/start.js", (_req, res) =>
        send(res, 200, asset("text/javascript; charset=utf-8"), EXPLORER_START),
      )
      .mount("/graphiql", (req, res, pathname) => {
        if (refuse(req, res)) return;
        const file = explorerFile(pathname.slice("/graphiql/".length));
        if (!file) return notFound(res);
        return send(res, 200, asset(file.type, 86_400), file.body);
      });
  }
  return (req, res, pathname) => router.route(req, res, pathname, pathname);
}

function asset(type: string, maxAgeSeconds = 0): Record<string, string> {
  return {
    "content-type": type,
    "cache-control": maxAgeSeconds > 0 ? `public, max-age=${maxAgeSeconds}` : "no-cache",
    "x-content-type-options": "nosniff",
  };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): true {
  res.writeHead(status, headers);
  res.end(res.req.method === "HEAD" ? undefined : body);
  return true;
}
