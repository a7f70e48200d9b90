import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { AuthConfig } from "../config/config";
import { ANONYMOUS_ADMIN, type Caller } from "./roles";

/** The outcome of reading a request's credentials: a caller, or why there is none. */
export type Authentication = { caller: Caller } | { failure: "missing" | "invalid" | "expired" };

export type Authenticator = (authorization: string | undefined) => Promise<Authentication>;

/**
 * Verifies `Authorization: Bearer <JWT>` once per request with jose: HS256 with the configured secret, or
 * RS256/ES256 with keys from the JWKS URL. `exp` is required (a token without it would never expire); `exp`, `nbf`
 * and `iat` are checked with the configured clock tolerance (an `iat` in the future is refused); `iss` and `aud`
 * when configured. `alg: none` and any algorithm outside that list are refused.
 */
export function createAuthenticator(config: AuthConfig): Authenticator {
  if (config.mode === "none") return async () => ({ caller: ANONYMOUS_ADMIN });
  const secret = config.secret ? new TextEncoder().encode(config.secret) : undefined;
  const jwks = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 })
    : undefined;
  const options = {
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: config.audience } : {}),
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ["exp"],
  };
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (!token) return { failure: "missing" };
    try {
      const payload = await verify(token, secret, jwks, options);
      if (typeof payload.iat === "number" && payload.iat > Date.now() / 1000 + config.clockToleranceSeconds)
        return { failure: "invalid" };
      return {
        caller: {
          subject: String(payload.sub ?? "unknown"),
          roles: rolesOf(payload, config.rolesClaim),
          ...(typeof payload.exp === "number"
            ? { expiresAt: (payload.exp + config.clockToleranceSeconds) * 1000 }
            : {}),
        },
      };
    } catch (error) {
      return { failure: error instanceof errors.JWTExpired ? "expired" : "invalid" };
    }
  };
}

async function verify(
  token: string,
  secret: Uint8Array | undefined,
  jwks: JWTVerifyGetKey | undefined,
  options: { issuer?: string; audience?: string; clockTolerance: number; requiredClaims: string[] },
): Promise<JWTPayload> {
  // With both configured, the token's own header decides which key family applies.
  const alg = headerAlg(token);
  if (secret && (alg === "HS256" || !jwks)) {
    return (await jwtVerify(token, secret, { ...options, algorithms: ["HS256"] })).payload;
  }
  if (jwks) return (await jwtVerify(token, jwks, { ...options, algorithms: ["RS256", "ES256"] })).payload;
  throw new Error("no key configured");
}

function headerAlg(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as {
      alg?: unknown;
    };
    return typeof header.alg === "string" ? header.alg : undefined;
  } catch {
    return undefined;
  }
}

/** Roles from the configured claim: an array of strings, or one space-separated string. */
function rolesOf(payload: JWTPayload, claim: string): ReadonlySet<string> {
  const value = claim
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], payload);
  if (Array.isArray(value)) return new Set(value.filter((r): r is string => typeof r === "string"));
  if (typeof value === "string") return new Set(value.split(" ").filter(Boolean));
  return new Set();
}
