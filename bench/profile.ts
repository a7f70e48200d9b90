import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDriver } from "../src/platform/neo4j/driver";
import { migrate } from "../src/platform/neo4j/migrations";
import { freePort } from "../src/dev/neo4j/freePort";
import { startLocalNeo4j } from "../src/dev/neo4j/neo4jLocal";
import { projectPath } from "../src/platform/paths";
import { CxoneSimulator } from "../src/dev/cxone-simulator/CxoneSimulator";
import { BenchGraph, prng, termKeyword } from "./kbGenerator";
import { drive } from "./load";
import { benchGatewayEnv, ServerProcess } from "./processes";

/**
 * `npm run bench:profile [-- --gateway-dir=DIR --label=NAME --scenario=push]`: a V8 CPU profile of the built gateway under S1 (the
 * uniform suggestion load at 10,000 relationships, 8 connections: 30 s of warm-up, then 20 s measured) and its top
 * 10 functions by self time, printed as a Markdown table. `--gateway-dir` profiles another built checkout (an earlier
 * commit, for a before/after) against the same graph and load.
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const GATEWAY_DIR = path.resolve(arg("gateway-dir") ?? projectPath());
const LABEL = arg("label") ?? "current";
/** `--scenario=push`: S2's pushes (each into a new interaction) instead of S1's searches. */
const SCENARIO = arg("scenario") === "push" ? "push" : "suggest";
const PUSH =
  "mutation P($i: PushToAgentAssistInput!) { pushToAgentAssist(input: $i) { status contentId cards { title url } } }";
const SUGGEST = "query S($q: String!) { suggestArticles(query: $q) { title url summary priority } }";
const PASSWORD = "bench-password-1";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function main(): Promise<void> {
  const dataDir = projectPath(".data/bench-profile-neo4j");
  rmSync(dataDir, { recursive: true, force: true });
  const neo4j = await startLocalNeo4j({
    port: await freePort(),
    dataDir,
    password: PASSWORD,
    heap: "1g",
    pageCache: "512m",
  });
  const driver = createDriver(
    { uri: neo4j.uri, user: "neo4j", password: PASSWORD, database: "neo4j" },
    { maxConnectionPoolSize: 50, queryTimeoutMs: 60_000 },
  );
  const simulator = await CxoneSimulator.start();
  const profileDir = mkdtempSync(path.join(os.tmpdir(), "aag-profile-"));
  let gateway: ServerProcess | undefined;
  try {
    await migrate(driver, "neo4j");
    const graph = new BenchGraph(driver);
    await graph.growTo(10_000);
    const port = await freePort();
    gateway = ServerProcess.gateway(
      {
        ...benchGatewayEnv({ uri: neo4j.uri, password: PASSWORD }, simulator.url),
        SUGGEST_CACHE_TTL_MS: "10",
        PORT: String(port),
        CXONE_MAX_PUSHES_PER_SECOND: "10000",
        CXONE_PUSH_BURST: "10000",
      },
      ["--cpu-prof", "--cpu-prof-dir", profileDir],
      GATEWAY_DIR,
    );
    await gateway.waitUntilReady(`http://127.0.0.1:${port}/readyz`);
    const random = prng(7);
    let interaction = 0;
    const term = () => termKeyword(Math.floor(random() * graph.termCount));
    const body = () =>
      SCENARIO === "push"
        ? JSON.stringify({
            query: PUSH,
            variables: { i: { interactionId: `P-${interaction++}`, query: term(), agentId: "bench" } },
          })
        : JSON.stringify({ query: SUGGEST, variables: { q: term() } });
    const url = `http://127.0.0.1:${port}/graphql`;
    const result = await drive(url, body, {
      connections: 8,
      seconds: 20,
      warmupSeconds: 30,
      cpuMs: () => gateway!.cpuMs(),
    });
    await gateway.stop();
    const file = readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("the gateway wrote no profile");
    const profile = JSON.parse(readFileSync(path.join(profileDir, file), "utf8")) as CpuProfile;
    console.log(
      `${LABEL}: ${result.requestsPerSecond} req/s, ${result.cpuUsPerRequest} us CPU/req (whole process life profiled)\n`,
    );
    console.log(topSelf(profile, 10));
    console.log("");
    console.log(selfByPackage(profile));
  } finally {
    await gateway?.stop();
    await simulator.stop();
    await driver.close();
    await neo4j.stop();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

/** Self time summed by `keyOf(frame)` (idle left out), as a Markdown table of the largest `count`. */
function selfTable(
  profile: CpuProfile,
  heading: string,
  count: number,
  keyOf: (frame: ProfileNode["callFrame"]) => string,
): string {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") return;
    const delta = profile.timeDeltas[i] ?? 0;
    busy += delta;
    const key = keyOf(frame);
    self.set(key, (self.get(key) ?? 0) + delta);
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  return [
    `| ${heading} | self ms | share of busy time |`,
    "| --- | --- | --- |",
    ...rows.map(([key, us]) => `| ${key} | ${Math.round(us / 1000)} | ${((us / busy) * 100).toFixed(1)}% |`),
  ].join("\n");
}

/** The functions with the most self time. */
export function topSelf(profile: CpuProfile, count: number): string {
  return selfTable(profile, "function (file:line)", count, (frame) => {
    const where = frame.url
      ? `${frame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/dist\//, "")}:${frame.lineNumber + 1}`
      : "";
    return `\`${frame.functionName || "(anonymous)"}${where ? ` ${where}` : ""}\``;
  });
}

/** Self time by where the code lives: each npm package, the gateway's own code, Node's internals, GC and native. */
export function selfByPackage(profile: CpuProfile): string {
  return selfTable(profile, "where", 12, ({ url, functionName }) => {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    if (pkg) return pkg;
    if (url.includes("/dist/src/")) return "the gateway's own code";
    if (url.startsWith("node:")) return "Node internals";
    return functionName.startsWith("(") ? functionName : "native (socket writes, crypto, ...)";
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
