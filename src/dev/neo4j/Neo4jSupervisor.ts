import type { Logger } from "pino";
import { backoffDelay, sleep } from "../../platform/resilience/backoff";
import { startLocalNeo4j, type LocalNeo4j, type LocalNeo4jOptions } from "./neo4jLocal";

/**
 * The first restart waits only this long: enough for a signal sent to the whole process group (which stops the
 * engine and the gateway at once) to reach the gateway, which then never restarts what it is stopping.
 */
const FIRST_RESTART_DELAY_MS = 250;
const MAX_RESTART_DELAY_MS = 30_000;
/** An engine that ran this long before dying resets the backoff. */
const STABLE_AFTER_MS = 60_000;

/**
 * Owns the local Neo4j in zero-config mode: starts it, and when it dies without being asked to stop, starts it
 * again on the same port and data directory, with backoff, so readiness comes back without a person.
 * `onExited` runs when it dies (readiness goes to 503), `onRestarted` after each restart (the gateway warms its
 * statements again then, and is ready when that is done).
 */
export class Neo4jSupervisor {
  private engine?: LocalNeo4j;
  private stopped = false;
  private readonly stopController = new AbortController();
  private restarts = 0;
  private restarting?: Promise<void>;

  private constructor(
    private readonly options: Omit<LocalNeo4jOptions, "signal">,
    private readonly logger: Logger,
    private readonly hooks: { onExited: () => void; onRestarted: () => void },
  ) {}

  /** Starts the engine; `signal` cancels a start in progress (the engine is stopped before this rejects). */
  static async start(
    options: LocalNeo4jOptions,
    logger: Logger,
    hooks: { onExited: () => void; onRestarted: () => void },
  ): Promise<Neo4jSupervisor> {
    const { signal, ...rest } = options;
    const supervisor = new Neo4jSupervisor(rest, logger, hooks);
    // Once the gateway is told to stop (the startup signal aborts), an engine that exits is never started again.
    signal?.addEventListener("abort", () => supervisor.stopSupervising(), { once: true });
    supervisor.engine = await startLocalNeo4j({ ...rest, ...(signal ? { signal } : {}) });
    supervisor.watch(supervisor.engine, Date.now());
    return supervisor;
  }

  get uri(): string {
    return this.engine?.uri ?? `bolt://127.0.0.1:${this.options.port}`;
  }

  /** The running engine's process id (-1 while restarting). */
  get pid(): number {
    return this.engine?.pid ?? -1;
  }

  /** Stops supervising and stops the engine. */
  async stop(): Promise<void> {
    this.stopSupervising();
    await this.restarting; // a start in progress stops its engine when aborted
    await this.engine?.stop();
  }

  /** No restart from now on; a restart under way is cancelled (it stops the engine it was starting). */
  private stopSupervising(): void {
    this.stopped = true;
    this.stopController.abort();
  }

  private watch(engine: LocalNeo4j, startedAt: number): void {
    void engine.exited.then(({ code, signal }) => {
      if (this.stopped) return;
      this.engine = undefined;
      if (Date.now() - startedAt > STABLE_AFTER_MS) this.restarts = 0;
      this.logger.error({ pid: engine.pid, code, signal }, "local Neo4j exited unexpectedly; restarting it");
      this.hooks.onExited();
      this.restarting = this.restart().finally(() => (this.restarting = undefined));
    });
  }

  /** 0.25 s for the first restart, then 2 s doubling to 30 s while restarts keep failing. */
  private nextDelayMs(): number {
    if (this.restarts === 0) return FIRST_RESTART_DELAY_MS;
    return backoffDelay(this.restarts, { baseMs: 2_000, capMs: MAX_RESTART_DELAY_MS, jitter: 0 });
  }

  private async restart(): Promise<void> {
    while (!this.stopped) {
      const delayMs = this.nextDelayMs();
      this.restarts += 1;
      await sleep(delayMs, this.stopController.signal);
      if (this.stopped) return;
      try {
        const engine = await startLocalNeo4j({ ...this.options, signal: this.stopController.signal });
        this.engine = engine;
        this.watch(engine, Date.now());
        this.logger.warn({ pid: engine.pid, restarts: this.restarts }, "local Neo4j restarted");
        this.hooks.onRestarted();
        return;
      } catch (error) {
        if (this.stopped) return;
        this.logger.error({ err: error, retryInMs: this.nextDelayMs() }, "local Neo4j failed to restart");
      }
    }
  }
}
