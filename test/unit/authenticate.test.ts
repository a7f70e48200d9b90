import { SignJWT } from "jose";
import { createAuthenticator } from "../../src/platform/auth/authenticate";

const SECRET = "unit-test-secret-0123456789abcdef0123";
const key = new TextEncoder().encode(SECRET);
const authenticate = createAuthenticator({
  mode: "jwt",
  secret: SECRET,
  rolesClaim: "roles",
  clockToleranceSeconds: 30,
});
const now = () => Math.floor(Date.now() / 1000);

async function token(claims: Record<string, number | undefined>): Promise<string> {
  const jwt = new SignJWT({ roles: ["kb:read"] }).setProtectedHeader({ alg: "HS256" }).setSubject("alice");
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  return jwt.sign(key);
}

describe("JWT verification", () => {
  it("accepts a token with exp in the future", async () => {
    const result = await authenticate(`Bearer ${await token({ exp: now() + 300, iat: now() })}`);
    expect(result).toMatchObject({ caller: { subject: "alice" } });
  });

  it("refuses a token without exp (it would never expire)", async () => {
    expect(await authenticate(`Bearer ${await token({ iat: now() })}`)).toEqual({ failure: "invalid" });
  });

  it("refuses a token issued in the future beyond the clock tolerance, and accepts one within it", async () => {
    expect(await authenticate(`Bearer ${await token({ exp: now() + 3_600, iat: now() + 600 })}`)).toEqual({
      failure: "invalid",
    });
    expect(await authenticate(`Bearer ${await token({ exp: now() + 3_600, iat: now() + 10 })}`)).toMatchObject({
      caller: { subject: "alice" },
    });
  });

  it("refuses a token not valid before a time far in the future", async () => {
    expect(await authenticate(`Bearer ${await token({ exp: now() + 3_600, nbf: now() + 600 })}`)).toEqual({
      failure: "invalid",
    });
  });

  it("says expired for a token past exp plus the tolerance", async () => {
    expect(await authenticate(`Bearer ${await token({ exp: now() - 60 })}`)).toEqual({ failure: "expired" });
  });
});
