import type { Driver } from "neo4j-driver";
import { freePort } from "../../src/dev/neo4j/freePort";
import { CxoneSimulator } from "../../src/dev/cxone-simulator/CxoneSimulator";
import { GraphFixture } from "../support/fixtures";
import { testEnvironment } from "../support/gatewayHarness";
import { GatewayProcess } from "../support/gatewayProcess";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";
import { PUSH, simulatorEnvironment } from "../support/pushHarness";

/** How long CXone answers 503 to every delivery, and how many pushes arrive each second meanwhile. */
const OUTAGE_MS = 30_000;
const PUSHES_PER_SECOND = 10;

let driver: Driver;
let simulator: CxoneSimulator;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("durable");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 2 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .save(driver);
  simulator = await CxoneSimulator.start();
});

afterAll(async () => {
  GatewayProcess.killAll();
  await simulator?.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

beforeEach(() => simulator.reset());

/** A gateway process on the shared test Neo4j, pointed at the simulator; resolves once it is ready. */
async function startGateway(port: number): Promise<GatewayProcess> {
  const gateway = GatewayProcess.start(
    testEnvironment({
      PORT: String(port),
      LOG_LEVEL: "warn",
      ...simulatorEnvironment(simulator),
      CXONE_PUSH_DEADLINE_MS: "1000",
      CXONE_BACKOFF_BASE_MS: "50",
      CXONE_BREAKER_RESET_MS: "1000",
      CXONE_MAX_PUSHES_PER_SECOND: "1000",
      CXONE_PUSH_BURST: "1000",
    }),
  );
  await gateway.waitFor(/Health:/, 120_000);
  return gateway;
}

interface Answer {
  interactionId: string;
  outcome: string;
}

/**
 * Runs an outage: CXone answers 503 to every delivery while pushes arrive at PUSHES_PER_SECOND, spread over the
 * gateways; `midway` runs halfway through. Then CXone recovers, and the test waits until every accepted push has
 * been delivered. Returns every answer and the simulator's deliveries.
 */
async function outage(ports: number[], run: string, midway: () => Promise<void> = async () => undefined) {
  simulator.injectFault("content", { status: 503, times: "always" });
  const answers: Promise<Answer>[] = [];
  const total = (OUTAGE_MS / 1000) * PUSHES_PER_SECOND;
  const started = Date.now();
  let midwayDone: Promise<void> | undefined;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / PUSHES_PER_SECOND;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    if (i === total / 2) midwayDone = midway();
    const interactionId = `${tag}-${run}-${i}`;
    const port = ports[i % ports.length] as number;
    answers.push(
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: PUSH, variables: { input: { interactionId, query: term, agentId: "agent-7" } } }),
      }).then(
        async (response) => {
          const body = (await response.json()) as {
            data?: { pushToAgentAssist?: { status: string } };
            errors?: { extensions?: { code?: string } }[];
          };
          return {
            interactionId,
            outcome: body.data?.pushToAgentAssist?.status ?? `error ${body.errors?.[0]?.extensions?.code}`,
          };
        },
        () => ({ interactionId, outcome: "not reachable" }),
      ),
    );
  }
  await midwayDone;
  const settled = await Promise.all(answers);
  simulator.faults.clear();
  const accepted = settled
    .filter((a) => a.outcome === "DELIVERED" || a.outcome === "QUEUED")
    .map((a) => a.interactionId);
  // Every accepted push arrives (the deliverers drain the queue); waits on the simulator's own record.
  const until = Date.now() + 90_000;
  const delivered = () => simulator.state().deliveries.filter((d) => d.interactionId.startsWith(`${tag}-${run}-`));
  const allArrived = () => {
    const ids = new Set(delivered().map((d) => d.interactionId));
    return accepted.every((id) => ids.has(id));
  };
  while (!allArrived() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
  // A little longer, for any duplicate that would follow.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  return { settled, accepted, deliveries: delivered() };
}

async function ledgerStatuses(run: string): Promise<Record<string, number>> {
  const { records } = await driver.executeQuery(
    "MATCH (p:Push) WHERE p.interactionId STARTS WITH $prefix RETURN p.status AS status, count(*) AS n",
    { prefix: `${tag}-${run}-` },
    { database: testConnection().database },
  );
  return Object.fromEntries(records.map((r) => [r.get("status") as string, Number(r.get("n"))]));
}

/**
 * Each accepted push reached CXone exactly once, and nothing else did, except pushes whose answer was lost with a
 * killed gateway ("not reachable"): such a push may have been recorded just before the kill, and is then delivered
 * after the restart like any queued one (and exactly once too).
 */
function expectExactlyOnce(result: Awaited<ReturnType<typeof outage>>): void {
  const deliveredIds = result.deliveries.map((d) => d.interactionId);
  expect(new Set(deliveredIds).size).toBe(deliveredIds.length); // no duplicate
  const delivered = new Set(deliveredIds);
  expect(result.accepted.filter((id) => !delivered.has(id))).toEqual([]); // every accepted push
  const accepted = new Set(result.accepted);
  const unanswered = new Set(result.settled.filter((a) => a.outcome === "not reachable").map((a) => a.interactionId));
  expect(deliveredIds.filter((id) => !accepted.has(id) && !unanswered.has(id))).toEqual([]); // nothing else
}

describe("no push is lost in a CXone outage", () => {
  jest.setTimeout(240_000);

  it("30 s of 503 at 10 pushes a second: every answer is DELIVERED or QUEUED, and after recovery CXone has each exactly once", async () => {
    const port = await freePort();
    const gateway = await startGateway(port);
    try {
      const result = await outage([port], "one");
      expect(result.settled.filter((a) => !["DELIVERED", "QUEUED"].includes(a.outcome))).toEqual([]);
      expect(result.accepted).toHaveLength((OUTAGE_MS / 1000) * PUSHES_PER_SECOND);
      expectExactlyOnce(result);
      expect(await ledgerStatuses("one")).toEqual({ DELIVERED: result.accepted.length });
    } finally {
      expect(await gateway.stop("SIGTERM")).toBe(0);
    }
  });

  it("the same with the gateway killed (SIGKILL) halfway and started again: queued pushes resume, none lost, none twice", async () => {
    const port = await freePort();
    let gateway = await startGateway(port);
    try {
      const result = await outage([port], "kill", async () => {
        gateway.kill();
        gateway = await startGateway(port);
      });
      // While it was down, pushes could not reach it: those were never accepted. Every other answer is accepted.
      expect(result.settled.filter((a) => !["DELIVERED", "QUEUED", "not reachable"].includes(a.outcome))).toEqual([]);
      expect(result.accepted.length).toBeGreaterThan(100);
      expectExactlyOnce(result);
      // Every push the ledger holds was delivered: the accepted ones and any recorded just before the kill.
      expect(await ledgerStatuses("kill")).toEqual({ DELIVERED: result.deliveries.length });
    } finally {
      await gateway.stop("SIGTERM");
    }
  });

  it("the same with two gateway processes on one Neo4j sharing the queue", async () => {
    const ports = [await freePort(), await freePort()];
    const gateways = await Promise.all(ports.map((p) => startGateway(p)));
    try {
      const result = await outage(ports, "two");
      expect(result.settled.filter((a) => !["DELIVERED", "QUEUED"].includes(a.outcome))).toEqual([]);
      expectExactlyOnce(result);
      expect(await ledgerStatuses("two")).toEqual({ DELIVERED: result.accepted.length });
    } finally {
      for (const g of gateways) expect(await g.stop("SIGTERM")).toBe(0);
    }
  });
});
