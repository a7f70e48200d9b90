import type { IncomingMessage, ServerResponse } from "node:http";
import { Router } from "../../src/platform/http/router";

/** A request of `method` and a response that records what was written (the router needs nothing else). */
function exchange(method: string) {
  const written: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const res = {
    writeHead: (status: number, headers: Record<string, string>) => Object.assign(written, { status, headers }),
    end: (body?: string) => Object.assign(written, { body }),
  } as unknown as ServerResponse;
  return { req: { method } as IncomingMessage, res, written };
}

describe("Router", () => {
  const calls: string[] = [];
  const router = new Router<string>()
    .on("GET", "/page", (_req, _res, ctx) => calls.push(`page ${ctx}`))
    .on("*", "/graphql", () => calls.push("graphql"))
    .match("POST", /^\/items\/([^/]+)$/, (_req, _res, _ctx, found) => calls.push(`item ${found[1]}`))
    .mount("/console", (req) => calls.push(`console ${req.method}`));

  beforeEach(() => calls.splice(0));

  it("dispatches exact paths by method, with * for any method and HEAD served by GET", async () => {
    for (const method of ["GET", "HEAD"])
      expect(await router.route(exchange(method).req, exchange(method).res, "/page", "ctx")).toBe(true);
    for (const method of ["GET", "POST", "DELETE"])
      await router.route(exchange(method).req, exchange(method).res, "/graphql", "");
    expect(calls).toEqual(["page ctx", "page ctx", "graphql", "graphql", "graphql"]);
  });

  it("answers 405 with Allow when the path is known but the method is not", async () => {
    const { req, res, written } = exchange("POST");
    expect(await router.route(req, res, "/page", "")).toBe(true);
    expect(written).toMatchObject({ status: 405, headers: { allow: "GET, HEAD" } });
    expect(calls).toEqual([]);
  });

  it("passes a pattern's groups, and mounts a prefix for the path and everything below it only", async () => {
    const { req, res } = exchange("POST");
    await router.route(req, res, "/items/42", "");
    await router.route(req, res, "/console", "");
    await router.route(req, res, "/console/app.js", "");
    expect(await router.route(req, res, "/consoles", "")).toBe(false);
    expect(await router.route(req, res, "/items/42/x", "")).toBe(false);
    expect(calls).toEqual(["item 42", "console POST", "console POST"]);
  });
});
