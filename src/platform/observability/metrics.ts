import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gateway's Prometheus metrics, in a registry of its own (so tests can create several gateways). */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly graphqlDuration = new Histogram({
    name: "aag_graphql_request_duration_seconds",
    help: "GraphQL request duration by root field (introspection, or other for several) and outcome",
    labelNames: ["operation", "outcome"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Rebuilds of the in-memory knowledge indexes (after any change to the knowledge base): how long each took. */
  readonly knowledgeIndexBuild = new Histogram({
    name: "aag_knowledge_index_build_seconds",
    help: "Rebuilds of the in-memory knowledge indexes (search terms, RELEVANCE), read and build, in seconds.",
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly neo4jDuration = new Histogram({
    name: "aag_neo4j_query_duration_seconds",
    help: "Neo4j query duration by kind (suggest_batch, graphql_root_field) and outcome",
    labelNames: ["kind", "outcome"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly cxoneDuration = new Histogram({
    name: "aag_cxone_call_duration_seconds",
    help: "CXone HTTP call duration (retries included) by route and final status",
    labelNames: ["route", "status"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly cxoneRetries = new Counter({
    name: "aag_cxone_retries_total",
    help: "Retries of CXone calls by reason (HTTP status or socket error code)",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });

  readonly tokenRefreshes = new Counter({
    name: "aag_cxone_token_refreshes_total",
    help: "CXone token requests made",
    registers: [this.registry],
  });

  readonly quotaWait = new Histogram({
    name: "aag_cxone_quota_wait_seconds",
    help: "Time pushes waited for the gateway's own CXone rate limit",
    buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly sharedReads = new Counter({
    name: "aag_suggest_reads_shared_total",
    help: "Suggestion reads joined to an identical read another request had under way, instead of sent to Neo4j",
    registers: [this.registry],
  });
  readonly suggestCacheLookups = new Counter({
    name: "aag_suggest_cache_lookups_total",
    help: "Suggestion answers looked up in the result cache, by outcome (hit: not read from Neo4j; miss: read)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly suggestCacheInvalidations = new Counter({
    name: "aag_suggest_cache_invalidations_total",
    help: "Times the suggestion cache was emptied because the knowledge base changed (or may have)",
    registers: [this.registry],
  });
  readonly suggestCacheDropped = new Counter({
    name: "aag_suggest_cache_invalidated_entries_total",
    help: "Cached suggestion answers dropped because the knowledge base changed",
    registers: [this.registry],
  });
  private suggestCache?: { size: number; bytes: number };
  readonly suggestCacheSize = new Gauge({
    name: "aag_suggest_cache_size",
    help: "What the suggestion cache holds: entries, and bytes (estimated)",
    labelNames: ["unit"] as const,
    registers: [this.registry],
    collect: () => {
      this.suggestCacheSize.set({ unit: "entries" }, this.suggestCache?.size ?? 0);
      this.suggestCacheSize.set({ unit: "bytes" }, this.suggestCache?.bytes ?? 0);
    },
  });
  readonly quotaRejections = new Counter({
    name: "aag_cxone_quota_rejections_total",
    help: "Pushes refused because the quota wait would pass the push deadline",
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: "aag_errors_total",
    help: "Errors answered to callers, by extensions.code",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  readonly cxoneBreakerOpen = new Gauge({
    name: "aag_cxone_breaker_open",
    help: "1 while the CXone circuit breaker is open (pushes fail fast), else 0",
    registers: [this.registry],
  });

  readonly cxoneBreakerRejections = new Counter({
    name: "aag_cxone_breaker_rejections_total",
    help: "Pushes refused at once because the CXone circuit breaker was open",
    registers: [this.registry],
  });

  private admission?: { running: number; waiting: number };

  readonly neo4jAdmission = new Gauge({
    name: "aag_neo4j_admission",
    help: "Units of Neo4j work by state: running (holding a slot) or waiting (queued for one)",
    labelNames: ["state"] as const,
    registers: [this.registry],
    collect: () => {
      this.neo4jAdmission.set({ state: "running" }, this.admission?.running ?? 0);
      this.neo4jAdmission.set({ state: "waiting" }, this.admission?.waiting ?? 0);
    },
  });

  readonly overloadRefusals = new Counter({
    name: "aag_overload_refusals_total",
    help: "Requests answered OVERLOADED (HTTP 503) by reason: queue (Neo4j backpressure), in_flight (shed at the door) or connections (per-client cap)",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });

  readonly pushes = new Counter({
    name: "aag_pushes_total",
    help: "Pushes by status reached: final ones (DELIVERED, NO_RESULTS, ALREADY_SHOWN, EXPIRED, FAILED) and QUEUED the first time",
    labelNames: ["status"] as const,
    registers: [this.registry],
  });

  readonly delivererAttempts = new Counter({
    name: "aag_push_deliverer_attempts_total",
    help: "Background delivery attempts of queued pushes by outcome (delivered, queued again, failed, expired)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });

  private readiness?: () => Promise<{ ready: boolean }>;

  readonly ready = new Gauge({
    name: "aag_ready",
    help: "1 when the gateway is ready (warmed up and Neo4j answers), as /readyz would answer now; else 0",
    registers: [this.registry],
    collect: async () => {
      const check = await this.readiness?.().catch(() => ({ ready: false }));
      if (check) this.ready.set(check.ready ? 1 : 0);
    },
  });

  private pushQueue?: () => Promise<{ length: number; oldestCreatedAt: number | null }>;

  readonly pushQueueLength = new Gauge({
    name: "aag_push_queue_length",
    help: "Pushes not yet delivered and not final (PENDING or QUEUED), across all gateway processes",
    registers: [this.registry],
    collect: async () => {
      const stats = await this.pushQueue?.().catch(() => undefined);
      if (!stats) return;
      this.pushQueueLength.set(stats.length);
      this.pushQueueOldestAge.set(
        stats.oldestCreatedAt == null ? 0 : Math.max(0, (Date.now() - stats.oldestCreatedAt) / 1000),
      );
    },
  });

  readonly pushQueueOldestAge = new Gauge({
    name: "aag_push_queue_oldest_age_seconds",
    help: "Age of the oldest push not yet delivered nor final (0 when none)",
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: "aag_" });
  }

  /** Reports the admission queue's occupancy (read when /metrics is scraped). */
  observeAdmission(admission: { running: number; waiting: number }): void {
    this.admission = admission;
  }

  /** Reads the suggestion cache's size when /metrics is scraped. */
  observeSuggestCache(cache: { size: number; bytes: number }): void {
    this.suggestCache = cache;
  }

  /** Runs the readiness check when /metrics is scraped. */
  observeReadiness(check: () => Promise<{ ready: boolean }>): void {
    this.readiness = check;
  }

  /** Reads the ledger's queue when /metrics is scraped. */
  observePushQueue(stats: () => Promise<{ length: number; oldestCreatedAt: number | null }>): void {
    this.pushQueue = stats;
  }

  /** Times `work` into `histogram` with an outcome label ("ok" or "error"). */
  async time<T>(observe: (outcome: "ok" | "error", seconds: number) => void, work: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      const result = await work();
      observe("ok", Number(process.hrtime.bigint() - start) / 1e9);
      return result;
    } catch (error) {
      observe("error", Number(process.hrtime.bigint() - start) / 1e9);
      throw error;
    }
  }
}
