import { SignJWT } from "jose";
import type { Driver } from "neo4j-driver";
import type { App as Gateway } from "../../src/app/startApp";
import { postGraphql, startTestGateway } from "../support/gatewayHarness";
import { openTestDriver } from "../support/neo4j";

const SECRET = "production-test-secret-0123456789abcdef";
let driver: Driver;
let prod: Gateway;
let token: string;

beforeAll(async () => {
  driver = await openTestDriver();
  prod = await startTestGateway({
    env: {
      NODE_ENV: "production",
      AUTH_JWT_SECRET: SECRET,
      CORS_ORIGINS: "https://dashboard.example.com",
      LIMIT_MAX_DEPTH: "6",
      LIMIT_MAX_ALIASES: "5",
      LIMIT_MAX_TOKENS: "400",
      LIMIT_MAX_DIRECTIVES: "5",
      LIMIT_MAX_COST: "300",
    },
  });
  token = await new SignJWT({ roles: ["kb:read", "assist:push"] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("ops")
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(SECRET));
});

afterAll(async () => {
  await prod.stop();
  await driver.close();
});

const auth = () => ({ authorization: `Bearer ${token}` });

describe("production mode", () => {
  it("refuses introspection even to an authorised caller", async () => {
    const { status, body } = await postGraphql(prod.url, "{ __schema { types { name } } }", {}, auth());
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("gives no schema hints in validation errors, with or without a token", async () => {
    for (const headers of [{}, auth()]) {
      const { status, body } = await postGraphql(prod.url, '{ suggestArticles(query: "x") { titl } }', {}, headers);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(JSON.stringify(body)).not.toMatch(/Did you mean|"title"/);
    }
  });

  it("serves no Sandbox landing page", async () => {
    const response = await fetch(prod.url, { headers: { accept: "text/html" } });
    expect(await response.text()).not.toMatch(/sandbox|embeddable-sandbox/i);
  });

  it("blocks CSRF-able requests (a simple GET without a preflight-forcing header)", async () => {
    const response = await fetch(`${prod.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: auth() });
    expect(response.status).toBe(400);
    const simplePost = await fetch(prod.url, {
      method: "POST",
      headers: { "content-type": "text/plain", ...auth() },
      body: "{}",
    });
    expect(simplePost.status).toBeGreaterThanOrEqual(400);
    expect(simplePost.status).toBeLessThan(500);
  });

  it("answers CORS only for allow-listed origins", async () => {
    const allowed = await fetch(prod.url, {
      method: "OPTIONS",
      headers: { origin: "https://dashboard.example.com", "access-control-request-method": "POST" },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://dashboard.example.com");
    const refused = await fetch(prod.url, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    const plain = await fetch(prod.url, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json", ...auth() },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("query limits", () => {
  it("refuses a query deeper than the limit", async () => {
    const deep =
      "{ searchTerms { similarTerms { similarTerms { similarTerms { similarTerms { similarTerms { keyword } } } } } } }";
    const { status, body } = await postGraphql(prod.url, deep, {}, auth());
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(body.errors?.[0]?.message).toBe(
      "This operation nests 7 levels deep; the limit is 6 (LIMIT_MAX_DEPTH). Select fewer nested fields.",
    );
  });

  it("refuses too many aliases", async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: suggestArticles(query: "x") { url }`).join(" ");
    const { body } = await postGraphql(prod.url, `{ ${aliases} }`, {}, auth());
    expect(body.errors?.[0]?.message).toMatch(/^This operation uses 6 aliases; the limit is 5 \(LIMIT_MAX_ALIASES\)/);
  });

  it("refuses too many directives, saying how many and the setting", async () => {
    const directives = Array.from({ length: 6 }, () => "@include(if: true)").join(" ");
    const { status, body } = await postGraphql(prod.url, `{ articles { url ${directives} } }`, {}, auth());
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe("This operation uses 6 directives; the limit is 5 (LIMIT_MAX_DIRECTIVES).");
  });

  it("refuses a query with too many tokens", async () => {
    const fields = Array.from({ length: 500 }, () => "url").join(" ");
    const { status, body } = await postGraphql(prod.url, `{ articles { ${fields} } }`, {}, auth());
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(body.errors?.[0]?.message).toMatch(/token/i);
  });

  it("refuses a query whose estimated cost is too high", async () => {
    const wide =
      "{ articles { resolvedBy { resolves { resolvedBy { keyword } } } relatedArticles { relatedTerms { keyword } } } }";
    const { body } = await postGraphql(prod.url, wide.replace(/keyword/g, "keyword ".repeat(60)), {}, auth());
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    // The cost and the limit and the setting, not graphql-js's "Validation aborted." nor armor's "Syntax Error:".
    expect(body.errors?.[0]?.message).toMatch(
      /^This operation's estimated cost is \d+; the limit is 300 \(LIMIT_MAX_COST\)\. Select fewer fields/,
    );
    expect(JSON.stringify(body.errors)).not.toMatch(/Syntax Error|Validation aborted/);
  });

  it("never includes a stack trace", async () => {
    const { body } = await postGraphql(prod.url, "{ nope }", {}, auth());
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|\.ts:\d+|\.js:\d+/);
  });
});
