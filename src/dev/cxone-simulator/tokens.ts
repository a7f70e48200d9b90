import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";

interface IssuedToken {
  expiresAt: number;
  scopes: string[];
}

/** Access tokens the simulator has issued, with their expiry and scopes. */
export class TokenBook {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly history: string[] = [];
  private readonly signingKey = randomBytes(32);

  issue(ttlSeconds: number, scopes: string[]): string {
    const token = `sim_${randomBytes(24).toString("base64url")}`;
    this.tokens.set(token, { expiresAt: Date.now() + ttlSeconds * 1000, scopes });
    this.history.push(token);
    return token;
  }

  /** The token's scopes when it is known and unexpired; undefined otherwise. */
  check(authorization: string | undefined): string[] | undefined {
    const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
    const issued = token ? this.tokens.get(token) : undefined;
    if (!issued || Date.now() >= issued.expiresAt) return undefined;
    return issued.scopes;
  }

  all(): string[] {
    return [...this.history];
  }

  /** Expires every issued token now, as if CXone had revoked them. */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** An id_token like CXone's: a JWT whose claims carry tenantId and area. */
  idToken(claims: {
    issuer: string;
    subject: string;
    audience: string;
    tenantId: string;
    area: string;
    ttlSeconds: number;
  }): Promise<string> {
    return new SignJWT({ tenantId: claims.tenantId, area: claims.area })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(claims.issuer)
      .setSubject(claims.subject)
      .setAudience(claims.audience)
      .setIssuedAt()
      .setExpirationTime(`${claims.ttlSeconds}s`)
      .sign(this.signingKey);
  }
}
