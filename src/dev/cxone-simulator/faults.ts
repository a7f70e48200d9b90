/** Routes of the simulator that faults can be injected into. */
export const FAULT_ROUTES = [
  "token",
  "auth-token",
  "openid-configuration",
  "cxone-configuration",
  "content",
  "signal",
] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

/** One scripted misbehaviour. Without `status` or `reset` it only delays, then the route answers normally. */
export interface Fault {
  status?: number;
  /** How many requests it applies to (default 1), or "always". */
  times?: number | "always";
  /** Sent as the Retry-After header: "2" (seconds) or an HTTP date. */
  retryAfter?: string;
  /** Wait this long before answering (or before resetting). */
  delayMs?: number;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
  /** A raw body to answer with (for example an HTML error page); JSON error otherwise. */
  body?: string;
  contentType?: string;
  /** Delivery routes: record the delivery first, then misbehave (an answer lost after CXone acted on it). */
  afterProcessing?: boolean;
}

/** Per-route queues of faults, consumed in order. */
export class FaultBook {
  private readonly queues = new Map<FaultRoute, Fault[]>();

  add(route: FaultRoute, fault: Fault): void {
    const queue = this.queues.get(route) ?? [];
    queue.push({ times: 1, ...fault });
    this.queues.set(route, queue);
  }

  /** The fault for this request, if any, consuming one use of it. */
  take(route: FaultRoute): Fault | undefined {
    const queue = this.queues.get(route);
    const fault = queue?.[0];
    if (!queue || !fault) return undefined;
    if (fault.times !== "always") {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) queue.shift();
    }
    return fault;
  }

  clear(): void {
    this.queues.clear();
  }

  pending(): Record<string, Fault[]> {
    return Object.fromEntries([...this.queues.entries()].filter(([, q]) => q.length > 0));
  }
}
