import type { Driver } from "neo4j-driver";
import { SIMULATOR_DEFAULTS } from "../../src/dev/cxone-simulator/CxoneSimulator";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { PUSH, startPushHarness } from "../support/pushHarness";

let driver: Driver;
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("secret");

beforeAll(async () => {
  driver = await openTestDriver();
  await f
    .article({ slug: "a", priority: 1 })
    .term(term)
    .link({ term }, "RESOLVES", { article: f.url("a") })
    .save(driver);
});
afterAll(async () => {
  await deleteTagged(driver, tag);
  await driver.close();
});

describe("logs never carry secrets or tokens", () => {
  it.each(["client-credentials", "access-key"] as const)(
    "for a full %s push run with refreshes and failures",
    async (mode) => {
      const h = await startPushHarness({ mode });
      try {
        const id = mode === "access-key" ? "777" : "INT-secret";
        h.simulator.injectFault(mode === "access-key" ? "signal" : "content", { status: 401 });
        h.simulator.injectFault(mode === "access-key" ? "signal" : "content", { status: 503 });
        const ok = await postGraphql(h.gateway.url, PUSH, { input: { interactionId: id, query: term, agentId: "a" } });
        expect((ok.body.data?.pushToAgentAssist as { status: string }).status).toBe("DELIVERED");
        h.simulator.injectFault(mode === "access-key" ? "auth-token" : "token", { status: 401, times: "always" });
        h.simulator.revokeTokens();
        // The same article again, on purpose (by default an article already shown is not pushed twice).
        const failed = await postGraphql(h.gateway.url, PUSH, {
          input: { interactionId: id, query: term, agentId: "a", includeShown: true },
        });
        expect(failed.body.errors?.[0]?.extensions?.code).toBe("CXONE_AUTH_FAILED");

        const logs = h.logs.join("");
        expect(logs.length).toBeGreaterThan(0);
        const secrets = [
          SIMULATOR_DEFAULTS.clientSecret,
          SIMULATOR_DEFAULTS.accessKeySecret,
          ...h.simulator.issuedTokens(),
        ];
        expect(h.simulator.issuedTokens().length).toBeGreaterThanOrEqual(2);
        for (const secret of secrets) expect(logs).not.toContain(secret);
        expect(JSON.stringify([ok.body, failed.body])).not.toMatch(/simulator-secret|sim_/);
      } finally {
        await h.stop();
      }
    },
  );
});
