import type { Driver } from "neo4j-driver";
import { GraphFixture } from "../support/fixtures";
import { postGraphql, startTestGateway } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH_BATCH, startPushHarness, type PushHarness } from "../support/pushHarness";

let driver: Driver;
let h: PushHarness;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const terms = Array.from({ length: 4 }, (_, i) => f.keyword(`term${i}`));

beforeAll(async () => {
  driver = await openTestDriver();
  terms.forEach((term, i) =>
    f
      .article({ slug: `a${i}`, priority: i })
      .term(term)
      .link({ term }, "RESOLVES", { article: f.url(`a${i}`) }),
  );
  await f.save(driver);
  h = await startPushHarness();
});

afterAll(async () => {
  await h.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

/** Every statement the gateway sends through `driver`, whichever way it runs it (executeQuery or a session). */
function recordStatements(target: Driver): { texts: string[]; restore(): void } {
  const texts: string[] = [];
  const openSession = target.session.bind(target);
  const queries = jest.spyOn(target, "executeQuery");
  const sessions = jest.spyOn(target, "session").mockImplementation((config) => {
    const session = openSession(config);
    const run = session.run.bind(session);
    jest.spyOn(session, "run").mockImplementation((query, ...rest) => {
      texts.push(String(query));
      return run(query, ...rest);
    });
    return session;
  });
  return {
    get texts() {
      return [...texts, ...queries.mock.calls.map(([query]) => String(query))];
    },
    restore() {
      queries.mockRestore();
      sessions.mockRestore();
    },
  };
}

type Item = {
  index: number;
  interactionId: string;
  push: { status: string; cards: { url: string }[] } | null;
  error: { code: string; field?: string } | null;
};

describe("pushToAgentAssistBatch", () => {
  it("runs 20 traversals in one Cypher round trip, delivers each, and isolates one bad item", async () => {
    const statements = recordStatements(h.gateway.driver);
    const inputs = Array.from({ length: 20 }, (_, i) => ({
      interactionId: `B-${tag}-${i}`,
      query: terms[i % 4],
      agentId: "a1",
    }));
    inputs[7] = { ...inputs[7], interactionId: "not valid!" } as (typeof inputs)[number];
    try {
      const { body } = await postGraphql(h.gateway.url, PUSH_BATCH, { inputs });
      const items = body.data?.pushToAgentAssistBatch as Item[];
      const batchQueries = statements.texts.filter((text) => text.startsWith("UNWIND $requests"));
      expect(batchQueries).toHaveLength(1);
      expect(items).toHaveLength(20);
      expect(items[7]).toMatchObject({
        index: 7,
        push: null,
        error: { code: "BAD_USER_INPUT", field: "inputs[7].interactionId" },
      });
      const delivered = items.filter((item) => item.push?.status === "DELIVERED");
      expect(delivered).toHaveLength(19);
      for (const item of delivered) expect(item.push?.cards.map((c) => c.url)).toEqual([f.url(`a${item.index % 4}`)]);
      expect(h.simulator.state().deliveries).toHaveLength(19);
    } finally {
      statements.restore();
    }
  });

  it("gives a failing delivery its own error without failing the others", async () => {
    h.simulator.reset();
    h.cxone.tokens.clear();
    h.simulator.endInteraction(`C-${tag}-1`);
    const inputs = [0, 1, 2].map((i) => ({ interactionId: `C-${tag}-${i}`, query: terms[i], agentId: "a1" }));
    const { body } = await postGraphql(h.gateway.url, PUSH_BATCH, { inputs });
    const items = body.data?.pushToAgentAssistBatch as Item[];
    expect(items.map((i) => i.push?.status ?? i.error?.code)).toEqual([
      "DELIVERED",
      "INTERACTION_NOT_FOUND",
      "DELIVERED",
    ]);
  });

  it("refuses more than 50 pushes before doing any work", async () => {
    const inputs = Array.from({ length: 51 }, (_, i) => ({ interactionId: `D-${i}`, query: terms[0], agentId: "a1" }));
    const { body } = await postGraphql(h.gateway.url, PUSH_BATCH, { inputs });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "inputs" });
  });
});

describe("CXONE_BATCH_CONCURRENCY with the zero-config simulator", () => {
  it("bounds a batch's concurrent deliveries in simulator mode too", async () => {
    const app = await startTestGateway({
      env: { CXONE_SIMULATOR: "auto", CXONE_SIMULATOR_PORT: "0", CXONE_BATCH_CONCURRENCY: "1" },
    });
    try {
      const simulatorUrl = app.simulator?.url as string;
      const fault = { route: "content", delayMs: 400, status: 200, afterProcessing: true, times: 4 };
      const scripted = await fetch(`${simulatorUrl}/_control/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fault),
      });
      expect(scripted.status).toBe(200);
      const inputs = terms.map((query, i) => ({ interactionId: `SIM-${tag}-${i}`, query, agentId: "a1" }));
      const started = Date.now();
      const { body } = await postGraphql(app.url, PUSH_BATCH, { inputs });
      const elapsed = Date.now() - started;
      expect(
        (body.data?.pushToAgentAssistBatch as { push: { status: string } | null }[]).map((i) => i.push?.status),
      ).toEqual(Array(4).fill("DELIVERED"));
      // One at a time: four deliveries of 400 ms each take at least 1.6 s (eight at once would take about 0.4 s).
      expect(elapsed).toBeGreaterThanOrEqual(1_500);
    } finally {
      await app.stop();
    }
  });
});
