import type { CxoneCard } from "./cards";

/** What goes on the wire for one delivery. */
export interface DeliveryRequest {
  route: "content" | "signal";
  url: string;
  body?: string;
  contentType?: string;
  /** The cards actually sent (studio-signal can carry fewer than asked). */
  cards: CxoneCard[];
}

/** Contract A: `POST {api}/api/v2/agentassist/interactions/{id}/content` with `{"content": [card, ...]}`. */
export function contentDelivery(apiBaseUrl: string, interactionId: string, cards: CxoneCard[]): DeliveryRequest {
  return {
    route: "content",
    url: `${apiBaseUrl}/api/v2/agentassist/interactions/${encodeURIComponent(interactionId)}/content`,
    body: JSON.stringify({ content: cards }),
    contentType: "application/json",
    cards,
  };
}

/** Marks the parameters as ours, so a Studio script can tell our signal from others. */
export const SIGNAL_FORMAT = "agent-assist-cards.v1";
/** p1 and p2 are the header; cards go in p3..p20. */
export const SIGNAL_MAX_CARDS = 18;

/**
 * Contract B: a Studio signal, `POST {api}/inContactAPI/services/v30.0/interactions/{contactId}/signal`.
 * Parameters (query string): p1 = "agent-assist-cards.v1", p2 = the number of cards n, p3..p(2+n) = one card
 * each as compact JSON in the standard card shape. Studio's signal carries at most 20 parameters, so at most
 * 18 cards are sent; the push result lists exactly those.
 */
export function signalDelivery(apiBaseUrl: string, contactId: string, cards: CxoneCard[]): DeliveryRequest {
  const sent = cards.slice(0, SIGNAL_MAX_CARDS);
  const params = new URLSearchParams({ p1: SIGNAL_FORMAT, p2: String(sent.length) });
  sent.forEach((card, i) => params.set(`p${i + 3}`, JSON.stringify(card)));
  return {
    route: "signal",
    url: `${apiBaseUrl}/inContactAPI/services/v30.0/interactions/${encodeURIComponent(contactId)}/signal?${params.toString()}`,
    cards: sent,
  };
}

/** Reads cards back from signal parameters (the simulator, and any Studio-side consumer written in JS). */
export function decodeSignalCards(params: URLSearchParams): CxoneCard[] | undefined {
  if (params.get("p1") !== SIGNAL_FORMAT) return undefined;
  const count = Number(params.get("p2"));
  if (!Number.isInteger(count) || count < 0 || count > SIGNAL_MAX_CARDS) return undefined;
  const cards: CxoneCard[] = [];
  for (let i = 0; i < count; i++) {
    const raw = params.get(`p${i + 3}`);
    if (raw === null) return undefined;
    cards.push(JSON.parse(raw) as CxoneCard);
  }
  return cards;
}
