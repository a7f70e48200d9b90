import { z } from "zod";
import type { Backoff } from "../resilience/backoff";

/**
 * The one place that reads the environment. Every variable is documented in the README's table; a bad
 * value fails at startup with a message naming the variable.
 */

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const port = z.coerce.number().int().min(0).max(65535);

const httpUrl = z
  .string()
  .url()
  .regex(/^https?:\/\//, "must be an http(s) URL")
  .transform((u) => u.replace(/\/+$/, ""));

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(262_144),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  HTTP_MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(256),
  METRICS_BEARER_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),

  NEO4J_URI: z
    .string()
    .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/.+/, "must be a neo4j:// or bolt:// URI")
    .optional(),
  NEO4J_USER: z.string().min(1).default("neo4j"),
  NEO4J_PASSWORD: z.string().min(1).optional(),
  NEO4J_DATABASE: z.string().min(1).default("neo4j"),
  NEO4J_MAX_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  NEO4J_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  NEO4J_MAX_CONCURRENT: z.coerce.number().int().min(1).max(1000).optional(),
  NEO4J_QUEUE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(500),
  NEO4J_QUEUE_WAIT_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),

  NEO4J_LOCAL_PORT: port.default(7687),
  NEO4J_LOCAL_DATA_DIR: z.string().min(1).default(".data/neo4j"),
  NEO4J_LOCAL_PASSWORD: z.string().min(8).default("agent-assist-local"),
  NEO4J_LOCAL_HEAP: z
    .string()
    .regex(/^\d+[mg]$/i, "must look like 1g or 768m")
    .default("1g"),

  AUTH_MODE: z.enum(["jwt", "none"]).optional(),
  AUTH_JWT_SECRET: z.string().min(32, "must be at least 32 characters (HS256 needs 256 bits)").optional(),
  AUTH_JWKS_URL: httpUrl.optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  AUTH_ROLES_CLAIM: z.string().min(1).default("roles"),
  AUTH_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30),
  CORS_ORIGINS: z.string().default(""),
  LIMIT_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(8),
  LIMIT_MAX_ALIASES: z.coerce.number().int().min(0).max(1_000).default(15),
  LIMIT_MAX_TOKENS: z.coerce.number().int().min(50).max(100_000).default(2_000),
  LIMIT_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1_000).default(20),
  LIMIT_MAX_COST: z.coerce.number().int().min(10).max(1_000_000).default(5_000),
  TRUSTED_DOCUMENTS: z.enum(["off", "allow", "require"]).default("off"),
  GRAPHQL_EXECUTION: z.enum(["jit", "graphql-js"]).default("jit"),
  TRUSTED_DOCUMENTS_PATH: z.string().min(1).optional(),

  KB_SEED_FILE: z.string().min(1).default("data/demo-kb.json"),
  KB_SEED_WHEN_EMPTY: bool.default("true"),
  KB_FEEDBACK_WEIGHT: z.coerce.number().min(0).max(100).default(2),
  KB_STALE_AFTER_DAYS: z.coerce.number().min(1).max(36_500).default(365),
  KB_GAP_FLUSH_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  KB_TERM_REFRESH_MS: z.coerce.number().int().min(100).max(600_000).default(1_000),
  KB_SEARCH_RANK: z.enum(["PRIORITY", "LEARNED", "RELEVANCE"]).default("PRIORITY"),
  KB_TEXT_RANK: z.enum(["PRIORITY", "LEARNED", "RELEVANCE"]).default("RELEVANCE"),
  KB_LEARNED_MIN_HELPFUL: z.coerce.number().int().min(1).max(1_000).default(3),
  SUGGEST_CACHE_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  SUGGEST_CACHE_MAX_MB: z.coerce.number().min(1).max(4_096).default(64),
  SUGGEST_CACHE_TTL_MS: z.coerce.number().int().min(10).max(1_000).default(1_000),
  LOG_REQUEST_SAMPLE: z.coerce.number().min(0).max(1).default(0.01),
  CARD_REASON: bool.default("false"),
  CONSOLE_ENABLED: bool.optional(),
  EXPLORER_ENABLED: bool.optional(),

  CXONE_AUTH_MODE: z.enum(["client-credentials", "access-key"]).default("client-credentials"),
  CXONE_DELIVERY: z.enum(["content", "studio-signal"]).optional(),
  CXONE_BASE_URL: httpUrl.optional(),
  CXONE_CLIENT_ID: z.string().min(1).optional(),
  CXONE_CLIENT_SECRET: z.string().min(1).optional(),
  CXONE_SCOPES: z.string().min(1).default("agentassist:interactions:write agentassist:read"),
  CXONE_ISSUER: httpUrl.default("https://cxone.niceincontact.com"),
  CXONE_ACCESS_KEY_ID: z.string().min(1).optional(),
  CXONE_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  CXONE_API_ENDPOINT: httpUrl.optional(),
  CXONE_PUSH_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  CXONE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  CXONE_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(10_000).default(200),
  CXONE_RETRY_AFTER_CAP_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  CXONE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  CXONE_RESPONSE_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(5_000),
  CXONE_TOKEN_MARGIN_S: z.coerce.number().int().min(0).max(3_600).default(60),
  CXONE_BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(8),
  CXONE_MAX_PUSHES_PER_SECOND: z.coerce.number().positive().max(10_000).default(100),
  CXONE_PUSH_BURST: z.coerce.number().int().min(1).max(10_000).default(50),
  CXONE_BREAKER_ERROR_PERCENT: z.coerce.number().min(1).max(100).default(50),
  CXONE_BREAKER_MIN_PUSHES: z.coerce.number().int().min(1).max(10_000).default(10),
  CXONE_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  CXONE_SIMULATOR: z.enum(["auto", "off"]).default("auto"),
  CXONE_TARGET_ID: z
    .string()
    .regex(/^[A-Za-z0-9@:/._~-]{1,200}$/, "1-200 letters, digits and @:/._~-")
    .refine((v) => !v.startsWith("simulator@"), "simulator@ names the development simulator")
    .optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default("agent-assist-gateway"),
  OTEL_SDK_DISABLED: z.enum(["true", "false"]).default("false"),
  PUSH_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
  PUSH_RETENTION_DAYS: z.coerce.number().min(0.0001).max(3_650).default(30),
  PUSH_DELIVERER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  PUSH_DELIVERER_BATCH: z.coerce.number().int().min(1).max(500).default(50),
  PUSH_RETRY_BASE_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  PUSH_RETRY_MAX_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  PUSH_CALLER_SHARE: z.coerce.number().gt(0).max(1).default(0.5),
  PUSH_QUEUED_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  PUSH_QUEUED_PER_CALLER: z.coerce.number().int().min(1).max(1_000_000).optional(),
  CXONE_SIMULATOR_PORT: port.default(4010),
  CXONE_SIMULATOR_GATEWAY_URL: httpUrl.optional(),
  CXONE_SIMULATOR_GATEWAY_TOKEN: z.string().min(1).optional(),
});

export type Environment = Record<string, string | undefined>;

/** Where the gateway's Neo4j comes from: a server given by NEO4J_URI, or one the project starts itself. */
export type Neo4jTarget =
  | { kind: "remote"; uri: string; user: string; password: string; database: string }
  | { kind: "local"; port: number; dataDir: string; password: string; heap: string; database: string };

/** How the gateway authenticates to CXone: contract A (the default) or B (the platform's access keys). */
export type CxoneAuth =
  | { mode: "client-credentials"; baseUrl: string; clientId: string; clientSecret: string; scopes: string }
  | {
      mode: "access-key";
      issuer: string;
      clientId: string;
      clientSecret: string;
      accessKeyId: string;
      accessKeySecret: string;
      apiEndpoint?: string;
    };

/** Everything the push path needs; absent when CXone is not configured (queries still work). */
export interface CxoneConfig {
  auth: CxoneAuth;
  delivery: "content" | "studio-signal";
  pushDeadlineMs: number;
  retry: { maxAttempts: number; backoffBaseMs: number; retryAfterCapMs: number };
  /** The gateway's own push rate limit (per process), kept under CXone's quota; retries take slots too. */
  quota: { pushesPerSecond: number; burst: number };
  /** Opens after `errorPercent` of at least `minPushes` pushes in 10 s failed on CXone's side; probes after `resetMs`. */
  breaker: { errorPercent: number; minPushes: number; resetMs: number };
  timeouts: { connectMs: number; responseMs: number };
  tokenMarginSeconds: number;
  batchConcurrency: number;
  /** CXONE_TARGET_ID: names the target instead of the id derived from its address (see cxoneTarget.ts). */
  targetId?: string;
}

/** Who may call: JWT bearer tokens (HS256 secret or a JWKS for RS256/ES256), or nobody checked (demo only). */
export type AuthConfig =
  | { mode: "none" }
  | {
      mode: "jwt";
      secret?: string;
      jwksUrl?: string;
      issuer?: string;
      audience?: string;
      rolesClaim: string;
      /** Seconds of clock difference allowed for exp, nbf and iat. */
      clockToleranceSeconds: number;
    };

/** Query limits enforced before execution (graphql-armor). */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  /**
   * Trusted documents (TRUSTED_DOCUMENTS): `off`, `allow` (clients may send a trusted document's id instead of its
   * text) or `require` (only trusted documents run); the operator's own in TRUSTED_DOCUMENTS_PATH.
   */
  trustedDocuments: { mode: "off" | "allow" | "require"; path?: string };
  /** GRAPHQL_EXECUTION: documents compiled by graphql-jit (`jit`), or interpreted by graphql-js. */
  execution: "jit" | "graphql-js";
}

export interface GatewayConfig {
  nodeEnv: "development" | "production" | "test";
  host: string;
  port: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** LOG_FORMAT: `auto` writes for people in development on a terminal, JSON otherwise. */
  logFormat: "auto" | "json" | "pretty";
  maxBodyBytes: number;
  /** Slow or greedy clients: header and whole-request time limits (408), connections per client address. */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; maxConnectionsPerClient: number };
  /** A static bearer secret for /metrics (scrapers); with AUTH_MODE=jwt a token with `metrics:read` also works. */
  metricsBearerToken?: string;
  auth: AuthConfig;
  /** Origins allowed to call from a browser; empty means no cross-origin access. */
  corsOrigins: string[];
  limits: QueryLimits;
  neo4j: Neo4jTarget;
  neo4jPool: { maxConnectionPoolSize: number; queryTimeoutMs: number };
  /** Backpressure in front of Neo4j (see src/platform/resilience/AdmissionQueue.ts). */
  admission: { maxConcurrent: number; maxQueue: number; maxWaitMs: number };
  kb: { seedFile: string; seedWhenEmpty: boolean };
  /**
   * The knowledge loop: the weight of agent feedback in LEARNED ranking, when an article counts as stale, how often
   * knowledge gaps are written and the search-term index is checked for imports, and whether cards carry `reason`.
   */
  knowledge: {
    feedbackWeight: number;
    staleAfterDays: number;
    gapFlushMs: number;
    termRefreshMs: number;
    cardReason: boolean;
    /** The rank of a search, and of text, that names none (KB_SEARCH_RANK, KB_TEXT_RANK). */
    ranks: { search: "PRIORITY" | "LEARNED" | "RELEVANCE"; text: "PRIORITY" | "LEARNED" | "RELEVANCE" };
    /** Helpful answers before a learned link counts in RELEVANCE (KB_LEARNED_MIN_HELPFUL). */
    learnedMinHelpful: number;
  };
  /**
   * The suggestion result cache: at most `entries` answers (0: off) and `maxBytes`, each reused for at most `ttlMs`
   * and never across a knowledge change this process has seen (SUGGEST_CACHE_ENTRIES, _MAX_MB, _TTL_MS).
   */
  suggestCache: { entries: number; maxBytes: number; ttlMs: number };
  /** LOG_REQUEST_SAMPLE: the share of successful requests logged at info (failed ones always are). */
  logRequestSample: number;
  cxone?: CxoneConfig;
  /** Delivery and resilience settings, also applied when the gateway is pointed at the simulator. */
  cxoneTuning: Omit<CxoneConfig, "auth">;
  /** OpenTelemetry tracing: on when an OTLP endpoint is set (the exporter reads the other OTEL_* variables). */
  tracing: { enabled: boolean; serviceName: string };
  /** The push ledger: how long a push may wait for CXone, how long records are kept, the background deliverer. */
  pushes: {
    ttlMs: number;
    retentionMs: number;
    delivererPollMs: number;
    delivererBatch: number;
    /** The wait before a queued push's next attempt (CXone's Retry-After wins when it asks for longer). */
    retry: Backoff;
    /**
     * Fair shares between callers (see PushShares): the share of the push rate one caller may use while it is
     * contended, and the open pushes allowed per caller and in all.
     */
    shares: { callerShare: number; queuedTotal: number; queuedPerCaller: number };
  };
  /** The supervisor console (/console) and the offline explorer (/graphiql): on in development, opt-in in production. */
  pages: { console: boolean; explorer: boolean };
  /**
   * Start the local CXone simulator when CXone is not configured (zero-config demo). `gatewayUrl`/`gatewayToken`:
   * where the standalone simulator's agent page sends card feedback (the embedded one uses its own gateway).
   */
  cxoneSimulator: { enabled: boolean; port: number; gatewayUrl?: string; gatewayToken?: string };
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
  const auth = authConfig(e);
  const cxoneTuning = cxoneTuningOf(e);
  const cxoneCredentials = cxoneAuth(e);
  const cxone = cxoneCredentials ? { auth: cxoneCredentials, ...cxoneTuning } : undefined;
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
    logFormat: e.LOG_FORMAT,
    maxBodyBytes: e.MAX_BODY_BYTES,
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: Math.max(e.HTTP_REQUEST_TIMEOUT_MS, e.HTTP_HEADERS_TIMEOUT_MS),
      maxConnectionsPerClient: e.HTTP_MAX_CONNECTIONS_PER_CLIENT,
    },
    ...(e.METRICS_BEARER_TOKEN ? { metricsBearerToken: e.METRICS_BEARER_TOKEN } : {}),
    auth,
    corsOrigins: e.CORS_ORIGINS.split(",")
      .map((o) => o.trim().replace(/\/+$/, ""))
      .filter(Boolean),
    limits: {
      maxDepth: e.LIMIT_MAX_DEPTH,
      maxAliases: e.LIMIT_MAX_ALIASES,
      maxTokens: e.LIMIT_MAX_TOKENS,
      maxDirectives: e.LIMIT_MAX_DIRECTIVES,
      maxCost: e.LIMIT_MAX_COST,
      execution: e.GRAPHQL_EXECUTION,
      trustedDocuments: {
        mode: e.TRUSTED_DOCUMENTS,
        ...(e.TRUSTED_DOCUMENTS_PATH ? { path: e.TRUSTED_DOCUMENTS_PATH } : {}),
      },
    },
    neo4j,
    neo4jPool: { maxConnectionPoolSize: e.NEO4J_MAX_POOL_SIZE, queryTimeoutMs: e.NEO4J_QUERY_TIMEOUT_MS },
    admission: {
      // A few connections (up to 4, a quarter of the pool at most) stay free for readiness probes and background work.
      maxConcurrent: Math.min(
        e.NEO4J_MAX_CONCURRENT ?? e.NEO4J_MAX_POOL_SIZE - Math.min(4, Math.floor(e.NEO4J_MAX_POOL_SIZE / 4)),
        e.NEO4J_MAX_POOL_SIZE,
      ),
      maxQueue: e.NEO4J_QUEUE_LIMIT,
      maxWaitMs: e.NEO4J_QUEUE_WAIT_MS,
    },
    kb: { seedFile: e.KB_SEED_FILE, seedWhenEmpty: e.KB_SEED_WHEN_EMPTY },
    knowledge: {
      feedbackWeight: e.KB_FEEDBACK_WEIGHT,
      staleAfterDays: e.KB_STALE_AFTER_DAYS,
      gapFlushMs: e.KB_GAP_FLUSH_MS,
      termRefreshMs: e.KB_TERM_REFRESH_MS,
      cardReason: e.CARD_REASON,
      ranks: { search: e.KB_SEARCH_RANK, text: e.KB_TEXT_RANK },
      learnedMinHelpful: e.KB_LEARNED_MIN_HELPFUL,
    },
    suggestCache: {
      entries: e.SUGGEST_CACHE_ENTRIES,
      maxBytes: Math.round(e.SUGGEST_CACHE_MAX_MB * 1024 * 1024),
      ttlMs: e.SUGGEST_CACHE_TTL_MS,
    },
    logRequestSample: e.LOG_REQUEST_SAMPLE,
    cxone,
    cxoneTuning,
    tracing: {
      enabled:
        Boolean(e.OTEL_EXPORTER_OTLP_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) &&
        e.OTEL_SDK_DISABLED !== "true",
      serviceName: e.OTEL_SERVICE_NAME,
    },
    pushes: {
      ttlMs: e.PUSH_TTL_SECONDS * 1000,
      retentionMs: Math.round(e.PUSH_RETENTION_DAYS * 86_400_000),
      delivererPollMs: e.PUSH_DELIVERER_POLL_MS,
      delivererBatch: e.PUSH_DELIVERER_BATCH,
      retry: { baseMs: e.PUSH_RETRY_BASE_MS, capMs: Math.max(e.PUSH_RETRY_BASE_MS, e.PUSH_RETRY_MAX_MS), jitter: 0.5 },
      shares: {
        callerShare: e.PUSH_CALLER_SHARE,
        queuedTotal: e.PUSH_QUEUED_MAX,
        queuedPerCaller: Math.min(e.PUSH_QUEUED_MAX, e.PUSH_QUEUED_PER_CALLER ?? Math.ceil(e.PUSH_QUEUED_MAX / 2)),
      },
    },
    pages: {
      console: e.CONSOLE_ENABLED ?? e.NODE_ENV !== "production",
      explorer: e.EXPLORER_ENABLED ?? e.NODE_ENV !== "production",
    },
    cxoneSimulator: {
      enabled: !cxone && e.CXONE_SIMULATOR === "auto" && e.NODE_ENV !== "production",
      port: e.CXONE_SIMULATOR_PORT,
      ...(e.CXONE_SIMULATOR_GATEWAY_URL ? { gatewayUrl: e.CXONE_SIMULATOR_GATEWAY_URL } : {}),
      ...(e.CXONE_SIMULATOR_GATEWAY_TOKEN ? { gatewayToken: e.CXONE_SIMULATOR_GATEWAY_TOKEN } : {}),
    },
    ...overrides,
  };
}

/** `none` is the local default; production requires JWT and refuses `none` outright. */
function authConfig(e: z.infer<typeof envSchema>): AuthConfig {
  const mode = e.AUTH_MODE ?? (e.NODE_ENV === "production" ? "jwt" : "none");
  if (mode === "none") {
    if (e.NODE_ENV === "production") throw new ConfigError(["AUTH_MODE: none is refused when NODE_ENV=production"]);
    return { mode };
  }
  if (!e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL) {
    throw new ConfigError(["AUTH_JWT_SECRET or AUTH_JWKS_URL: one is required when AUTH_MODE=jwt"]);
  }
  return {
    mode,
    rolesClaim: e.AUTH_ROLES_CLAIM,
    clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_S,
    ...(e.AUTH_JWT_SECRET ? { secret: e.AUTH_JWT_SECRET } : {}),
    ...(e.AUTH_JWKS_URL ? { jwksUrl: e.AUTH_JWKS_URL } : {}),
    ...(e.AUTH_ISSUER ? { issuer: e.AUTH_ISSUER } : {}),
    ...(e.AUTH_AUDIENCE ? { audience: e.AUTH_AUDIENCE } : {}),
  };
}

/** CXone credentials, or undefined when no credential variable is set at all. */
function cxoneAuth(e: z.infer<typeof envSchema>): CxoneAuth | undefined {
  const required: Record<string, string | undefined> =
    e.CXONE_AUTH_MODE === "client-credentials"
      ? {
          CXONE_BASE_URL: e.CXONE_BASE_URL,
          CXONE_CLIENT_ID: e.CXONE_CLIENT_ID,
          CXONE_CLIENT_SECRET: e.CXONE_CLIENT_SECRET,
        }
      : {
          CXONE_CLIENT_ID: e.CXONE_CLIENT_ID,
          CXONE_CLIENT_SECRET: e.CXONE_CLIENT_SECRET,
          CXONE_ACCESS_KEY_ID: e.CXONE_ACCESS_KEY_ID,
          CXONE_ACCESS_KEY_SECRET: e.CXONE_ACCESS_KEY_SECRET,
        };
  const missing = Object.entries(required)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length === Object.keys(required).length) return undefined;
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((k) => `${k}: required when CXONE_AUTH_MODE=${e.CXONE_AUTH_MODE} (some CXone credentials are set)`),
    );
  }
  const auth: CxoneAuth =
    e.CXONE_AUTH_MODE === "client-credentials"
      ? {
          mode: "client-credentials",
          baseUrl: e.CXONE_BASE_URL as string,
          clientId: e.CXONE_CLIENT_ID as string,
          clientSecret: e.CXONE_CLIENT_SECRET as string,
          scopes: e.CXONE_SCOPES,
        }
      : {
          mode: "access-key",
          issuer: e.CXONE_ISSUER,
          clientId: e.CXONE_CLIENT_ID as string,
          clientSecret: e.CXONE_CLIENT_SECRET as string,
          accessKeyId: e.CXONE_ACCESS_KEY_ID as string,
          accessKeySecret: e.CXONE_ACCESS_KEY_SECRET as string,
          ...(e.CXONE_API_ENDPOINT ? { apiEndpoint: e.CXONE_API_ENDPOINT } : {}),
        };
  return auth;
}

function cxoneTuningOf(e: z.infer<typeof envSchema>): Omit<CxoneConfig, "auth"> {
  return {
    delivery: e.CXONE_DELIVERY ?? (e.CXONE_AUTH_MODE === "access-key" ? "studio-signal" : "content"),
    pushDeadlineMs: e.CXONE_PUSH_DEADLINE_MS,
    retry: {
      maxAttempts: e.CXONE_MAX_ATTEMPTS,
      backoffBaseMs: e.CXONE_BACKOFF_BASE_MS,
      retryAfterCapMs: e.CXONE_RETRY_AFTER_CAP_MS,
    },
    quota: { pushesPerSecond: e.CXONE_MAX_PUSHES_PER_SECOND, burst: e.CXONE_PUSH_BURST },
    breaker: {
      errorPercent: e.CXONE_BREAKER_ERROR_PERCENT,
      minPushes: e.CXONE_BREAKER_MIN_PUSHES,
      resetMs: e.CXONE_BREAKER_RESET_MS,
    },
    timeouts: { connectMs: e.CXONE_CONNECT_TIMEOUT_MS, responseMs: e.CXONE_RESPONSE_TIMEOUT_MS },
    tokenMarginSeconds: e.CXONE_TOKEN_MARGIN_S,
    batchConcurrency: e.CXONE_BATCH_CONCURRENCY,
    ...(e.CXONE_TARGET_ID ? { targetId: e.CXONE_TARGET_ID } : {}),
  };
}

/** An empty variable means "not set", as a shell user would expect from `FOO= npm start`. */
function stripEmpty(env: Environment): Environment {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
}
