import { SignJWT } from "jose";
import { ConfigError, loadConfig } from "../src/platform/config/config";
import { Role } from "../src/platform/auth/roles";
import { readArgs, UsageError } from "./cliArgs";

const KNOWN_ROLES = new Set<string>(Object.values(Role));
const USAGE = `usage: npm run -s token -- --sub NAME --roles ROLE[,ROLE...] [--ttl 1h]
roles: ${[...KNOWN_ROLES].join(", ")}`;
const HELP = `${USAGE}

Prints a JWT for a person (the console, the explorer, operations), signed with AUTH_JWT_SECRET: the same secret
the gateway verifies tokens with, so export it for both. AUTH_ISSUER, AUTH_AUDIENCE and AUTH_ROLES_CLAIM are
honoured when set. --ttl: 30s, 15m, 1h, 7d (at most 30d).`;
const SECRET_MISSING =
  "npm run token signs with AUTH_JWT_SECRET, the secret the gateway verifies tokens with, and it is not set.\n" +
  "Use the gateway's value, for example:\n" +
  "  export AUTH_JWT_SECRET=$(openssl rand -hex 32)   # then start the gateway with AUTH_MODE=jwt in the same shell";

/** `--ttl`: 30s, 15m, 1h, 7d (at most 30 days). */
function ttlSeconds(value: string): number {
  const match = /^(\d+)([smhd])$/.exec(value.trim());
  if (!match) throw new UsageError(`--ttl: "${value}" is not a duration like 30m, 1h or 7d`);
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3_600, d: 86_400 }[match[2] as "s" | "m" | "h" | "d"];
  if (seconds < 1 || seconds > 30 * 86_400) throw new UsageError("--ttl must be between 1s and 30d");
  return seconds;
}

/**
 * `npm run token`: prints a JWT for a person (local use, operations, the console), signed with AUTH_JWT_SECRET and
 * carrying AUTH_ISSUER / AUTH_AUDIENCE when those are set, so the gateway with the same settings accepts it.
 */
async function main(): Promise<void> {
  const { values } = readArgs({ sub: { type: "string" }, roles: { type: "string" }, ttl: { type: "string" } }, HELP);
  const sub = values.sub;
  if (!sub) throw new UsageError("--sub is required");
  const roles = (values.roles ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  if (roles.length === 0) throw new UsageError("--roles is required (comma-separated)");
  const unknown = roles.filter((r) => !KNOWN_ROLES.has(r));
  if (unknown.length > 0)
    throw new UsageError(`unknown role ${unknown.join(", ")}; roles are ${[...KNOWN_ROLES].join(", ")}`);
  const ttl = ttlSeconds(values.ttl ?? "1h");
  if (!process.env.AUTH_JWT_SECRET) throw new UsageError(SECRET_MISSING);
  const config = loadConfig({ ...process.env, AUTH_MODE: "jwt" });
  const auth = config.auth;
  if (auth.mode !== "jwt" || !auth.secret)
    throw new UsageError("AUTH_JWT_SECRET must be set (the secret the gateway verifies tokens with)");
  // AUTH_ROLES_CLAIM may name a nested claim (realm_access.roles): build the nesting it reads.
  const claims = auth.rolesClaim.split(".").reduceRight<unknown>((inner, key) => ({ [key]: inner }), roles) as Record<
    string,
    unknown
  >;
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`);
  if (auth.issuer) jwt = jwt.setIssuer(auth.issuer);
  if (auth.audience) jwt = jwt.setAudience(auth.audience);
  console.log(await jwt.sign(new TextEncoder().encode(auth.secret)));
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
  else if (error instanceof ConfigError) console.error(error.message);
  else console.error(`token failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
