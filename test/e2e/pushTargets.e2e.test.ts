import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import type { Driver } from "neo4j-driver";
import type { CxoneSimulator } from "../../src/dev/cxone-simulator/CxoneSimulator";
import { freePort } from "../../src/dev/neo4j/freePort";
import type { App } from "../../src/app/startApp";
import { startApp } from "../../src/app/startApp";
import { loadConfig } from "../../src/platform/config/config";
import { createLogger } from "../../src/platform/observability/logger";
import { GraphFixture } from "../support/fixtures";
import { postGraphql, startAbortably, testEnvironment } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness, waitForPushStatus, type PushHarness } from "../support/pushHarness";

/**
 * Two gateways on one graph with different CXones: "production" (configured credentials, its CXone down for a
 * while) and a developer's zero-config gateway with its own simulator. Every push reaches the CXone it was accepted
 * for, exactly once; the developer's gateway never takes production's queued pushes, and says it leaves them alone.
 */
let driver: Driver;
let production: PushHarness;
let developer: App | undefined;
const developerLog = new EventEmitter();
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("reset");
const PUSHES = 30;

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 3 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .save(driver);
  production = await startPushHarness({
    env: { PUSH_TTL_SECONDS: "120", PUSH_RETRY_BASE_MS: "100", PUSH_RETRY_MAX_MS: "200" },
    tuning: {
      pushDeadlineMs: 2_000,
      retry: { maxAttempts: 1, backoffBaseMs: 50, retryAfterCapMs: 100 },
      breaker: { errorPercent: 100, minPushes: 10_000, resetMs: 1_000 },
    },
  });
});

afterAll(async () => {
  await developer?.stop();
  await production?.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

/** A zero-config gateway (no CXone credentials: its own simulator) on the same graph; its log lines go to `developerLog`. */
async function startDeveloperGateway(): Promise<App> {
  const logger = createLogger(
    "info",
    new Writable({ write: (chunk, _enc, done) => (developerLog.emit("line", String(chunk)), done()) }),
  );
  const config = loadConfig(
    testEnvironment({
      CXONE_SIMULATOR: "auto",
      CXONE_SIMULATOR_PORT: String(await freePort()),
      PUSH_DELIVERER_POLL_MS: "50",
    }),
  );
  return startAbortably((signal) => startApp(config, { logger, defaultMetrics: false, signal }));
}

type SimulatorState = { deliveries: unknown[]; deliveryAttempts: { content: number } };

/** The developer's simulator, as its control API reports it. */
async function developerSimulatorState(): Promise<SimulatorState> {
  return (await (await fetch(`${developer?.simulator?.url}/_control/state`)).json()) as SimulatorState;
}

/** Resolves with the first log line of the developer's gateway that contains `text`. */
function developerLogs(text: string): Promise<string> {
  return new Promise((resolve) => {
    const listen = (line: string) => {
      if (!line.includes(text)) return;
      developerLog.off("line", listen);
      resolve(line);
    };
    developerLog.on("line", listen);
  });
}

it("each push is delivered only to the CXone it was accepted for, exactly once, though another gateway with another CXone shares the graph", async () => {
  production.simulator.injectFault("content", { status: 503, times: "always" });
  const accepted = await Promise.all(
    Array.from({ length: PUSHES }, async (_, i) => {
      const { body } = await postGraphql(production.gateway.url, PUSH, {
        input: { interactionId: `${tag}-${i}`, query: term, agentId: "a1" },
      });
      return body.data?.pushToAgentAssist as { status: string; pushId: string };
    }),
  );
  expect(accepted.map((p) => p.status)).toEqual(Array(PUSHES).fill("QUEUED"));

  // The developer's gateway starts while production's CXone is down: its deliverer looks every 50 ms.
  const leftAlone = developerLogs("leaves them alone");
  developer = await startDeveloperGateway();
  const line = JSON.parse(await leftAlone) as { target: string; otherTarget: string; open: number };
  expect(line.target).toMatch(/^simulator@/);
  expect(line.otherTarget).toBe(`content@${new URL(production.simulator.url).host}`);
  expect(line.open).toBeGreaterThanOrEqual(1);

  // Production keeps retrying (every attempt refused) while the developer's deliverer keeps looking: wait until
  // every push has failed at least twice more, so both deliverers have had many chances to claim each one; or stop
  // at the first attempt that reaches the developer's simulator (the fault this test is about).
  const developerSim = developer.simulator as unknown as CxoneSimulator;
  const attemptsBefore = production.simulator.state().deliveryAttempts.content;
  await new Promise<void>((resolve) => {
    const done = () => {
      production.simulator.events.off("attempt", onAttempt);
      developerSim.events.off("attempt", done);
      resolve();
    };
    const onAttempt = () => {
      if (production.simulator.state().deliveryAttempts.content >= attemptsBefore + 2 * PUSHES) done();
    };
    production.simulator.events.on("attempt", onAttempt);
    developerSim.events.on("attempt", done);
  });
  const developerSimulator = await developerSimulatorState();
  expect(developerSimulator.deliveries).toEqual([]);
  expect(developerSimulator.deliveryAttempts.content).toBe(0);

  // The developer's /readyz names its own target and production's open pushes it leaves alone.
  const ready = (await (await fetch(developer.url.replace(/\/graphql$/, "/readyz"))).json()) as {
    checks: Record<string, string>;
  };
  expect(ready.checks.pushTarget).toBe(line.target);
  expect(ready.checks.otherTargets).toContain(line.otherTarget);

  // Production's CXone is back: every push arrives there, once.
  production.simulator.faults.clear();
  const settled = await Promise.all(
    accepted.map((p) => waitForPushStatus(production.gateway.url, p.pushId, ["DELIVERED", "EXPIRED", "FAILED"])),
  );
  expect(settled.map((p) => p.status)).toEqual(Array(PUSHES).fill("DELIVERED"));
  const delivered = production.simulator
    .state()
    .deliveries.filter((d) => d.interactionId.startsWith(`${tag}-`))
    .map((d) => d.interactionId)
    .sort();
  expect(delivered).toEqual(Array.from({ length: PUSHES }, (_, i) => `${tag}-${i}`).sort());
  const after = await developerSimulatorState();
  expect(after.deliveries).toEqual([]);
});

it("the developer's queued pushes wait for its simulator; production's gateway, with a healthy CXone, never takes them", async () => {
  if (!developer?.simulator) throw new Error("the first test starts the developer's gateway");
  const control = `${developer.simulator.url}/_control/faults`;
  const productionAttempts = production.simulator.state().deliveryAttempts.content;
  const fault = await fetch(control, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ route: "content", status: 503, times: "always" }),
  });
  expect(fault.status).toBeLessThan(300);
  const { body } = await postGraphql(developer.url, PUSH, {
    input: { interactionId: `${tag}-dev`, query: term, agentId: "a1" },
  });
  const queued = body.data?.pushToAgentAssist as { status: string; pushId: string };
  expect(queued.status).toBe("QUEUED");
  // Production's deliverer (poll 250 ms) has many looks while the developer's push fails twice more.
  const attempts = async () => (await developerSimulatorState()).deliveryAttempts.content;
  const start = await attempts();
  while ((await attempts()) < start + 2) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(production.simulator.state().deliveries.map((d) => d.interactionId)).not.toContain(`${tag}-dev`);
  await fetch(control, { method: "DELETE" });
  expect((await waitForPushStatus(developer.url, queued.pushId, ["DELIVERED", "EXPIRED"])).status).toBe("DELIVERED");
  expect(production.simulator.state().deliveryAttempts.content).toBe(productionAttempts);
});
