import { once } from "node:events";
import type { Driver } from "neo4j-driver";
import { freePort } from "../../src/dev/neo4j/freePort";
import { CxoneSimulator, SIMULATOR_DEFAULTS } from "../../src/dev/cxone-simulator/CxoneSimulator";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { GatewayProcess } from "../support/gatewayProcess";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";
import { PUSH } from "../support/pushHarness";

let driver: Driver;
let simulator: CxoneSimulator;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("drain");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 1 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .save(driver);
  simulator = await CxoneSimulator.start();
});

afterAll(async () => {
  await simulator.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

describe("SIGTERM", () => {
  jest.setTimeout(120_000);

  it("lets an in-flight push finish, then exits cleanly and stops listening", async () => {
    const port = await freePort();
    const neo4j = testConnection();
    const gateway = GatewayProcess.start({
      PORT: String(port),
      LOG_LEVEL: "info",
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      KB_SEED_WHEN_EMPTY: "false",
      CXONE_BASE_URL: simulator.url,
      CXONE_CLIENT_ID: SIMULATOR_DEFAULTS.clientId,
      CXONE_CLIENT_SECRET: SIMULATOR_DEFAULTS.clientSecret,
    });
    await gateway.waitFor(/Health:/, 60_000);
    simulator.injectFault("content", { delayMs: 2_000 });

    const url = `http://127.0.0.1:${port}/graphql`;
    // SIGTERM while the push is in flight: sent when CXone (the simulator) has received it.
    const arrived = once(simulator.events, "attempt");
    const slowPush = postGraphql(url, PUSH, { input: { interactionId: `SIG-${tag}`, query: term, agentId: "a" } });
    await arrived;
    const exited = gateway.stop("SIGTERM");

    const { body } = await slowPush;
    expect((body.data?.pushToAgentAssist as { status: string }).status).toBe("DELIVERED");
    expect(await exited).toBe(0);
    expect(simulator.state().deliveries.map((d) => d.interactionId)).toContain(`SIG-${tag}`);
    await expect(fetch(url.replace(/graphql$/, "healthz"))).rejects.toThrow();
    expect(gateway.output).toMatch(/"component":"gateway","msg":"stopping"/);
  });
});
