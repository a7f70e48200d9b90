import { renderAgentList, renderAgentPage, type AgentPageOptions } from "../../src/dev/cxone-simulator/agentPage";
import type { DeliveryRecord } from "../../src/dev/cxone-simulator/deliveryStore";

const now = Date.parse("2026-12-03T12:00:00Z");

function delivery(interactionId: string, pushId: string, minutesAgo: number, title: string): DeliveryRecord {
  return {
    route: "content",
    interactionId,
    contentId: `c-${pushId}`,
    idempotencyKey: `aag-push-${pushId}`,
    requestId: null,
    traceparent: null,
    cards: [
      {
        title,
        url: `https://kb.example.com/${pushId}`,
        description: "d",
        type: "knowledge-article",
        displayType: "card",
        metadata: { source: "kb", priority: 9 },
      },
    ],
    receivedAt: new Date(now - minutesAgo * 60_000).toISOString(),
  } as unknown as DeliveryRecord;
}

// Oldest first, as the store keeps them.
const deliveries = [
  delivery("INT-1", "p1", 30, "For agent 7, first"),
  delivery("INT-2", "p2", 20, "For agent 3"),
  delivery("INT-1", "p3", 10, "For agent 7, again"),
];
const agents: Record<string, string> = { p1: "agent-7", p2: "agent-3", p3: "agent-7" };

function options(overrides: Partial<AgentPageOptions> = {}): AgentPageOptions {
  return {
    feedback: true,
    agentId: null,
    note: null,
    agentOf: (d) => agents[(d.idempotencyKey ?? "").replace("aag-push-", "")] ?? null,
    answerOf: (pushId, _url, agentId) => (pushId === "p3" && agentId === "agent-7" ? false : undefined),
    knowsAgents: true,
    agents: ["agent-3", "agent-7"],
    version: 4,
    now,
    ...overrides,
  };
}

describe("the simulator's agent page", () => {
  it("?agent= lists that agent's interactions only, newest first, each push newest first", () => {
    const html = renderAgentList(deliveries, options({ agentId: "agent-7" }));
    expect(html).not.toContain("For agent 3");
    expect(html.indexOf("For agent 7, again")).toBeLessThan(html.indexOf("For agent 7, first"));
    expect(html).toContain('name="agentId" value="agent-7"');
    const all = renderAgentList(deliveries, options());
    expect(all.indexOf("Interaction INT-1")).toBeLessThan(all.indexOf("Interaction INT-2")); // INT-1 delivered to last
    expect(all).toContain("for agent-3");
  });

  it("shows the answer an agent chose, pressed, and both buttons stay to change it", () => {
    const html = renderAgentList(deliveries, options({ agentId: "agent-7" }));
    const card = html.slice(html.indexOf("For agent 7, again"), html.indexOf("For agent 7, first"));
    expect(card).toMatch(/value="false" aria-pressed="true"/);
    expect(card).toMatch(/value="true" aria-pressed="false"/);
    expect(card).toContain("You answered: not helpful.");
  });

  it("times are relative with the UTC time on hover, as on the console", () => {
    const html = renderAgentList(deliveries, options());
    expect(html).toContain('title="2026-12-03 11:50:00 UTC">10 min ago</time>');
  });

  it("when agents cannot be told apart, ?agent= shows everyone's and says why; the page patches itself, never reloads", () => {
    const page = renderAgentPage(deliveries, options({ agentId: "agent-7", knowsAgents: false }));
    expect(page).toContain("For agent 3");
    expect(page).toContain("no gateway to ask which agent");
    expect(page).not.toContain("location.reload");
    expect(page).toContain('data-version="4"');
    expect(page).toContain('rel="icon"');
  });
});
