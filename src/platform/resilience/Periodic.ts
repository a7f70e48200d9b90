/**
 * A background job run every `everyMs`, the next run timed from the end of the last (never two at once). A job may
 * return how long to wait before its next run instead (at once when more work is waiting, longer after a
 * failure). `run()` runs it now, or joins the run under way; `stop()` ends the schedule and waits for that run.
 * The job handles its own errors (a rejection is swallowed here so the schedule goes on).
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<number | void> | undefined;
  private started = false;

  constructor(
    private readonly job: () => Promise<number | void>,
    private readonly everyMs: number,
    private readonly options: { firstAfterMs?: number } = {},
  ) {}

  run(): Promise<void> {
    return this.runForDelay().then(() => undefined);
  }

  start(): void {
    this.started = true;
    this.schedule(this.options.firstAfterMs ?? this.everyMs);
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private runForDelay(): Promise<number | void> {
    this.current ??= this.job()
      .catch(() => undefined)
      .finally(() => {
        this.current = undefined;
      });
    return this.current;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.runForDelay().then(
        (next) => this.started && this.schedule(typeof next === "number" ? next : this.everyMs),
      );
    }, delayMs).unref();
  }
}
