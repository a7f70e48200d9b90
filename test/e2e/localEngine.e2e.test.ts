import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createServer, type AddressInfo } from "node:net";
import { freePort } from "../../src/dev/neo4j/freePort";
import { GatewayProcess } from "../support/gatewayProcess";

// One timeout for the whole file: jest.setTimeout is not scoped to a describe block (the last call wins), and an
// engine start, a SIGKILL and a restart take minutes on a loaded machine.
jest.setTimeout(300_000);

const dataDir = mkdtempSync(path.join(os.tmpdir(), "aag-local-engine-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A zero-config gateway owns its Neo4j: it stops it when told to stop, even mid-start, and restarts it when it dies. */
describe("the local engine (zero-config)", () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    env = {
      PORT: String(await freePort()),
      NEO4J_LOCAL_PORT: String(await freePort()),
      NEO4J_LOCAL_DATA_DIR: dataDir,
      NEO4J_LOCAL_HEAP: "512m",
      CXONE_SIMULATOR_PORT: String(await freePort()),
      LOG_LEVEL: "info",
    };
  });

  it("stops the engine it began when SIGTERM arrives during startup, so an immediate restart finds the store unlocked", async () => {
    const first = GatewayProcess.start(env);
    await first.waitFor(/"msg":"starting local Neo4j"/);
    expect(await first.stop("SIGTERM")).toBe(0);
    expect(first.output).toMatch(/stopped during startup/);

    const second = GatewayProcess.start(env);
    await second.waitFor(/Health:/);
    expect(second.output).not.toMatch(/Lock file has been locked/);
    expect(await second.stop("SIGTERM")).toBe(0);
  });

  it.each([
    ["the engine is ready and the gateway seeds and migrates", /"msg":"local Neo4j ready"/],
    ["the gateway warms up", /"operation":"Warm/],
  ])(
    "a SIGTERM to the whole process group while %s: exits within 10 s, and never restarts the engine it is stopping",
    async (_moment, marker) => {
      // At debug the warm-up's own requests are logged (one line each), which marks that moment.
      const gateway = GatewayProcess.start({ ...env, LOG_LEVEL: "debug" });
      await gateway.waitFor(marker);
      const sent = Date.now();
      const code = await gateway.stopGroup("SIGTERM");
      const tookMs = Date.now() - sent;
      expect(code).toBe(0);
      expect(tookMs).toBeLessThan(10_000);
      expect(gateway.output).not.toMatch(/restarting it|local Neo4j restarted/);
      // The store is free for the next start.
      const next = GatewayProcess.start(env);
      await next.waitFor(/Health:/);
      expect(next.output).not.toMatch(/Lock file has been locked|is in use by another Neo4j/);
      expect(await next.stop("SIGTERM")).toBe(0);
    },
  );

  it("restarts the engine when it dies, and /readyz comes back without a person", async () => {
    const gateway = GatewayProcess.start(env);
    await gateway.waitFor(/Health:/);
    const readyz = `http://127.0.0.1:${env.PORT}/readyz`;
    expect((await fetch(readyz)).status).toBe(200);
    // A second gateway on the same data directory is told so in one line, not with a Java lock trace.
    const intruder = GatewayProcess.start({
      ...env,
      PORT: String(await freePort()),
      NEO4J_LOCAL_PORT: String(await freePort()),
      CXONE_SIMULATOR: "off",
    });
    expect(await intruder.waitForExit()).toBe(1);
    expect(intruder.output).toMatch(/data directory .* is in use by another Neo4j .*NEO4J_LOCAL_DATA_DIR/);
    expect(intruder.output).not.toMatch(/FileLockException|\tat /);
    const pid = Number((await gateway.waitFor(/"pid":(\d+),"uri":"bolt/))[1]);
    const mark = gateway.output.length;
    const killedAt = Date.now();
    process.kill(pid, "SIGKILL");
    await gateway.waitFor(/local Neo4j exited unexpectedly/, 60_000, mark);
    expect((await fetch(readyz)).status).toBe(503);
    await gateway.waitFor(/local Neo4j restarted/, 240_000, mark);
    await gateway.waitFor(/warm-up done/, 120_000, gateway.output.indexOf("local Neo4j restarted", mark));
    const after = await fetch(readyz);
    expect(await after.json()).toMatchObject({ status: "ready", checks: { neo4j: "ok", warmup: "done" } });
    // The time is a property of the machine (about 18 s here, idle): reported, not asserted.
    process.stdout.write(`local engine: ready again ${((Date.now() - killedAt) / 1000).toFixed(1)} s after SIGKILL\n`);
    expect(await gateway.stop("SIGTERM")).toBe(0);
  });
});

describe("the local engine's failures, in one line", () => {
  it("a busy Bolt port names NEO4J_LOCAL_PORT, with no Java stack trace", async () => {
    const busy = createServer(() => undefined);
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    try {
      const port = (busy.address() as AddressInfo).port;
      const gateway = GatewayProcess.start({
        PORT: String(await freePort()),
        NEO4J_LOCAL_PORT: String(port),
        NEO4J_LOCAL_DATA_DIR: dataDir,
        CXONE_SIMULATOR: "off",
        LOG_LEVEL: "warn",
      });
      expect(await gateway.waitForExit()).toBe(1);
      expect(gateway.output).toMatch(new RegExp(`port ${port} \\(NEO4J_LOCAL_PORT\\) is already in use`));
      expect(gateway.output).not.toMatch(/\tat |Exception/);
    } finally {
      busy.close();
    }
  });

  it("without Java on PATH, says so in one line and how to go on, with no stack trace", async () => {
    const gateway = GatewayProcess.start({
      PORT: String(await freePort()),
      NEO4J_LOCAL_PORT: String(await freePort()),
      NEO4J_LOCAL_DATA_DIR: dataDir,
      CXONE_SIMULATOR: "off",
      LOG_LEVEL: "warn",
      // Node itself is run by its absolute path; java is looked up on this PATH and is not there.
      PATH: path.join(dataDir, "no-tools-here"),
    });
    expect(await gateway.waitForExit()).toBe(1);
    expect(gateway.output).toMatch(
      /Java \(a JDK 17 or newer\) was not found on PATH.*set NEO4J_URI and NEO4J_PASSWORD/,
    );
    expect(gateway.output).not.toMatch(/\tat |ENOENT|Exception/);
  });
});
