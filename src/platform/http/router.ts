import type { IncomingMessage, ServerResponse } from "node:http";

/** Answers one request; `context` is what the server read before routing (the path, a body, ...). */
export type RouteHandler<C> = (req: IncomingMessage, res: ServerResponse, context: C) => unknown;

interface PatternRoute<C> {
  method: string;
  pattern: RegExp;
  handle: (req: IncomingMessage, res: ServerResponse, context: C, match: RegExpExecArray) => unknown;
}

/**
 * The one HTTP router of the gateway, its pages and the CXone simulator: exact paths (a map lookup, the hot path),
 * path prefixes (a sub-tree such as /console/...) and patterns with parameters. A method of "*" takes any method.
 * `route` resolves false when nothing matched (the caller answers 404), and answers 405 with `Allow` itself when
 * the path is known but the method is not.
 */
export class Router<C> {
  private readonly exact = new Map<string, Map<string, RouteHandler<C>>>();
  private readonly prefixes: { prefix: string; handle: RouteHandler<C> }[] = [];
  private readonly patterns: PatternRoute<C>[] = [];

  /** `path` exactly, for `method` ("*": any). */
  on(method: string, path: string, handle: RouteHandler<C>): this {
    const methods = this.exact.get(path) ?? new Map<string, RouteHandler<C>>();
    methods.set(method, handle);
    this.exact.set(path, methods);
    return this;
  }

  /** Every method on `prefix` and below it (`/console`, `/console/app.js`); the handler checks methods itself. */
  mount(prefix: string, handle: RouteHandler<C>): this {
    this.prefixes.push({ prefix, handle });
    return this;
  }

  /** Paths matching `pattern` (anchored by the caller), for `method`; the handler gets the match's groups. */
  match(method: string, pattern: RegExp, handle: PatternRoute<C>["handle"]): this {
    this.patterns.push({ method, pattern, handle });
    return this;
  }

  /** Runs the handler for the request's method and `pathname`; false when no route has the path. */
  async route(req: IncomingMessage, res: ServerResponse, pathname: string, context: C): Promise<boolean> {
    const method = req.method ?? "GET";
    const methods = this.exact.get(pathname);
    if (methods) {
      const handle = methods.get(method) ?? methods.get("*") ?? (method === "HEAD" ? methods.get("GET") : undefined);
      if (handle) await handle(req, res, context);
      else {
        const allowed = [...methods.keys()];
        if (allowed.includes("GET") && !allowed.includes("HEAD")) allowed.push("HEAD");
        res.writeHead(405, { allow: allowed.join(", "), "content-type": "text/plain; charset=utf-8" });
        res.end("method not allowed");
      }
      return true;
    }
    for (const { method: wanted, pattern, handle } of this.patterns) {
      const found = wanted === method || wanted === "*" ? pattern.exec(pathname) : null;
      if (found) {
        await handle(req, res, context, found);
        return true;
      }
    }
    const mounted = this.prefixes.find(({ prefix }) => pathname === prefix || pathname.startsWith(`${prefix}/`));
    if (!mounted) return false;
    await mounted.handle(req, res, context);
    return true;
  }
}
