import { ErrorCode } from "../errors/codes";
import { timingSafeEqual } from "node:crypto";
import type { AuthConfig } from "../config/config";
import type { MetricsAccess } from "../http/httpServer";
import type { Authenticator } from "./authenticate";
import { Role } from "./roles";

/**
 * Who may read /metrics. With AUTH_MODE=none, anyone (local use). With AUTH_MODE=jwt: a bearer token that is
 * METRICS_BEARER_TOKEN (for scrapers, compared in constant time) or a JWT with the `metrics:read` role.
 */
export function createMetricsAccess(
  auth: AuthConfig,
  authenticate: Authenticator,
  staticToken?: string,
): MetricsAccess {
  if (auth.mode === "none") return async () => "ok";
  const expected = staticToken ? Buffer.from(staticToken) : undefined;
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (!token)
      return {
        status: 401,
        code: ErrorCode.UNAUTHENTICATED,
        message: "Authentication required: send Authorization: Bearer <token>.",
      };
    if (expected) {
      const given = Buffer.from(token);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return "ok";
    }
    const result = await authenticate(authorization);
    if ("failure" in result)
      return { status: 401, code: ErrorCode.UNAUTHENTICATED, message: "The bearer token is invalid or has expired." };
    if (!result.caller.roles.has(Role.METRICS_READ)) {
      return {
        status: 403,
        code: ErrorCode.FORBIDDEN,
        message: `Reading metrics needs the role ${Role.METRICS_READ}.`,
      };
    }
    return "ok";
  };
}
