import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, fetch } from "undici";
import { createDriver } from "../src/platform/neo4j/driver";
import { migrate } from "../src/platform/neo4j/migrations";
import { freePort } from "../src/dev/neo4j/freePort";
import { startLocalNeo4j } from "../src/dev/neo4j/neo4jLocal";
import { projectPath } from "../src/platform/paths";
import { CxoneSimulator } from "../src/dev/cxone-simulator/CxoneSimulator";
import { BenchGraph, prng, termKeyword } from "./kbGenerator";
import { benchGatewayEnv, ServerProcess } from "./processes";

/**
 * `npm run bench:soak [-- --minutes 60]`: the built gateway (as `npm start` runs it) under a steady, realistic mix
 * for an hour: exact and fallback searches, customer sentences, pushes (each into a new interaction, so the ledger
 * and the simulator grow), history reads, and the knowledge loop's background work. Every minute it samples the
 * gateway's RSS (VmRSS) and V8 heap (from /metrics) and the requests and errors since the last sample. Writes
 * bench/results/soak.json; BENCHMARKS.md keeps the reading.
 */
const MINUTES = Number(process.argv[process.argv.indexOf("--minutes") + 1] ?? 60) || 60;
const SCALE = 10_000;
const PASSWORD = "bench-password-1";
/** Requests a second, by kind: about 60 in all, the order of a contact centre's busy hour on one replica. */
const RATES = { search: 40, fallback: 8, text: 6, push: 4, history: 2 };

interface Sample {
  minute: number;
  rssMb: number;
  heapUsedMb: number;
  requests: number;
  errors: number;
}

async function main(): Promise<void> {
  const build = spawnSync("npm", ["run", "build"], { cwd: projectPath(), stdio: "inherit" });
  if (build.status !== 0) throw new Error("build failed");
  const dataDir = projectPath(".data/bench-soak-neo4j");
  rmSync(dataDir, { recursive: true, force: true });
  const neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, password: PASSWORD, heap: "1g" });
  const driver = createDriver(
    { uri: neo4j.uri, user: "neo4j", password: PASSWORD, database: "neo4j" },
    { maxConnectionPoolSize: 20, queryTimeoutMs: 60_000 },
  );
  const simulator = await CxoneSimulator.start();
  let gateway: ServerProcess | undefined;
  try {
    await migrate(driver, "neo4j");
    await new BenchGraph(driver).growTo(SCALE);
    const port = await freePort();
    gateway = ServerProcess.gateway({
      ...benchGatewayEnv({ uri: neo4j.uri, password: PASSWORD }, simulator.url),
      PORT: String(port),
    });
    const base = `http://127.0.0.1:${port}`;
    await gateway.waitUntilReady(`${base}/readyz`, 180_000);
    const samples = await soak(base, gateway, MINUTES);
    const report = summarise(samples);
    mkdirSync(projectPath("bench/results"), { recursive: true });
    writeFileSync(
      projectPath("bench/results/soak.json"),
      `${JSON.stringify({ minutes: MINUTES, rates: RATES, samples, ...report }, null, 2)}\n`,
    );
    log(
      `RSS ${report.rssFirstMb} -> ${report.rssLastMb} MB (second half ${report.rssSlopeSecondHalfMbPerMin} MB/min); heap ${report.heapFirstMb} -> ${report.heapLastMb} MB; ${report.errors} errors in ${report.requests} requests`,
    );
  } finally {
    await gateway?.stop();
    await simulator.stop();
    await driver.close();
    await neo4j.stop();
  }
}

/** Drives the mix for `minutes`, sampling memory every minute. */
async function soak(base: string, gateway: ServerProcess, minutes: number): Promise<Sample[]> {
  const agent = new Agent({ connections: 16 });
  const random = prng(7);
  const term = () => termKeyword(Math.floor(random() * SCALE));
  let requests = 0;
  let errors = 0;
  let push = 0;
  const bodies: Record<keyof typeof RATES, () => unknown> = {
    search: () => ({
      query: "query S($q: String!) { suggestArticles(query: $q) { url title priority } }",
      variables: { q: term() },
    }),
    fallback: () => ({
      query: "query S($q: String!) { suggestions(query: $q, rank: RELEVANCE) { rank article { url } } }",
      variables: { q: term().split(" ").reverse().join(" ") },
    }),
    text: () => ({
      query: "query T($t: String!) { suggestFromText(text: $t) { rank article { url } } }",
      variables: { t: `hello, my ${term()} stopped working since this morning and I need it today` },
    }),
    push: () => ({
      query: "mutation P($i: PushToAgentAssistInput!) { pushToAgentAssist(input: $i) { status } }",
      variables: {
        i: { interactionId: `soak-${Date.now()}-${(push += 1)}`, agentId: `agent-${push % 50}`, query: term() },
      },
    }),
    history: () => ({ query: "query { pushes(first: 20) { edges { node { id status } } } }" }),
  };
  const send = async (kind: keyof typeof RATES) => {
    try {
      const response = await fetch(`${base}/graphql`, {
        dispatcher: agent,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(bodies[kind]()),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      requests += 1;
      if (!response.ok || body.errors) errors += 1;
    } catch {
      requests += 1;
      errors += 1;
    }
  };
  const timers = (Object.keys(RATES) as (keyof typeof RATES)[]).map((kind) =>
    setInterval(() => void send(kind), 1000 / RATES[kind]),
  );
  const samples: Sample[] = [];
  let counted = { requests: 0, errors: 0 };
  try {
    for (let minute = 0; minute <= minutes; minute++) {
      if (minute > 0) await new Promise((resolve) => setTimeout(resolve, 60_000));
      const sample = {
        minute,
        rssMb: rssMb(gateway.pid),
        heapUsedMb: await heapUsedMb(base),
        requests: requests - counted.requests,
        errors: errors - counted.errors,
      };
      counted = { requests, errors };
      samples.push(sample);
      log(
        `minute ${minute}: RSS ${sample.rssMb} MB, heap ${sample.heapUsedMb} MB, ${sample.requests} requests, ${sample.errors} errors`,
      );
    }
  } finally {
    timers.forEach(clearInterval);
    await agent.close();
  }
  return samples;
}

function summarise(samples: Sample[]) {
  const first = samples[1] ?? samples[0]!;
  const last = samples.at(-1)!;
  const half = samples.slice(Math.floor(samples.length / 2));
  return {
    rssFirstMb: first.rssMb,
    rssLastMb: last.rssMb,
    rssMaxMb: Math.max(...samples.map((s) => s.rssMb)),
    heapFirstMb: first.heapUsedMb,
    heapLastMb: last.heapUsedMb,
    rssSlopeSecondHalfMbPerMin: round(slope(half.map((s) => [s.minute, s.rssMb]))),
    heapSlopeSecondHalfMbPerMin: round(slope(half.map((s) => [s.minute, s.heapUsedMb]))),
    requests: samples.reduce((n, s) => n + s.requests, 0),
    errors: samples.reduce((n, s) => n + s.errors, 0),
  };
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const round = (v: number) => Math.round(v * 100) / 100;

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

async function heapUsedMb(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const bytes = Number(/^aag_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? 0);
  return Math.round(bytes / 104_857.6) / 10;
}

function log(message: string): void {
  process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
