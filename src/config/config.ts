import { z } from "zod";

/**
 * The one place that reads the environment. Every variable is documented in the README's table; a bad
 * value fails at startup with a message naming the variable.
 */

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(262_144),

  NEO4J_URI: z.string().regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/.+/, "must be a neo4j:// or bolt:// URI").optional(),
  NEO4J_USER: z.string().min(1).default("neo4j"),
  NEO4J_PASSWORD: z.string().min(1).optional(),
  NEO4J_DATABASE: z.string().min(1).default("neo4j"),
  NEO4J_MAX_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  NEO4J_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),

  NEO4J_LOCAL_PORT: port.default(7687),
  NEO4J_LOCAL_DATA_DIR: z.string().min(1).default(".data/neo4j"),
  NEO4J_LOCAL_PASSWORD: z.string().min(8).default("agent-assist-local"),
  NEO4J_LOCAL_HEAP: z.string().regex(/^\d+[mg]$/i, "must look like 1g or 768m").default("1g"),

  KB_SEED_FILE: z.string().min(1).default("data/demo-kb.json"),
  KB_SEED_WHEN_EMPTY: bool.default("true"),
});

export type Environment = Record<string, string | undefined>;

/** Where the gateway's Neo4j comes from: a server given by NEO4J_URI, or one the project starts itself. */
export type Neo4jTarget =
  | { kind: "remote"; uri: string; user: string; password: string; database: string }
  | { kind: "local"; port: number; dataDir: string; password: string; heap: string; database: string };

export interface GatewayConfig {
  nodeEnv: "development" | "production" | "test";
  host: string;
  port: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  maxBodyBytes: number;
  neo4j: Neo4jTarget;
  neo4jPool: { maxConnectionPoolSize: number; queryTimeoutMs: number };
  kb: { seedFile: string; seedWhenEmpty: boolean };
}

/** Thrown for any invalid setting; its message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the configuration; `env` defaults to the process environment. */
export function loadConfig(env: Environment = process.env, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  const parsed = envSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.NEO4J_URI && !e.NEO4J_PASSWORD) {
    throw new ConfigError(["NEO4J_PASSWORD: required when NEO4J_URI is set"]);
  }
  const neo4j: Neo4jTarget = e.NEO4J_URI
    ? {
        kind: "remote",
        uri: e.NEO4J_URI,
        user: e.NEO4J_USER,
        password: e.NEO4J_PASSWORD as string,
        database: e.NEO4J_DATABASE,
      }
    : {
        kind: "local",
        port: e.NEO4J_LOCAL_PORT,
        dataDir: e.NEO4J_LOCAL_DATA_DIR,
        password: e.NEO4J_LOCAL_PASSWORD,
        heap: e.NEO4J_LOCAL_HEAP,
        database: "neo4j",
      };
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    neo4j,
    neo4jPool: { maxConnectionPoolSize: e.NEO4J_MAX_POOL_SIZE, queryTimeoutMs: e.NEO4J_QUERY_TIMEOUT_MS },
    kb: { seedFile: e.KB_SEED_FILE, seedWhenEmpty: e.KB_SEED_WHEN_EMPTY },
    ...overrides,
  };
}

/** An empty variable means "not set", as a shell user would expect from `FOO= npm start`. */
function stripEmpty(env: Environment): Environment {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
}
