import { toCard, truncate, CARD_TITLE_MAX } from "../../src/integrations/cxone/cards";
import {
  contentDelivery,
  decodeSignalCards,
  SIGNAL_FORMAT,
  SIGNAL_MAX_CARDS,
  signalDelivery,
} from "../../src/integrations/cxone/deliveryRoutes";

const card = (i: number) =>
  toCard({
    title: `Title ${i}`,
    url: `https://kb.test/${i}`,
    summary: `Summary ${i}`,
    priority: i,
    updatedAt: i % 2 ? "2026-01-01T00:00:00Z" : null,
  });

describe("cards", () => {
  it("carry lastUpdated only when the article has an updatedAt", () => {
    expect(card(1).metadata).toEqual({
      source: "neo4j_knowledge_graph",
      priority: 1,
      lastUpdated: "2026-01-01T00:00:00Z",
    });
    expect(card(2).metadata).toEqual({ source: "neo4j_knowledge_graph", priority: 2 });
  });

  it("cut over-long text at a code point boundary, marking the cut", () => {
    const long = "😀".repeat(CARD_TITLE_MAX + 5);
    const cut = truncate(long, CARD_TITLE_MAX);
    expect(Array.from(cut)).toHaveLength(CARD_TITLE_MAX);
    expect(cut.endsWith("…")).toBe(true);
    expect(truncate("short", 10)).toBe("short");
  });
});

describe("contract A content route", () => {
  it("posts {content: cards} to the interaction's content path", () => {
    const request = contentDelivery("https://api.test", "INT-1", [card(1)]);
    expect(request.url).toBe("https://api.test/api/v2/agentassist/interactions/INT-1/content");
    expect(JSON.parse(request.body ?? "")).toEqual({ content: [card(1)] });
  });
});

describe("contract B signal parameters", () => {
  it("put the format in p1, the count in p2 and one card per parameter from p3", () => {
    const cards = [card(1), card(2)];
    const request = signalDelivery("https://api-na1.example.com", "42", cards);
    const url = new URL(request.url);
    expect(url.pathname).toBe("/inContactAPI/services/v30.0/interactions/42/signal");
    expect(url.searchParams.get("p1")).toBe(SIGNAL_FORMAT);
    expect(url.searchParams.get("p2")).toBe("2");
    expect(JSON.parse(url.searchParams.get("p3") ?? "")).toEqual(cards[0]);
    expect(decodeSignalCards(url.searchParams)).toEqual(cards);
  });

  it("carry at most 18 cards and report exactly those as sent", () => {
    const request = signalDelivery(
      "https://api.test",
      "42",
      Array.from({ length: 20 }, (_, i) => card(i)),
    );
    expect(request.cards).toHaveLength(SIGNAL_MAX_CARDS);
    expect(new URL(request.url).searchParams.get("p21")).toBeNull();
  });
});
