import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../src/dev/neo4j/freePort";
import { postGraphql } from "../support/gatewayHarness";
import { GatewayProcess } from "../support/gatewayProcess";
import { PUSH } from "../support/pushHarness";
import { docExamples, fillPlaceholders } from "../support/docsExamples";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "aag-zero-config-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

const SUGGEST = 'query { suggestArticles(query: "  VoIP Gateway   PASSWORD ") { title url } }';

describe("the zero-config start (npm start)", () => {
  jest.setTimeout(300_000);

  it("starts a local Neo4j and the CXone simulator, seeds the demo knowledge base, serves and pushes it, stops cleanly, and keeps the data", async () => {
    const [port, boltPort, simulatorPort] = [await freePort(), await freePort(), await freePort()];
    const env = {
      PORT: String(port),
      NEO4J_LOCAL_PORT: String(boltPort),
      NEO4J_LOCAL_DATA_DIR: dataDir,
      NEO4J_LOCAL_HEAP: "512m",
      CXONE_SIMULATOR_PORT: String(simulatorPort),
      LOG_LEVEL: "warn",
    };

    const first = GatewayProcess.start(env);
    await first.waitFor(/Health:/);
    const url = `http://127.0.0.1:${port}/graphql`;

    // The first burst right after ready is served like any other: 40 pushes and 40 searches at once, no error.
    const burst = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) =>
        postGraphql(url, PUSH, {
          input: { interactionId: `BURST-${i}`, query: "voip gateway password", agentId: "agent-burst" },
        }),
      ),
      ...Array.from({ length: 40 }, () => postGraphql(url, SUGGEST)),
    ]);
    expect(burst.filter((r) => r.status !== 200 || r.body.errors)).toEqual([]);
    expect(first.output).toContain(`http://127.0.0.1:${port}/graphql`);
    expect(first.output).toContain(`bolt://127.0.0.1:${boltPort}`);
    expect(first.output).toContain("password agent-assist-local");
    expect(first.output).toMatch(/seeded 60 articles, 43 search terms/);

    const { body } = await postGraphql(`http://127.0.0.1:${port}/graphql`, SUGGEST);
    const titles = (body.data?.suggestArticles as { title: string }[]).map((a) => a.title);
    expect(titles[0]).toBe("Resetting VoIP gateway credentials");
    expect(titles).not.toContain("VoIP gateway factory reset (draft)");

    // No CXone credentials: the simulator runs, and a push lands on its agent page.
    expect(first.output).toContain(`simulator at http://127.0.0.1:${simulatorPort}`);
    const pushed = await postGraphql(`http://127.0.0.1:${port}/graphql`, PUSH, {
      input: { interactionId: "INT-START-1", query: "voip gateway password", agentId: "agent-1" },
    });
    expect((pushed.body.data?.pushToAgentAssist as { status: string }).status).toBe("DELIVERED");
    const page = await (await fetch(`http://127.0.0.1:${simulatorPort}/`)).text();
    expect(page).toContain("INT-START-1");
    expect(page).toContain("Resetting VoIP gateway credentials");

    // The shipped assembly wires the CXone client with metrics.
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^aag_cxone_call_duration_seconds_count\{route="content",status="200"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^aag_cxone_token_refreshes_total [1-9]/m);

    expect(await first.stop("SIGTERM")).toBe(0);
    expect(await portIsOpen(boltPort)).toBe(false);
    expect(await portIsOpen(port)).toBe(false);
    expect(await portIsOpen(simulatorPort)).toBe(false);

    const second = GatewayProcess.start(env);
    await second.waitFor(/Health:/);
    expect(second.output).not.toMatch(/seeded/);
    const again = await postGraphql(`http://127.0.0.1:${port}/graphql`, SUGGEST);
    expect(again.body.data).toEqual(body.data);
    expect(await second.stop("SIGINT")).toBe(0);
  });

  it("on a terminal: people's log lines (no JSON), the banner within the first 25 lines, and no warm-up request counted in /metrics", async () => {
    const [port, boltPort, simulatorPort] = [await freePort(), await freePort(), await freePort()];
    const env = {
      NODE_ENV: "development",
      PORT: String(port),
      NEO4J_LOCAL_PORT: String(boltPort),
      NEO4J_LOCAL_DATA_DIR: dataDir,
      NEO4J_LOCAL_HEAP: "512m",
      CXONE_SIMULATOR_PORT: String(simulatorPort),
    };
    // `script` gives the gateway a pseudo-terminal, as a person's shell does.
    const command = [process.execPath, "--import", "tsx", "src/main.ts"].join(" ");
    const gateway = GatewayProcess.start(env, ["script", "-q", "-e", "-c", command, "/dev/null"]);
    await gateway.waitFor(/Health:/);
    const lines = gateway.output.split(/\r?\n/);
    const bannerAt = lines.findIndex((l) => l.includes("agent-assist-gateway is running"));
    expect(bannerAt).toBeGreaterThanOrEqual(0);
    expect(bannerAt).toBeLessThan(25);
    expect(lines.filter((l) => /^\s*\{"level"/.test(l))).toEqual([]);
    expect(gateway.output).toMatch(/warm-up done: \d+ requests in [\d.]+ s/);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).not.toMatch(/^aag_graphql_request_duration_seconds_count/m);
    expect(await gateway.stopGroup("SIGTERM")).toBe(0);
  });

  it("every GraphQL example in README.md and docs/ runs as written, in reading order, without an error", async () => {
    const [port, boltPort, simulatorPort] = [await freePort(), await freePort(), await freePort()];
    const gateway = GatewayProcess.start({
      PORT: String(port),
      NEO4J_LOCAL_PORT: String(boltPort),
      NEO4J_LOCAL_DATA_DIR: dataDir,
      NEO4J_LOCAL_HEAP: "512m",
      CXONE_SIMULATOR_PORT: String(simulatorPort),
      LOG_LEVEL: "warn",
    });
    try {
      await gateway.waitFor(/Health:/);
      const examples = docExamples(process.cwd());
      expect(examples.length).toBeGreaterThanOrEqual(8);
      // What a reader fills in from an earlier answer (the docs write it "<like this>").
      const values: Record<string, string> = {};
      const failures: string[] = [];
      for (const example of examples) {
        const where = `${example.file}:${example.line}`;
        const { status, body } = await postGraphql(
          `http://127.0.0.1:${port}/graphql`,
          fillPlaceholders(example.source, values),
        );
        if (status !== 200 || body.errors || !body.data)
          failures.push(`${where}: HTTP ${status} ${JSON.stringify(body.errors ?? body)}`);
        const pushed = body.data?.pushToAgentAssist as { id?: string; cards?: { url: string }[] } | undefined;
        if (pushed?.id) values["id your push answered with"] = pushed.id;
        if (pushed?.cards?.[0]) values["url of one of its cards"] = pushed.cards[0].url;
      }
      expect(failures).toEqual([]);
      expect(Object.keys(values)).toHaveLength(2);
    } finally {
      expect(await gateway.stop("SIGTERM")).toBe(0);
    }
  });
});
