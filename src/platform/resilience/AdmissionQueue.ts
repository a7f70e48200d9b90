import { OverloadedError } from "../errors/GatewayError";

export interface AdmissionLimits {
  /** Units of work running at once (each holds at most one Neo4j connection). */
  maxConcurrent: number;
  /** Units waiting for a slot; beyond this, work is refused at once. */
  maxQueue: number;
  /** The longest a unit may wait for a slot; when the expected wait is longer, it is refused at once. */
  maxWaitMs: number;
}

interface Waiter {
  admit: () => void;
  refuse: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** How quickly the running average of slot hold times follows new samples. */
const SMOOTHING = 0.2;

/**
 * Backpressure in front of Neo4j: at most `maxConcurrent` units of work run at once, others wait in a bounded
 * FIFO queue. When the queue is full, or the wait expected from the queue length and the recent hold time would
 * pass `maxWaitMs`, or a waiter's time runs out, the work is refused with OVERLOADED (HTTP 503, Retry-After)
 * instead of piling up on the driver's pool until its acquisition timeout (a 5 s hang, then an internal error).
 * A small counting semaphore written here: p-limit and friends have no bounded queue or deadline.
 */
export class AdmissionQueue {
  private active = 0;
  private readonly queue: Waiter[] = [];
  private head = 0;
  private averageHoldMs = 10;
  /** Refusals since start (a metric reads it). */
  refused = 0;

  constructor(
    readonly limits: AdmissionLimits,
    private readonly now: () => number = () => performance.now(),
    private readonly onRefused: () => void = () => undefined,
  ) {}

  /** Units of work waiting now. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** Units of work running now. */
  get running(): number {
    return this.active;
  }

  /** Runs `work` when a slot is free; throws OverloadedError when it cannot get one in time. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limits.maxConcurrent) await this.enqueue();
    else this.active += 1;
    const started = this.now();
    try {
      return await work();
    } finally {
      this.release(this.now() - started);
    }
  }

  private enqueue(): Promise<void> {
    const position = this.waiting + 1;
    if (position > this.limits.maxQueue) return Promise.reject(this.refuse("queue full"));
    const expectedMs = (position / this.limits.maxConcurrent) * this.averageHoldMs;
    if (expectedMs > this.limits.maxWaitMs) return Promise.reject(this.refuse("expected wait too long"));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: resolve,
        refuse: reject,
        timer: setTimeout(() => {
          const index = this.queue.indexOf(waiter, this.head);
          if (index >= 0) this.queue.splice(index, 1);
          reject(this.refuse("waited too long"));
        }, this.limits.maxWaitMs),
      };
      this.queue.push(waiter);
    });
  }

  private release(heldMs: number): void {
    this.averageHoldMs += SMOOTHING * (heldMs - this.averageHoldMs);
    const next = this.queue[this.head];
    if (next) {
      // The slot passes straight to the next waiter: `active` stays the same.
      this.queue[this.head] = undefined as unknown as Waiter;
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      clearTimeout(next.timer);
      next.admit();
      return;
    }
    this.active -= 1;
  }

  private refuse(why: string): OverloadedError {
    this.refused += 1;
    this.onRefused();
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((this.waiting * this.averageHoldMs) / this.limits.maxConcurrent / 1000),
    );
    return new OverloadedError(retryAfterSeconds, why);
  }
}
