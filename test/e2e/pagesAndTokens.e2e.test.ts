import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { App } from "../../src/app/startApp";
import { projectPath } from "../../src/platform/paths";
import { postGraphql, startTestGateway } from "../support/gatewayHarness";

/*
 * The browser pages in production mode (off unless opted into, and never Apollo's raw CSRF error), what they serve
 * when on, and `npm run token` as an operator uses it against a jwt gateway.
 */

const SECRET = "a-test-signing-secret-of-at-least-32-chars";
const PRODUCTION = {
  NODE_ENV: "production",
  AUTH_MODE: "jwt",
  AUTH_JWT_SECRET: SECRET,
  AUTH_ISSUER: "https://idp.test",
};
let closed: App;
let open: App;

beforeAll(async () => {
  closed = await startTestGateway({ env: PRODUCTION });
  open = await startTestGateway({ env: { ...PRODUCTION, CONSOLE_ENABLED: "true", EXPLORER_ENABLED: "true" } });
}, 120_000);

afterAll(async () => {
  await closed?.stop();
  await open?.stop();
});

const base = (app: App) => app.url.replace(/\/graphql$/, "");
const page = (app: App, path: string, init: RequestInit = {}) =>
  fetch(`${base(app)}${path}`, { headers: { accept: "text/html" }, ...init });

async function token(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const env = { ...process.env, AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: "https://idp.test" };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", projectPath("scripts/token.ts"), ...args],
      { cwd: projectPath(), env, timeout: 60_000 },
    );
    return { status: 0, out: stdout.trim(), err: stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? -1, out: failed.stdout ?? "", err: failed.stderr ?? "" };
  }
}

describe("browser pages in production", () => {
  it("are off unless opted into, and a browser at /graphql gets a page saying so instead of a CSRF error", async () => {
    for (const path of ["/console", "/console/app.js", "/graphiql", "/graphiql/graphiql.min.js"])
      expect((await page(closed, path)).status).toBe(404);
    const landing = await page(closed, "/graphql");
    expect(landing.status).toBe(200);
    const html = await landing.text();
    expect(html).toContain("EXPLORER_ENABLED=true");
    expect(html).not.toContain("CSRF");
    const introspection = await postGraphql(closed.url, "{ __schema { queryType { name } } }");
    expect(introspection.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("with CONSOLE_ENABLED and EXPLORER_ENABLED serve the console and GraphiQL with a content security policy, and the explorer can read the schema", async () => {
    const console = await page(open, "/console");
    expect(console.status).toBe(200);
    expect(console.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await console.text()).toContain('{"authMode":"jwt","graphqlPath":"/graphql"}');
    const bundle = await page(open, "/console/app.js");
    expect(bundle.headers.get("content-type")).toContain("text/javascript");
    expect((await bundle.text()).length).toBeGreaterThan(10_000);
    for (const file of [
      "graphiql.min.js",
      "graphiql.min.css",
      "react.production.min.js",
      "react-dom.production.min.js",
      "start.js",
    ]) {
      expect((await page(open, `/graphiql/${file}`)).status).toBe(200);
    }
    expect((await page(open, "/graphiql/../package.json")).status).toBe(404);
    // Names every plain object has: the explorer's file table must not find them (they answered 500 once).
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      const response = await page(open, `/graphiql/${name}`);
      expect({ name, status: response.status }).toEqual({ name, status: 404 });
    }
    expect((await page(open, "/console", { method: "POST" })).status).toBe(405);
    const landing = await (await page(open, "/graphql")).text();
    expect(landing).toContain('href="/graphiql"');
    expect(landing).toContain('href="/console"');
    const introspection = await postGraphql(open.url, "{ __schema { queryType { name } } }");
    expect(introspection.body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });
});

describe("npm run token", () => {
  it("prints a token the gateway accepts, with the roles asked for", async () => {
    const reader = await token("--sub", "alice", "--roles", "kb:read", "--ttl", "10m");
    expect(reader.status).toBe(0);
    const headers = { authorization: `Bearer ${reader.out}` };
    expect(
      (await postGraphql(closed.url, '{ suggestArticles(query: "x") { url } }', {}, headers)).body.errors,
    ).toBeUndefined();
    const push = await postGraphql(
      closed.url,
      'mutation { pushToAgentAssist(input: { interactionId: "I-1", agentId: "a", query: "x", dryRun: true }) { status } }',
      {},
      headers,
    );
    expect(push.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", requiredRole: "assist:push" });
    const payload = JSON.parse(Buffer.from(reader.out.split(".")[1] as string, "base64url").toString()) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({ sub: "alice", roles: ["kb:read"], iss: "https://idp.test" });
    expect((payload.exp as number) - (payload.iat as number)).toBe(600);
  });

  it("refuses unknown roles, a bad --ttl and a missing --sub, with the usage", async () => {
    for (const args of [
      ["--sub", "a", "--roles", "kb:write"],
      ["--sub", "a", "--roles", "kb:read", "--ttl", "forever"],
      ["--roles", "kb:read"],
    ]) {
      const run = await token(...args);
      expect(run.status).toBe(2);
      expect(run.err).toContain("usage: npm run -s token");
      expect(run.out).toBe("");
    }
  });
});
