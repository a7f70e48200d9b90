import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../src/dev/neo4j/freePort";
import { projectPath } from "../src/platform/paths";
import { GATEWAY_NODE_FLAGS } from "../src/platform/config/nodeFlags";

/**
 * CI's check that what ships works: starts the built `dist/src/main.js` zero-config (local Neo4j, demo knowledge
 * base, CXone simulator) in its own process group, waits for /readyz, runs one query and one push, stops it with
 * SIGTERM and expects a clean exit. The whole group is killed if anything fails.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "aag-smoke-"));
  const [port, bolt, simulator] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    NEO4J_LOCAL_PORT: String(bolt),
    NEO4J_LOCAL_DATA_DIR: dataDir,
    NEO4J_LOCAL_HEAP: "512m",
    CXONE_SIMULATOR_PORT: String(simulator),
    LOG_LEVEL: "warn",
  };
  for (const key of Object.keys(env))
    if (/^(NEO4J_URI|NEO4J_PASSWORD|CXONE_BASE_URL|CXONE_CLIENT_)/.test(key)) delete env[key];
  const child = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, projectPath("dist/src/main.js")], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const killGroup = () => {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      // gone already
    }
  };
  process.once("exit", killGroup);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (c: Buffer) => {
        out += c.toString();
        process.stdout.write(c);
        if (out.includes("Health:")) resolve();
      });
      void exited.then((code) => reject(new Error(`gateway exited (${code}) before it was ready`)));
      setTimeout(() => reject(new Error("gateway not ready within 5 minutes")), 300_000).unref();
    });
    const base = `http://127.0.0.1:${port}`;
    const ready = await fetch(`${base}/readyz`);
    if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}: ${await ready.text()}`);
    const post = async (query: string) => {
      const response = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    };
    const suggested = await post('{ suggestArticles(query: "voip gateway password") { title } }');
    if (!(suggested.data?.suggestArticles as unknown[] | undefined)?.length)
      throw new Error(`query failed: ${JSON.stringify(suggested)}`);
    const pushed = await post(
      'mutation { pushToAgentAssist(input: { interactionId: "SMOKE-1", query: "voip gateway password", agentId: "ci" }) { status } }',
    );
    if ((pushed.data?.pushToAgentAssist as { status?: string } | undefined)?.status !== "DELIVERED")
      throw new Error(`push failed: ${JSON.stringify(pushed)}`);
    child.kill("SIGTERM");
    const code = await exited;
    if (code !== 0) throw new Error(`gateway exited with ${code} after SIGTERM`);
    console.log("smoke: built gateway ready, query and push ok, stopped cleanly");
  } finally {
    killGroup();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`smoke failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
