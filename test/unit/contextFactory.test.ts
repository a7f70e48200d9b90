import pino from "pino";
import type { Driver } from "neo4j-driver";
import { createContextFactory } from "../../src/app/contextFactory";
import { createAuthenticator } from "../../src/platform/auth/authenticate";
import type { AgentAssistPusher } from "../../src/features/push";

/** A request's context: its suggestion loader is made on first use, once per request. */
function factory() {
  return createContextFactory({
    authenticate: createAuthenticator({ mode: "none" } as Parameters<typeof createAuthenticator>[0]),
    driver: {} as Driver, // never reached: nothing here loads a suggestion
    database: "neo4j",
    logger: pino({ level: "silent" }),
    queryTimeoutMs: 1_000,
    pusher: {} as AgentAssistPusher,
    feedbackWeight: 2,
    ranks: { search: "PRIORITY", text: "RELEVANCE" },
  });
}

describe("the request context", () => {
  it("makes a request's suggestion loader on first use, and the same one every time after (one batch per request)", async () => {
    const make = factory();
    const context = await make({ requestId: "r1" });
    const descriptor = Object.getOwnPropertyDescriptor(context.assist, "loader");
    expect(descriptor?.get).toBeInstanceOf(Function); // not made while building the context
    const loader = context.assist.loader;
    expect(context.assist.loader).toBe(loader);
    const other = await make({ requestId: "r2" });
    expect(other.assist.loader).not.toBe(loader); // each request its own
  });
});
