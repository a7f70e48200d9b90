import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import type { Driver } from "neo4j-driver";
import { createDriver } from "../src/platform/neo4j/driver";
import { migrate } from "../src/platform/neo4j/migrations";
import { freePort } from "../src/dev/neo4j/freePort";
import { startLocalNeo4j } from "../src/dev/neo4j/neo4jLocal";
import { projectPath } from "../src/platform/paths";
import { CxoneSimulator } from "../src/dev/cxone-simulator/CxoneSimulator";
import { BenchGraph, prng, supernodeKeyword, SUPERNODE_DEGREES, termKeyword } from "./kbGenerator";
import { outageRecovery, type OutageRecoveryResult } from "./outageRecovery";
import { coldBurst, type ColdBurstResult } from "./coldBurst";
import { fallbackSearch, fromText } from "./fromText";
import { drive, type LoadResult } from "./load";
import { benchGatewayEnv, ServerProcess } from "./processes";
import { writeReport, type BenchResults, type Pair } from "./report";
import { ArticleReviser, checkAnswers, driveMix, zipfTerms, type MixResult } from "./zipfMix";

const QUICK = process.argv.includes("--quick");
/** `--profile`: the gateway writes a V8 CPU profile of the whole run to bench/results/ (open it in Chrome DevTools). */
const PROFILE = process.argv.includes("--profile");
/** `--node-arg=FLAG` (repeatable): extra Node flags for the gateway, to measure runtime settings. */
const NODE_ARGS = process.argv.filter((a) => a.startsWith("--node-arg=")).map((a) => a.slice("--node-arg=".length));
const SCALES = QUICK ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000];
const MAIN_SCALE = 10_000;
const LOAD = QUICK
  ? { connections: 8, seconds: 3, warmupSeconds: 1 }
  : { connections: 8, seconds: 10, warmupSeconds: 8 };
const SHORT_LOAD = QUICK ? LOAD : { connections: 8, seconds: 6, warmupSeconds: 2 };
const ROUNDS = QUICK ? 1 : 2;
/** S1's rounds: its best and its median are both reported. */
const S1_ROUNDS = 3;
/** S9: the realistic mix (Zipf searches, 10% pushes, an import every 10 s). */
const MIX = {
  connections: 8,
  seconds: QUICK ? 12 : 30,
  s: 1.1,
  pushShare: 0.1,
  importEveryMs: 10_000,
};
/** The coherence bound the gateway promises (SUGGEST_CACHE_TTL_MS at most): an answer may be this much behind. */
const COHERENCE_MS = 1_000;
// The gateway needs 30-40 s of load before V8 has optimised Apollo's and graphql-js's paths (CPU per request
// falls by half); production processes live for days, so both sides are measured warm.
const WARMUP_SECONDS = QUICK ? 5 : 30;
const PASSWORD = "bench-password-1";
/** S7: fresh gateway starts, each met by a burst at its first ready. */
const COLD_STARTS = QUICK ? 2 : 5;
/** S6: seconds of CXone outage, and the push rate meanwhile. */
const OUTAGE_SECONDS = QUICK ? 10 : 60;
const OUTAGE_PUSHES_PER_SECOND = 50;

const SUGGEST = "query S($q: String!) { suggestArticles(query: $q) { title url summary priority } }";
const PUSH =
  "mutation P($i: PushToAgentAssistInput!) { pushToAgentAssist(input: $i) { status contentId cards { title url } } }";

/** `npm run bench` (`bench:quick`): the gateway against its floor, at growing scale. See BENCHMARKS.md. */
async function main(): Promise<void> {
  const started = Date.now();
  log(`building (${QUICK ? "quick" : "full"} run)`);
  const build = spawnSync("npm", ["run", "build"], { cwd: projectPath(), stdio: "inherit" });
  if (build.status !== 0) throw new Error("build failed");

  const dataDir = projectPath(".data/bench-neo4j");
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
  // S6 sends thousands of pushes, each into its own interaction: the simulator remembers them all.
  const simulator = await CxoneSimulator.start({
    limits: { perInteraction: 20, interactions: 20_000, idempotencyKeys: 50_000 },
  });
  const servers: ServerProcess[] = [];
  try {
    await migrate(driver, "neo4j");
    const graph = new BenchGraph(driver);
    const env = {
      ...benchGatewayEnv({ uri: neo4j.uri, password: PASSWORD }, simulator.url),
      // The bench measures the gateway, not its own quota guard.
      CXONE_MAX_PUSHES_PER_SECOND: "10000",
      CXONE_PUSH_BURST: "10000",
      // S1-S3 draw terms uniformly and must measure every request's read: the cache is there (each request looks
      // up and stores) but an answer lives 10 ms, too short for a uniform draw over 1,000+ terms to meet it again.
      // S9 runs a gateway with the cache as shipped.
      SUGGEST_CACHE_TTL_MS: "10",
    };

    const [gatewayPort, floorPort] = [await freePort(), await freePort()];
    const gateway = ServerProcess.gateway({ ...env, PORT: String(gatewayPort) }, [
      ...NODE_ARGS,
      ...(PROFILE ? ["--cpu-prof", "--cpu-prof-dir", projectPath("bench/results")] : []),
    ]);
    const floor = ServerProcess.floor({ ...env, PORT: String(floorPort) });
    servers.push(gateway, floor);
    await gateway.waitUntilReady(`http://127.0.0.1:${gatewayPort}/readyz`);
    await waitForLine(floorPort);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
    const gatewayCpu = () => gateway.cpuMs();
    const floorCpu = () => floor.cpuMs();
    const floorUrl = (path: string) => `http://127.0.0.1:${floorPort}${path}`;
    const suggestBodies = (stream: () => string) => ({
      gateway: () => JSON.stringify({ query: SUGGEST, variables: { q: stream() } }),
      floor: () => JSON.stringify({ query: stream() }),
    });

    let startTimes: number[] = [];
    let s7: ColdBurstResult | undefined;
    let s6: OutageRecoveryResult | undefined;
    let s1: Pair | undefined;
    let s1CacheHitRatio: number | undefined;
    let s2: Pair | undefined;
    let peakRssMb = 0;
    const s3: BenchResults["s3"] = [];
    for (const scale of SCALES) {
      log(`growing the knowledge graph to ${scale} relationships`);
      await graph.growTo(scale);
      const bodies = suggestBodies(keywordStream(graph.termCount, scale));
      if (s3.length === 0) {
        // The JVM compiles Neo4j's hot paths during the first seconds of load: warm both sides up first.
        log(`warming up (${WARMUP_SECONDS} s each)`);
        await drive(gatewayUrl, bodies.gateway, { ...LOAD, seconds: WARMUP_SECONDS, warmupSeconds: 0 });
        await drive(floorUrl("/suggest"), bodies.floor, { ...LOAD, seconds: WARMUP_SECONDS, warmupSeconds: 0 });
      }
      if (scale === MAIN_SCALE) {
        startTimes = await measureStart(env);
        log(`S5 start: ${startTimes.join(", ")} ms`);
        log(`S7 cold burst: ${COLD_STARTS} fresh starts, 40 pushes and 40 searches at the first ready`);
        s7 = await coldBurst(env, keywordStream(graph.termCount, 11), COLD_STARTS);
        log(`  worst cold p99 ${s7.worstColdP99Ms} ms, warm p99 ${s7.warmP99Ms} ms, ${s7.errors} errors`);
        const keywords = keywordStream(graph.termCount, 7);
        let interaction = 0;
        log(`S1 suggest: gateway vs floor, ${S1_ROUNDS} rounds`);
        const lookupsBefore = await cacheLookups(gatewayUrl);
        s1 = await alternate(
          () => drive(gatewayUrl, suggestBodies(keywords).gateway, { ...LOAD, cpuMs: gatewayCpu }),
          () => drive(floorUrl("/suggest"), suggestBodies(keywords).floor, { ...LOAD, cpuMs: floorCpu }),
          S1_ROUNDS,
        );
        s1CacheHitRatio = hitRatio(lookupsBefore, await cacheLookups(gatewayUrl));
        log(`  cache hit ratio during S1: ${s1CacheHitRatio ?? "unknown"}`);
        log("S2 push: gateway vs floor");
        const pushGateway = () =>
          JSON.stringify({
            query: PUSH,
            variables: { i: { interactionId: `B-${interaction++}`, query: keywords(), agentId: "bench" } },
          });
        const pushFloor = () => JSON.stringify({ interactionId: `F-${interaction++}`, query: keywords() });
        s2 = await alternate(
          () => drive(gatewayUrl, pushGateway, { ...LOAD, cpuMs: gatewayCpu }),
          () => drive(floorUrl("/push"), pushFloor, { ...LOAD, cpuMs: floorCpu }),
        );
        simulator.reset();
        peakRssMb = gateway.peakRssMb();
        log(`S6 outage recovery: ${OUTAGE_SECONDS} s of 503 at ${OUTAGE_PUSHES_PER_SECOND} pushes/s, then recovery`);
        s6 = await outageRecovery(gatewayUrl, simulator, keywords, {
          outageSeconds: OUTAGE_SECONDS,
          pushesPerSecond: OUTAGE_PUSHES_PER_SECOND,
          drainLimitMs: 180_000,
        });
        log(
          `  ${s6.accepted} accepted, drained in ${s6.drainMs ?? "never"} ms, ${s6.lost} lost, ${s6.duplicates} duplicates`,
        );
        simulator.reset();
        log(`S4 peak RSS of the gateway: ${peakRssMb} MB`);
      }
      log(`S3 scale ${graph.relationshipCount}`);
      await checkSameAnswer(gatewayUrl, floorUrl("/suggest"), termKeyword(0));
      const pair = await alternate(
        () => drive(gatewayUrl, bodies.gateway, { ...SHORT_LOAD, cpuMs: gatewayCpu }),
        () => drive(floorUrl("/suggest"), bodies.floor, { ...SHORT_LOAD, cpuMs: floorCpu }),
      );
      s3.push({ relationships: graph.relationshipCount, ...pair });
    }
    if (!s1 || !s2 || !s7 || !s6) throw new Error(`the scales must include ${MAIN_SCALE}`);
    log("adding supernodes");
    await graph.addSupernodes();
    const supernodes: BenchResults["supernodes"] = [];
    for (const degree of SUPERNODE_DEGREES) {
      const body = JSON.stringify({ query: SUGGEST, variables: { q: supernodeKeyword(degree) } });
      log(`S3 supernode ${degree}`);
      await checkSameAnswer(gatewayUrl, floorUrl("/suggest"), supernodeKeyword(degree));
      const pair = await alternate(
        () => drive(gatewayUrl, () => body, { ...SHORT_LOAD, cpuMs: gatewayCpu }),
        () =>
          drive(floorUrl("/suggest"), () => JSON.stringify({ query: supernodeKeyword(degree) }), {
            ...SHORT_LOAD,
            cpuMs: floorCpu,
          }),
      );
      supernodes.push({ degree, ...pair });
    }

    log(
      `S9 realistic mix: Zipf searches (s = ${MIX.s}) over ${graph.termCount.toLocaleString("en")} terms, ${MIX.pushShare * 100}% pushes, an import of one changed article every ${MIX.importEveryMs / 1000} s`,
    );
    const s9 = await realisticMix(env, driver, floorUrl(""), floorCpu, graph.termCount, servers);
    log(
      `  gateway ${fmt(s9.gateway)}, cache hits ${s9.gateway.cacheHitRatio}, ${s9.gateway.stale} stale of ${s9.gateway.checked} | floor ${fmt(s9.floor)}`,
    );

    log("S8 suggestions from text: 500-character utterances against 100,000 search terms");
    const s8 = await fromText(driver, gatewayUrl, graph.termCount, SHORT_LOAD);
    log(`  ${fmt(s8)}`);

    log("S10 RELEVANCE fallback: searches that are no term (word order, word forms, typos) against 100,000 terms");
    const s10 = await fallbackSearch(driver, gatewayUrl, SHORT_LOAD);
    log(`  ${fmt(s10)}`);

    const kb = await kbSize(driver);
    writeReport({
      s8,
      s10,
      quick: QUICK,
      mainScale: MAIN_SCALE,
      load: LOAD,
      shortLoad: SHORT_LOAD,
      rounds: ROUNDS,
      kb,
      s1,
      ...(s1CacheHitRatio !== undefined ? { s1CacheHitRatio } : {}),
      s2,
      s3,
      s9,
      supernodes,
      peakRssMb,
      startTimes,
      s7,
      s6,
      seconds: Math.round((Date.now() - started) / 1000),
    });
    log(`done in ${Math.round((Date.now() - started) / 1000)} s: bench/results/latest.json, BENCHMARKS.md`);
  } finally {
    for (const server of servers) await server.stop();
    await simulator.stop();
    await driver.close();
    await neo4j.stop();
  }
}

/** Runs gateway and floor alternately `rounds` times; keeps each side's best-throughput run. */
async function alternate(
  gateway: () => Promise<LoadResult>,
  floor: () => Promise<LoadResult>,
  rounds = ROUNDS,
): Promise<Pair> {
  const g: LoadResult[] = [];
  const f: LoadResult[] = [];
  // Every second round runs the floor first, so neither side always inherits what the previous step left behind.
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      g.push(await gateway());
      f.push(await floor());
    } else {
      f.push(await floor());
      g.push(await gateway());
    }
  }
  const failed = [...g, ...f].find((r) => r.errors > 0 || r.non2xx > 0);
  if (failed) throw new Error(`a measured run had failures, so its numbers mean nothing: ${fmt(failed)}`);
  const best = (runs: LoadResult[]) => runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  const pair = { gateway: best(g), floor: best(f), ...(rounds > 1 ? { rounds: { gateway: g, floor: f } } : {}) };
  log(`  gateway ${fmt(pair.gateway)} | floor ${fmt(pair.floor)}`);
  return pair;
}

/** Fails the run unless the gateway and the floor suggest the same articles, in the same order, for `keyword`. */
async function checkSameAnswer(gatewayUrl: string, floorUrl: string, keyword: string): Promise<void> {
  const post = async (url: string, body: unknown) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  };
  const gateway = await post(gatewayUrl, { query: SUGGEST, variables: { q: keyword } });
  const floor = await post(floorUrl, { query: keyword });
  const gatewayUrls = (gateway.json as { data?: { suggestArticles?: { url: string }[] } }).data?.suggestArticles?.map(
    (a) => a.url,
  );
  const floorUrls = Array.isArray(floor.json) ? (floor.json as { url: string }[]).map((a) => a.url) : undefined;
  if (
    gateway.status !== 200 ||
    floor.status !== 200 ||
    !gatewayUrls ||
    JSON.stringify(gatewayUrls) !== JSON.stringify(floorUrls)
  ) {
    throw new Error(
      `gateway and floor disagree on "${keyword}": ${JSON.stringify(gateway.json)} vs ${JSON.stringify(floor.json)}`,
    );
  }
}

/**
 * S9: a gateway with its cache as shipped, against the floor, on the same stream of requests (the same seed): Zipf
 * searches and 10% pushes while an article the most searched term answers with is re-imported every 10 s. Every
 * answer of the gateway is then checked against a fresh uncached read. Best of ROUNDS for each side; the stale
 * count is over all the gateway's rounds.
 */
async function realisticMix(
  env: Record<string, string>,
  driver: Driver,
  floorBase: string,
  floorCpu: () => number,
  terms: number,
  servers: ServerProcess[],
): Promise<{ gateway: MixResult; floor: MixResult }> {
  const port = await freePort();
  const { SUGGEST_CACHE_TTL_MS: _short, ...shipped } = env;
  const gateway = ServerProcess.gateway({ ...shipped, PORT: String(port) }, NODE_ARGS);
  servers.push(gateway);
  const url = `http://127.0.0.1:${port}/graphql`;
  // At 100,000 terms the fresh process builds its knowledge indexes (30-40 s) before it is ready.
  await gateway.waitUntilReady(`http://127.0.0.1:${port}/readyz`, 300_000);
  const warm = zipfTerms(terms, MIX.s, 3);
  await drive(url, () => JSON.stringify({ query: SUGGEST, variables: { q: warm.next() } }), {
    ...LOAD,
    seconds: WARMUP_SECONDS,
    warmupSeconds: 0,
  });
  const reviser = await ArticleReviser.forTerm(driver, floorBase, zipfTerms(terms, MIX.s, 9).top);
  const seq = { next: 0 };
  const options = { ...MIX, terms };
  const g: MixResult[] = [];
  const f: MixResult[] = [];
  let checked = 0;
  let stale = 0;
  const runGateway = async () => {
    const before = await cacheLookups(url);
    const { result, answers } = await driveMix(
      "gateway",
      url,
      zipfTerms(terms, MIX.s, 9).next,
      reviser,
      {
        ...options,
        cpuMs: () => gateway.cpuMs(),
      },
      seq,
    );
    const ratio = hitRatio(before, await cacheLookups(url));
    const check = await checkAnswers(answers, floorBase, reviser, COHERENCE_MS);
    checked += check.checked;
    stale += check.stale;
    for (const example of check.examples) log(`  stale: ${example}`);
    g.push({ ...result, ...(ratio !== undefined ? { cacheHitRatio: ratio } : {}) });
  };
  const runFloor = async () => {
    const { result } = await driveMix(
      "floor",
      floorBase,
      zipfTerms(terms, MIX.s, 9).next,
      reviser,
      {
        ...options,
        cpuMs: floorCpu,
      },
      seq,
    );
    f.push(result);
  };
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      await runGateway();
      await runFloor();
    } else {
      await runFloor();
      await runGateway();
    }
  }
  await gateway.stop();
  servers.splice(servers.indexOf(gateway), 1);
  const failed = [...g, ...f].find((r) => r.errors > 0 || r.non2xx > 0);
  if (failed) throw new Error(`an S9 run had failures, so its numbers mean nothing: ${fmt(failed)}`);
  const best = (runs: MixResult[]) => runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  return { gateway: { ...best(g), checked, stale }, floor: best(f) };
}

/** The gateway's suggestion cache lookups so far, by outcome, from /metrics (undefined when it cannot be read). */
async function cacheLookups(graphqlUrl: string): Promise<{ hit: number; miss: number } | undefined> {
  try {
    const text = await (await fetch(graphqlUrl.replace(/graphql$/, "metrics"))).text();
    const value = (outcome: string) =>
      Number(new RegExp(`aag_suggest_cache_lookups_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    return { hit: value("hit"), miss: value("miss") };
  } catch {
    return undefined;
  }
}

function hitRatio(
  before: { hit: number; miss: number } | undefined,
  after: { hit: number; miss: number } | undefined,
): number | undefined {
  if (!before || !after) return undefined;
  const hits = after.hit - before.hit;
  const all = hits + after.miss - before.miss;
  return all > 0 ? Math.round((hits / all) * 1000) / 1000 : undefined;
}

/** S5: launches the built gateway three times (Neo4j already up) and times each until /readyz answers 200. */
async function measureStart(env: Record<string, string>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const gateway = ServerProcess.gateway({ ...env, PORT: String(port) }, NODE_ARGS);
    times.push(await gateway.waitUntilReady(`http://127.0.0.1:${port}/readyz`));
    await gateway.stop();
  }
  return times;
}

async function waitForLine(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/suggest`, {
        method: "POST",
        body: JSON.stringify({ query: termKeyword(0) }),
      });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error("floor did not start");
}

/** Keywords of existing terms, drawn uniformly with a fixed seed. */
function keywordStream(terms: number, seed: number): () => string {
  const random = prng(seed);
  return () => termKeyword(Math.floor(random() * terms));
}

async function kbSize(driver: Driver): Promise<BenchResults["kb"]> {
  const { records } = await driver.executeQuery(
    "MATCH (q:Query) WITH count(q) AS terms MATCH (a:Article) WITH terms, count(a) AS articles MATCH ()-[r]->() RETURN terms, articles, count(r) AS relationships",
  );
  const r = records[0];
  return {
    terms: Number(r?.get("terms")),
    articles: Number(r?.get("articles")),
    relationships: Number(r?.get("relationships")),
  };
}

function fmt(r: LoadResult): string {
  const cpu = r.cpuUsPerRequest === undefined ? "" : `, ${r.cpuUsPerRequest} us CPU/req`;
  return `${r.requestsPerSecond} req/s p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms (${r.errors} errors, ${r.non2xx} non-2xx${cpu})`;
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
