import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from "jose";
import type { Driver } from "neo4j-driver";
import type { App as Gateway } from "../../src/app/startApp";
import { postGraphql, startTestGateway } from "../support/gatewayHarness";
import { openTestDriver } from "../support/neo4j";

const SECRET = "a-test-signing-secret-of-at-least-32-chars";
const ISSUER = "https://idp.test";
const AUDIENCE = "agent-assist-gateway";
const QUERY = '{ suggestArticles(query: "anything") { url } }';
const MUTATION =
  'mutation { pushToAgentAssist(input: {interactionId: "I-1", query: "x", agentId: "a", dryRun: true}) { status } }';

let driver: Driver;
let hsGateway: Gateway;
let jwksGateway: Gateway;
let jwksServer: Server;
let rsaKey: KeyLike;
let ecKey: KeyLike;
let strangerKey: KeyLike;

function hs256(
  claims: Record<string, unknown>,
  options: { expiresIn?: string; issuer?: string; audience?: string; secret?: string } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("supervisor-1")
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "5m")
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

function signed(key: KeyLike, alg: "RS256" | "ES256", kid: string, claims: Record<string, unknown>) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid })
    .setSubject("kb-tool")
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime("5m")
    .sign(key);
}

async function call(gateway: Gateway, query: string, token?: string) {
  return postGraphql(gateway.url, query, {}, token ? { authorization: `Bearer ${token}` } : {});
}

beforeAll(async () => {
  driver = await openTestDriver();
  const rsa = await generateKeyPair("RS256");
  const ec = await generateKeyPair("ES256");
  strangerKey = (await generateKeyPair("RS256")).privateKey;
  rsaKey = rsa.privateKey;
  ecKey = ec.privateKey;
  const keys: JWK[] = [
    { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" },
    { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" },
  ];
  jwksServer = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  const base = { AUTH_MODE: "jwt", AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE };
  hsGateway = await startTestGateway({ env: { ...base, AUTH_JWT_SECRET: SECRET } });
  jwksGateway = await startTestGateway({ env: { ...base, AUTH_JWKS_URL: jwksUrl } });
});

afterAll(async () => {
  await hsGateway.stop();
  await jwksGateway.stop();
  jwksServer.close();
  await driver.close();
});

describe("HS256 bearer tokens", () => {
  it("let a caller with kb:read query", async () => {
    const { status, body } = await call(hsGateway, QUERY, await hs256({ roles: ["kb:read"] }));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it("let a caller with assist:push push, and not query without kb:read", async () => {
    const token = await hs256({ roles: "assist:push" });
    expect((await call(hsGateway, MUTATION, token)).body.errors).toBeUndefined();
    const query = await call(hsGateway, QUERY, token);
    expect(query.status).toBe(403);
    expect(query.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", requiredRole: "kb:read" });
  });

  it("refuse a push without assist:push as FORBIDDEN", async () => {
    const { status, body } = await call(hsGateway, MUTATION, await hs256({ roles: ["kb:read"] }));
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it.each([
    ["no token", async () => undefined],
    ["an expired token", async () => hs256({ roles: ["kb:read"] }, { expiresIn: "-1m" })],
    ["a wrong audience", async () => hs256({ roles: ["kb:read"] }, { audience: "someone-else" })],
    ["a wrong issuer", async () => hs256({ roles: ["kb:read"] }, { issuer: "https://evil.test" })],
    ["another secret", async () => hs256({ roles: ["kb:read"] }, { secret: "x".repeat(40) })],
    [
      "a tampered payload",
      async () => {
        const [header, , signature] = (await hs256({ roles: ["kb:read"] })).split(".");
        const payload = Buffer.from(
          JSON.stringify({ sub: "x", roles: ["kb:read", "assist:push"], iss: ISSUER, aud: AUDIENCE, exp: 9e9 }),
        ).toString("base64url");
        return `${header}.${payload}.${signature}`;
      },
    ],
    [
      "alg: none",
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
        return `${enc({ alg: "none", typ: "JWT" })}.${enc({ sub: "x", roles: ["kb:read"], iss: ISSUER, aud: AUDIENCE, exp: 9e9 })}.`;
      },
    ],
  ])("refuse %s as UNAUTHENTICATED (401)", async (_case, token) => {
    const { status, body } = await call(hsGateway, QUERY, await token());
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions).toEqual({ code: "UNAUTHENTICATED" });
    expect(body.data).toBeUndefined();
  });

  it("allow schema introspection without a token outside production (Sandbox needs it)", async () => {
    const { body } = await call(hsGateway, "{ __schema { queryType { name } } }");
    expect(body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });
});

describe("RS256/ES256 bearer tokens from a JWKS", () => {
  it("accept RS256 and ES256 tokens signed by keys the JWKS holds", async () => {
    expect(
      (await call(jwksGateway, QUERY, await signed(rsaKey, "RS256", "rsa-1", { roles: ["kb:read"] }))).body.errors,
    ).toBeUndefined();
    expect(
      (await call(jwksGateway, QUERY, await signed(ecKey, "ES256", "ec-1", { roles: ["kb:read"] }))).body.errors,
    ).toBeUndefined();
  });

  it("refuse a token signed by a key the JWKS does not hold", async () => {
    const { status } = await call(
      jwksGateway,
      QUERY,
      await signed(strangerKey, "RS256", "rsa-1", { roles: ["kb:read"] }),
    );
    expect(status).toBe(401);
  });

  it("refuse an HS256 token when only a JWKS is configured", async () => {
    expect((await call(jwksGateway, QUERY, await hs256({ roles: ["kb:read"] }))).status).toBe(401);
  });

  it("refuse a valid token missing the role", async () => {
    const { status, body } = await call(
      jwksGateway,
      MUTATION,
      await signed(rsaKey, "RS256", "rsa-1", { roles: ["kb:read"] }),
    );
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
