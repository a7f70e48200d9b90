/**
 * A background job run every `everyMs`, the next run timed from the end of the last (never two at once). `run()` runs
 * it now, or joins the run under way; `stop()` ends the schedule and waits for that run. The job handles its own
 * errors (a rejection is swallowed here so the schedule goes on).
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private started = false;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly everyMs: number,
  ) {}

  run(): Promise<void> {
    this.current ??= this.job()
      .catch(() => undefined)
      .finally(() => {
        this.current = undefined;
      });
    return this.current;
  }

  start(): void {
    this.started = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.run().finally(() => this.started && this.schedule());
    }, this.everyMs).unref();
  }
}
