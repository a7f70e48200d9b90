import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOWED_HEADERS = "content-type, authorization, x-request-id, apollo-require-preflight";

/**
 * CORS for an explicit allow-list of origins: an allowed origin gets the headers (and its preflight a 204);
 * any other origin gets no CORS headers, so browsers refuse to hand it the response. Returns true when the
 * request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  const permitted = typeof origin === "string" && allowed.includes(origin);
  if (permitted) {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("vary", "origin");
  }
  if (req.method !== "OPTIONS" || !req.headers["access-control-request-method"]) return false;
  if (permitted) {
    res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    res.setHeader("access-control-allow-headers", ALLOWED_HEADERS);
    res.setHeader("access-control-max-age", "600");
  }
  res.writeHead(permitted ? 204 : 403);
  res.end();
  return true;
}
