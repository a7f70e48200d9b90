import type { DeliveryRecord } from "./deliveryStore";
import { lookupPushAgent, pushIdOf, type FeedbackTarget } from "./cardFeedback";

/** Entries each memory keeps (the oldest forgotten first): the simulator may run for days. */
const REMEMBERED = 10_000;

/**
 * What the agent page knows besides the deliveries: which agent each push was for (CXone's contracts do not carry
 * it; the simulator asks the gateway's ledger, as a real workspace knows its own agent), each agent's last answer
 * per card, and a version that changes whenever the page would look different (so a reader's page patches itself
 * only then).
 */
export class AgentDesk {
  private readonly agents = new Map<string, string>();
  private readonly votes = new Map<string, boolean>();
  private changes = 0;
  /** The gateway could not be asked (down, or the simulator's token may not read pushes). */
  private blind = false;

  constructor(private readonly target: () => FeedbackTarget | undefined) {}

  /** The page's version: it changes with every delivery, learned agent and answer. */
  get version(): number {
    return this.changes;
  }

  /** Whether the simulator can tell agents apart (it knows a gateway that answers who a push was for). */
  get knowsAgents(): boolean {
    return this.target() !== undefined && !this.blind;
  }

  /** A delivery arrived: the page changed; learn whose push it was. */
  delivered(delivery: DeliveryRecord): void {
    this.changes += 1;
    const pushId = pushIdOf(delivery.idempotencyKey);
    const target = this.target();
    if (!pushId || !target || this.agents.has(pushId)) return;
    void lookupPushAgent(target, pushId).then((found) => {
      this.blind = found === undefined;
      if (!found?.agentId) return;
      remember(this.agents, pushId, found.agentId);
      this.changes += 1;
    });
  }

  /** The agent a delivery's push was for, when known. */
  agentOf(delivery: DeliveryRecord): string | null {
    const pushId = pushIdOf(delivery.idempotencyKey);
    return pushId ? (this.agents.get(pushId) ?? null) : null;
  }

  /** The agents the page has seen pushes for, the 20 most recent, sorted. */
  knownAgents(): string[] {
    return [...new Set([...this.agents.values()].reverse())].slice(0, 20).sort();
  }

  /** An agent's last answer about a card of a push: true helpful, false not, undefined none. */
  answerOf(pushId: string, url: string, agentId: string): boolean | undefined {
    return this.votes.get(voteKey(pushId, url, agentId));
  }

  /** Remembers an answer the gateway recorded. */
  answered(pushId: string, url: string, agentId: string, helpful: boolean): void {
    remember(this.votes, voteKey(pushId, url, agentId), helpful);
    this.changes += 1;
  }

  clear(): void {
    this.agents.clear();
    this.votes.clear();
    this.changes += 1;
  }
}

function voteKey(pushId: string, url: string, agentId: string): string {
  return JSON.stringify([pushId, url, agentId]);
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as string);
}
