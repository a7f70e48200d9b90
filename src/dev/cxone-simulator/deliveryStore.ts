import type { CxoneCard } from "../../integrations/cxone/cards";

/** One delivery the simulator accepted. */
export interface DeliveryRecord {
  route: "content" | "signal";
  interactionId: string;
  contentId: string;
  idempotencyKey: string | null;
  /** The caller's `x-request-id`, when it sent one. */
  requestId: string | null;
  /** The caller's W3C `traceparent`, when it sent one (its trace continues here). */
  traceparent: string | null;
  cards: CxoneCard[];
  receivedAt: string;
}

/** Bounds of what the simulator remembers; it runs inside the gateway in zero-config mode, for days maybe. */
export interface StoreLimits {
  /** Latest deliveries kept per interaction. */
  perInteraction: number;
  /** Interactions kept; the one least recently delivered to is forgotten first. */
  interactions: number;
  /** Idempotency keys remembered (oldest forgotten first). */
  idempotencyKeys: number;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = { perInteraction: 20, interactions: 500, idempotencyKeys: 10_000 };

/**
 * The simulator's memory: recorded deliveries and idempotent answers, bounded. Without bounds it kept every
 * delivery (about 2 KB each) for the life of the process.
 */
export class DeliveryStore<D extends { interactionId: string }, A> {
  private readonly byInteraction = new Map<string, { seq: number; delivery: D }[]>();
  private readonly answers = new Map<string, A>();
  private seq = 0;

  constructor(readonly limits: StoreLimits = DEFAULT_STORE_LIMITS) {}

  /** Records a delivery, forgetting the oldest beyond the limits. */
  add(delivery: D): void {
    const list = this.byInteraction.get(delivery.interactionId) ?? [];
    // Re-inserting moves the interaction to the end: Map order is least recently delivered first.
    this.byInteraction.delete(delivery.interactionId);
    list.push({ seq: this.seq++, delivery });
    if (list.length > this.limits.perInteraction) list.splice(0, list.length - this.limits.perInteraction);
    this.byInteraction.set(delivery.interactionId, list);
    while (this.byInteraction.size > this.limits.interactions) {
      const oldest = this.byInteraction.keys().next().value as string;
      this.byInteraction.delete(oldest);
    }
  }

  /** Every remembered delivery, oldest first. */
  all(): D[] {
    return [...this.byInteraction.values()]
      .flat()
      .sort((a, b) => a.seq - b.seq)
      .map((entry) => entry.delivery);
  }

  /** How many deliveries are remembered. */
  get size(): number {
    let count = 0;
    for (const list of this.byInteraction.values()) count += list.length;
    return count;
  }

  answerFor(key: string): A | undefined {
    return this.answers.get(key);
  }

  rememberAnswer(key: string, answer: A): void {
    this.answers.set(key, answer);
    while (this.answers.size > this.limits.idempotencyKeys)
      this.answers.delete(this.answers.keys().next().value as string);
  }

  clear(): void {
    this.byInteraction.clear();
    this.answers.clear();
  }
}
