import type { Logger } from "pino";
import { OverloadedError } from "../../platform/errors/GatewayError";
import { Periodic } from "../../platform/resilience/Periodic";
import type { PushLedger } from "./PushLedger";

export interface ShareLimits {
  /** One caller's share of the push rate, pushes a second (PUSH_CALLER_SHARE × CXONE_MAX_PUSHES_PER_SECOND). */
  callerPerSecond: number;
  /** One caller's burst (PUSH_CALLER_SHARE × CXONE_PUSH_BURST, at least 1). */
  callerBurst: number;
  /** False when PUSH_CALLER_SHARE is 1: no caller is refused for its rate. */
  rateShared: boolean;
  /** Open (PENDING or QUEUED) pushes of this CXone target, all callers together (PUSH_QUEUED_MAX). */
  queuedTotal: number;
  /** Open pushes of one caller (PUSH_QUEUED_PER_CALLER). */
  queuedPerCaller: number;
  /** The whole push rate, to tell how long a full backlog takes to drain (Retry-After). */
  drainPerSecond: number;
  /** The process's burst (CXONE_PUSH_BURST): this many first attempts under way already contend for the rate. */
  processBurst: number;
}

/** One admitted push, as PushShares tracks it until the ledger's count includes it. */
export interface Admission {
  /** Call once the push's first attempt settled: `queued` when it was left for the deliverer (it stays open). */
  settle(queued: boolean): void;
}

/** An admitted push that no ledger count has included yet. */
interface Unseen extends Admission {
  readonly caller: string;
  /** Its record was written (the write resolved) while no count was reading. */
  recorded: boolean;
}

/** Callers whose rate is remembered; idle ones are forgotten first when there are more. */
const MAX_CALLERS = 10_000;
/** How often the ledger's open pushes are counted. */
export const BACKLOG_REFRESH_MS = 1_000;
/** How long a count waits for push writes under way, and a push write for a count under way. */
const HANDOVER_WAIT_MS = 100;

/**
 * Fair shares of the push path between callers (a caller is the token's subject, else the client's address).
 *
 * Rate: while the process's push rate has room (PushRateGate has burst slots left and fewer than a burst of first
 * attempts are under way), any push goes. Once it is contended, a caller past its share (a GCRA per caller at
 * PUSH_CALLER_SHARE of the rate) is refused, so the gate's queue stops growing and a caller within its share waits
 * at most about a burst's worth of slots (CXONE_PUSH_BURST / CXONE_MAX_PUSHES_PER_SECOND), however hard another
 * floods. A share of 1 turns this off (one caller may then queue pushes past the rate, as without shares).
 * Backlog: at most `queuedPerCaller` open pushes per caller and `queuedTotal` in all.
 * Over either the push is refused before anything is recorded: OVERLOADED (503) with Retry-After, never a silent
 * drop. Open counts are read from the ledger every second (every replica's pushes of this target) plus this
 * process's admitted pushes that no count has included yet. A count and the push writes take turns (a count waits
 * for the writes under way, a write for the count under way, each at most 100 ms), so a count includes exactly the
 * pushes recorded before it: none is missed, none counted twice (past a wait's limit it may count one twice, never
 * miss one). Across replicas a flood is held within a second's pushes of the bound.
 */
export class PushShares {
  private readonly arrivals = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private backlog: { total: number; byCaller: Map<string, number> } = { total: 0, byCaller: new Map() };
  private readonly unseen = new Set<Unseen>();
  private readonly unseenByCaller = new Map<string, number>();
  /** Push writes under way, and who waits for them to end. */
  private writes = 0;
  private writesEnded: (() => void)[] = [];
  /** The count under way (push writes wait for it). */
  private counting: Promise<void> | null = null;
  private readonly refresher: Periodic;
  /** Admitted pushes whose first attempt has not settled (they will take rate slots soon). */
  private inFlight = 0;

  constructor(
    private readonly limits: ShareLimits,
    private readonly ledger: Pick<PushLedger, "openByCaller">,
    /** Whether the process's push rate is contended now (CxoneClient.rateContended). */
    private readonly contended: () => boolean,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = 1000 / limits.callerPerSecond;
    this.toleranceMs = (Math.max(1, limits.callerBurst) - 1) * this.intervalMs;
    this.refresher = new Periodic(() => this.refresh(), BACKLOG_REFRESH_MS, { firstAfterMs: 0 });
  }

  start(): void {
    this.refresher.start();
  }

  stop(): Promise<void> {
    return this.refresher.stop();
  }

  /**
   * Admits one push of `caller` or throws OverloadedError (nothing is booked then). Write its record through
   * `recording` and settle the admission once its first attempt settled; until then it contends for the rate. A
   * push left QUEUED counts as open until a ledger count includes it; one that settled otherwise stops counting.
   */
  admit(caller: string): Admission {
    const open = this.backlog.total + this.unseen.size;
    if (open >= this.limits.queuedTotal)
      throw this.backlogFull(
        `pushes waiting for CXone: ${open} of ${this.limits.queuedTotal}`,
        open - this.limits.queuedTotal + 1,
      );
    const mine = (this.backlog.byCaller.get(caller) ?? 0) + (this.unseenByCaller.get(caller) ?? 0);
    if (mine >= this.limits.queuedPerCaller)
      throw this.backlogFull(
        `your pushes waiting for CXone: ${mine} of ${this.limits.queuedPerCaller}`,
        mine - this.limits.queuedPerCaller + 1,
      );
    const now = this.now();
    const arrival = Math.max(this.arrivals.get(caller) ?? 0, now);
    const waitMs = arrival - this.toleranceMs - now;
    if (this.limits.rateShared && waitMs > 0 && (this.inFlight >= this.limits.processBurst || this.contended()))
      throw new OverloadedError(Math.max(1, Math.ceil(waitMs / 1000)), "your share of the push rate is used");
    if (!this.arrivals.has(caller) && this.arrivals.size >= MAX_CALLERS) this.forgetIdle(now);
    // Pushes beyond the share, let through while nobody else needed the room, are not billed for later.
    this.arrivals.set(caller, Math.min(arrival, now + this.toleranceMs) + this.intervalMs);
    this.inFlight += 1;
    let settled = false;
    const admission: Unseen = {
      caller,
      recorded: false,
      settle: (queued) => {
        if (settled) return;
        settled = true;
        this.inFlight -= 1;
        if (!queued) this.seen(admission);
      },
    };
    this.unseen.add(admission);
    this.unseenByCaller.set(caller, (this.unseenByCaller.get(caller) ?? 0) + 1);
    return admission;
  }

  /** Runs the ledger write of admitted pushes, taking turns with the backlog count (see the class). */
  async recording<T>(admissions: Admission[], write: () => Promise<T>): Promise<T> {
    if (this.counting) await within(this.counting, HANDOVER_WAIT_MS);
    this.writes += 1;
    try {
      const written = await write();
      for (const admission of admissions) (admission as Unseen).recorded = true;
      return written;
    } finally {
      this.writes -= 1;
      if (this.writes === 0) for (const ended of this.writesEnded.splice(0)) ended();
    }
  }

  /** Reads the ledger's open pushes per caller; the admitted pushes recorded before it stop counting on their own. */
  async refresh(): Promise<void> {
    let done = (): void => undefined;
    this.counting = new Promise((resolve) => (done = resolve));
    try {
      if (this.writes > 0)
        await within(new Promise<void>((resolve) => this.writesEnded.push(resolve)), HANDOVER_WAIT_MS);
      const included = [...this.unseen].filter((admission) => admission.recorded);
      const counts = await this.ledger.openByCaller();
      this.backlog = { total: counts.total, byCaller: new Map(counts.byCaller.map((c) => [c.caller, c.open])) };
      for (const admission of included) this.seen(admission);
    } catch (error) {
      // Keep the last counts and every admitted push not included in them.
      this.logger.debug({ err: error }, "could not count open pushes; keeping the last counts");
    } finally {
      this.counting = null;
      done();
    }
  }

  /** The push no longer counts on its own: a ledger count includes it, or it is not open. */
  private seen(admission: Unseen): void {
    if (!this.unseen.delete(admission)) return;
    this.unseenByCaller.set(admission.caller, (this.unseenByCaller.get(admission.caller) ?? 1) - 1);
    if (this.unseenByCaller.get(admission.caller) === 0) this.unseenByCaller.delete(admission.caller);
  }

  private backlogFull(why: string, excess: number): OverloadedError {
    return new OverloadedError(Math.min(60, Math.max(1, Math.ceil(excess / this.limits.drainPerSecond))), why);
  }

  /** Forgets callers whose rate has recovered fully (they are as if new). */
  private forgetIdle(now: number): void {
    for (const [caller, arrival] of this.arrivals) if (arrival <= now) this.arrivals.delete(caller);
  }
}

/** Waits for `promise`, at most `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
