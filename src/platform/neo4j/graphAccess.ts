import neo4j, {
  type Driver,
  type ManagedTransaction,
  type Record as Neo4jRecord,
  type Transaction,
} from "neo4j-driver";
import { inSpan, SpanKind } from "../observability/tracing";
import type { AdmissionQueue } from "../resilience/AdmissionQueue";
import { backoffDelay, sleep } from "../resilience/backoff";
import { isPoolExhausted } from "../errors/neo4jErrors";

/** How the gateway runs one unit of work on Neo4j. */
export interface StatementOptions {
  database: string;
  /** Names the work in its span and in Neo4j's query log (`SHOW TRANSACTIONS`); never a parameter's value. */
  op: string;
  /** Server-side transaction timeout (NEO4J_QUERY_TIMEOUT_MS). */
  timeoutMs?: number;
  /** More transaction metadata (the request id). */
  metadata?: Record<string, unknown>;
  /** Request-path work waits for a slot in the admission queue (backpressure, not timeouts); background work does not. */
  admission?: AdmissionQueue;
}

/**
 * The one transient-retry policy: a write that hit a transient error (a lock conflict between two processes, a
 * deadlock) is tried again, up to three attempts, after a short backoff. Reads are not repeated here: a request
 * answers at once when Neo4j is away (neo4j-driver itself repeats an auto-commit statement once when the
 * connection was lost before it ran). Managed transactions are retried by the driver as a whole.
 */
export const TRANSIENT_RETRY = { attempts: 3, backoff: { baseMs: 10, capMs: 200, jitter: 1 } } as const;

/**
 * Runs `work` again once when it failed waiting for a pooled connection: nothing was sent, so any statement may be
 * repeated, and the pool wait is half the statement timeout (driver.ts), so both waits fit in it. A second
 * failure goes to the caller (OVERLOADED, through neo4jErrors.ts).
 */
export async function retryOnceWhenPoolBusy<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isPoolExhausted(error)) throw error;
    return work();
  }
}

/** True for Neo4j's transient errors (Neo.TransientError.*): the same work may succeed if tried again. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Neo.TransientError.");
}

/**
 * One read-only statement as an auto-commit transaction: RUN and PULL go out together and come back in one round
 * trip (a managed transaction adds BEGIN and a COMMIT that waits for its own round trip: BENCHMARKS.md, entry 11).
 */
export function graphRead(
  driver: Driver,
  statement: string,
  parameters: Record<string, unknown>,
  options: StatementOptions,
): Promise<Neo4jRecord[]> {
  return observed(options, () =>
    retryOnceWhenPoolBusy(() => runOnce(driver, neo4j.session.READ, statement, parameters, options)),
  );
}

/** One write statement as an auto-commit transaction (one round trip), with the transient retry. */
export function graphWrite(
  driver: Driver,
  statement: string,
  parameters: Record<string, unknown>,
  options: StatementOptions,
): Promise<Neo4jRecord[]> {
  return observed(options, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await retryOnceWhenPoolBusy(() => runOnce(driver, neo4j.session.WRITE, statement, parameters, options));
      } catch (error) {
        if (attempt >= TRANSIENT_RETRY.attempts || !isTransient(error)) throw error;
        await sleep(backoffDelay(attempt, TRANSIENT_RETRY.backoff));
      }
    }
  });
}

/**
 * Several statements in one managed transaction (all or nothing); neo4j-driver retries the whole unit on
 * transient errors. `mode` READ runs on a read session.
 */
export function graphTransaction<T>(
  driver: Driver,
  mode: "READ" | "WRITE",
  options: StatementOptions,
  work: (tx: ManagedTransaction) => Promise<T>,
): Promise<T> {
  return observed(options, async () => {
    const session = driver.session({
      database: options.database,
      defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: driver.executeQueryBookmarkManager,
    });
    try {
      const config = { timeout: options.timeoutMs, metadata: { ...options.metadata, op: options.op } };
      return await (mode === "READ" ? session.executeRead(work, config) : session.executeWrite(work, config));
    } finally {
      await session.close();
    }
  });
}

/** Runs `work` in a write transaction that is always rolled back (plans statements without changing anything). */
export function graphRehearsal(
  driver: Driver,
  options: StatementOptions,
  work: (tx: Transaction) => Promise<void>,
): Promise<void> {
  return observed(options, async () => {
    const session = driver.session({ database: options.database, defaultAccessMode: neo4j.session.WRITE });
    const tx = session.beginTransaction({
      timeout: options.timeoutMs,
      metadata: { ...options.metadata, op: options.op },
    });
    try {
      await work(tx);
    } finally {
      await tx.rollback();
      await session.close();
    }
  });
}

async function runOnce(
  driver: Driver,
  mode: typeof neo4j.session.READ | typeof neo4j.session.WRITE,
  statement: string,
  parameters: Record<string, unknown>,
  options: StatementOptions,
): Promise<Neo4jRecord[]> {
  // One bookmark manager for every session of the process: on a cluster a read routed to a secondary waits until
  // it has this process's earlier writes (a push is in its history, an answer in its feedback) at once.
  const session = driver.session({
    database: options.database,
    defaultAccessMode: mode,
    bookmarkManager: driver.executeQueryBookmarkManager,
  });
  try {
    const result = await session.run(statement, parameters, {
      timeout: options.timeoutMs,
      metadata: { ...options.metadata, op: options.op },
    });
    return result.records;
  } finally {
    await session.close();
  }
}

/** A span per unit of work, named by its op (never its parameters: they may hold what a customer said), after admission. */
function observed<T>(options: StatementOptions, work: () => Promise<T>): Promise<T> {
  const attributes = { "db.system.name": "neo4j", "db.operation.name": options.op, "db.namespace": options.database };
  const spanned = () =>
    inSpan(
      `neo4j ${options.op}`,
      attributes,
      async (span) => {
        const result = await work();
        if (Array.isArray(result)) span.setAttribute("db.response.returned_rows", result.length);
        return result;
      },
      SpanKind.CLIENT,
    );
  return options.admission ? options.admission.run(spanned) : spanned();
}
