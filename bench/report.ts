import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { projectPath } from "../src/platform/paths";
import type { LoadResult } from "./load";

export interface Pair {
  gateway: LoadResult;
  floor: LoadResult;
  /** Every round's run when there were several (S1): the pair above is each side's best. */
  rounds?: { gateway: LoadResult[]; floor: LoadResult[] };
}

export interface BenchResults {
  quick: boolean;
  mainScale: number;
  load: { connections: number; seconds: number; warmupSeconds: number };
  /** The S3 rows' runs (scales and supernodes). */
  shortLoad: { seconds: number; warmupSeconds: number };
  rounds: number;
  kb: { terms: number; articles: number; relationships: number };
  s1: Pair;
  /** The suggestion cache's hit ratio during S1 (it must be defeated there). */
  s1CacheHitRatio?: number;
  s2: Pair;
  /** S9: the realistic mix, the gateway with its cache as shipped against the floor. */
  s9: { gateway: import("./zipfMix").MixResult; floor: import("./zipfMix").MixResult };
  s3: ({ relationships: number } & Pair)[];
  supernodes: ({ degree: number } & Pair)[];
  peakRssMb: number;
  startTimes: number[];
  /** S7: the burst at the first ready, against the same burst once warm. */
  s7: import("./coldBurst").ColdBurstResult;
  /** S6: a CXone outage under load, then recovery. */
  s6: import("./outageRecovery").OutageRecoveryResult;
  /** S8: suggestFromText latency for one agent. */
  s8: import("./fromText").FromTextResult;
  /** S10: RELEVANCE searches that are not a term, for one agent. */
  s10: import("./fromText").FallbackResult;
  seconds: number;
}

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
/** S1's median round: each side's median throughput, p99 and CPU, as ratios. */
function medianPair(p: Pair): { rounds: number; throughput: number; p99: number; cpu: number } | undefined {
  if (!p.rounds) return undefined;
  const m = (side: "gateway" | "floor", pick: (r: LoadResult) => number) => median(p.rounds?.[side].map(pick) ?? []);
  return {
    rounds: p.rounds.gateway.length,
    throughput: ratio(
      m("gateway", (r) => r.requestsPerSecond),
      m("floor", (r) => r.requestsPerSecond),
    ),
    p99: ratio(
      m("gateway", (r) => r.p99Ms),
      m("floor", (r) => r.p99Ms),
    ),
    cpu: ratio(
      m("gateway", (r) => r.cpuUsPerRequest ?? NaN),
      m("floor", (r) => r.cpuUsPerRequest ?? NaN),
    ),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** The targets of the benchmark issue, judged on this run. */
export function judge(r: BenchResults): Target[] {
  const targets: Target[] = [];
  const s1 = r.s1;
  const s1Throughput = ratio(s1.gateway.requestsPerSecond, s1.floor.requestsPerSecond);
  const s1P99 = ratio(s1.gateway.p99Ms, s1.floor.p99Ms);
  const s1Cpu = ratio(s1.gateway.cpuUsPerRequest ?? NaN, s1.floor.cpuUsPerRequest ?? NaN);
  const s1Median = medianPair(s1);
  targets.push({
    name: "S1 suggest throughput (best round)",
    target: ">= 0.95x floor",
    measured: `${s1Throughput}x${s1Median ? ` (median of ${s1Median.rounds}: ${s1Median.throughput}x)` : ""}`,
    met: s1Throughput >= 0.95,
  });
  targets.push({
    name: "S1 suggest p99",
    target: "<= 1.2x floor",
    measured: `${s1P99}x${s1Median ? ` (median ${s1Median.p99}x)` : ""}`,
    met: s1P99 <= 1.2,
  });
  targets.push({
    name: "S1 CPU per request",
    target: "<= 1.2x floor",
    measured: `${s1Cpu}x (${s1.gateway.cpuUsPerRequest} / ${s1.floor.cpuUsPerRequest} us)${s1Median ? ` (median ${s1Median.cpu}x)` : ""}`,
    met: s1Cpu <= 1.2,
  });
  const s2Throughput = ratio(r.s2.gateway.requestsPerSecond, r.s2.floor.requestsPerSecond);
  targets.push({
    name: "S2 push throughput (with the ledger)",
    target: ">= 1.0x floor",
    measured: `${s2Throughput}x`,
    met: s2Throughput >= 1,
  });
  const s9 = r.s9;
  const s9Throughput = ratio(s9.gateway.requestsPerSecond, s9.floor.requestsPerSecond);
  const s9P99 = ratio(s9.gateway.p99Ms, s9.floor.p99Ms);
  targets.push({
    name: "S9 realistic mix throughput",
    target: ">= 2x floor",
    measured: `${s9Throughput}x (cache hits ${s9.gateway.cacheHitRatio ?? "?"})`,
    met: s9Throughput >= 2,
  });
  targets.push({ name: "S9 realistic mix p99", target: "<= 0.5x floor", measured: `${s9P99}x`, met: s9P99 <= 0.5 });
  targets.push({
    name: "S9 stale answers",
    target: "0",
    measured: `${s9.gateway.stale} of ${s9.gateway.checked} checked`,
    met: s9.gateway.stale === 0 && (s9.gateway.checked ?? 0) > 0,
  });
  const smallest = r.s3[0];
  const largest = r.s3[r.s3.length - 1];
  if (smallest && largest) {
    const growth = ratio(largest.gateway.p99Ms, smallest.gateway.p99Ms);
    targets.push({
      name: `S3 p99 at ${largest.relationships.toLocaleString("en")} vs ${smallest.relationships.toLocaleString("en")} relationships`,
      target: "<= 2x",
      measured: `${growth}x (${largest.gateway.p99Ms} / ${smallest.gateway.p99Ms} ms)`,
      met: growth <= 2,
    });
  }
  const biggest = r.supernodes.find((s) => s.degree === 10_000);
  if (biggest)
    targets.push({
      name: "S3 10,000-neighbour supernode p99",
      target: "<= 50 ms",
      measured: `${biggest.gateway.p99Ms} ms`,
      met: biggest.gateway.p99Ms <= 50,
    });
  targets.push({ name: "S4 peak RSS", target: "<= 250 MB", measured: `${r.peakRssMb} MB`, met: r.peakRssMb <= 250 });
  const start = median(r.startTimes);
  targets.push({
    name: "S5 start to /readyz",
    target: "<= 2 s",
    measured: `${start} ms (median of ${r.startTimes.join(", ")})`,
    met: start <= 2_000,
  });
  targets.push({
    name: `S7 cold burst p99 (${r.s7.starts} fresh starts)`,
    target: "<= 2x warm p99, 0 errors",
    measured: `${r.s7.worstColdP99Ms} ms vs warm ${r.s7.warmP99Ms} ms, ${r.s7.errors} errors`,
    met: r.s7.worstColdP99Ms <= 2 * r.s7.warmP99Ms && r.s7.errors === 0,
  });
  const s6 = r.s6;
  targets.push({
    name: `S6 outage recovery (${s6.outageSeconds} s of 503 at ${s6.pushesPerSecond} pushes/s)`,
    target: "0 lost, 0 duplicates, queue drained",
    measured: `${s6.accepted} accepted (${Object.entries(s6.answers)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}), drained in ${s6.drainMs ?? "never"} ms, ${s6.lost} lost, ${s6.duplicates} duplicates`,
    met: s6.lost === 0 && s6.duplicates === 0 && s6.drainMs !== null,
  });
  const s8 = r.s8;
  targets.push({
    name: `S8 suggestFromText p99 (${s8.textChars}-character texts, ${s8.terms.toLocaleString("en")} search terms, ${s8.connections} connection)`,
    target: "<= 30 ms, 0 errors",
    measured: `${s8.p99Ms} ms (p50 ${s8.p50Ms} ms, ${s8.requestsPerSecond} req/s, ${s8.errors + s8.non2xx} errors)`,
    met: s8.p99Ms <= 30 && s8.errors === 0 && s8.non2xx === 0,
  });
  const s10 = r.s10;
  targets.push({
    name: `S10 RELEVANCE fallback search p99 (word order, word forms, typos; ${s10.terms.toLocaleString("en")} search terms, ${s10.articles.toLocaleString("en")} published articles, ${s10.connections} connection)`,
    target: "<= 30 ms, 0 errors",
    measured: `${s10.p99Ms} ms (p50 ${s10.p50Ms} ms, ${s10.requestsPerSecond} req/s, ${s10.errors + s10.non2xx} errors)`,
    met: s10.p99Ms <= 30 && s10.errors === 0 && s10.non2xx === 0,
  });
  return targets;
}

const BEGIN = "<!-- bench:latest:begin -->";
const END = "<!-- bench:latest:end -->";

/** Writes bench/results/latest.json and the generated part of BENCHMARKS.md (the rest of the file is kept). */
export function writeReport(results: BenchResults): void {
  const targets = judge(results);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    neo4j: "5.26.19 Community (embedded launcher)",
  };
  const versions = dependencyVersions();
  mkdirSync(projectPath("bench/results"), { recursive: true });
  writeFileSync(
    projectPath("bench/results/latest.json"),
    `${JSON.stringify({ date: new Date().toISOString(), machine, versions, ...results, targets }, null, 2)}\n`,
  );

  const row = (name: string, p: Pair) =>
    `| ${name} | ${p.gateway.requestsPerSecond} | ${p.floor.requestsPerSecond} | ${ratio(p.gateway.requestsPerSecond, p.floor.requestsPerSecond)}x | ${p.gateway.p50Ms} / ${p.floor.p50Ms} | ${p.gateway.p99Ms} / ${p.floor.p99Ms} | ${ratio(p.gateway.p99Ms, p.floor.p99Ms)}x | ${p.gateway.cpuUsPerRequest ?? "-"} / ${p.floor.cpuUsPerRequest ?? "-"} |`;
  const section = [
    BEGIN,
    `## Latest run (${results.quick ? "bench:quick" : "bench"}, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)`,
    "",
    `Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, Neo4j ${machine.neo4j}.`,
    `Versions: ${Object.entries(versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
    `Knowledge base (final): ${results.kb.terms.toLocaleString("en")} search terms, ${results.kb.articles.toLocaleString("en")} articles, ${results.kb.relationships.toLocaleString("en")} relationships.`,
    `Load: autocannon, ${results.load.connections} connections, ${results.load.seconds} s after ${results.load.warmupSeconds} s warm-up, S3 rows ${results.shortLoad.seconds} s after ${results.shortLoad.warmupSeconds} s; gateway and floor alternating (the floor first in every second round), best of ${results.rounds} round(s). Whole run: ${results.seconds} s.`,
    "",
    "| scenario | gateway req/s | floor req/s | throughput ratio | p50 ms gateway / floor | p99 ms gateway / floor | p99 ratio | CPU us/req gateway / floor |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    row(`S1 suggest (${results.mainScale.toLocaleString("en")} rels)`, results.s1),
    row("S2 push", results.s2),
    row(
      `S9 realistic mix (Zipf ${results.s9.gateway.searches + results.s9.gateway.pushes} requests, ${results.s9.gateway.pushes} pushes, ${results.s9.gateway.imports} imports)`,
      results.s9,
    ),
    ...results.s3.map((s) => row(`S3 suggest at ${s.relationships.toLocaleString("en")} rels`, s)),
    ...results.supernodes.map((s) => row(`S3 supernode, ${s.degree.toLocaleString("en")} neighbours`, s)),
    "",
    `S4 peak RSS of the gateway process during S1 and S2: ${results.peakRssMb} MB. S5 start to /readyz: ${results.startTimes.join(", ")} ms.`,
    "",
    `S1 rounds (req/s gateway / floor): ${(results.s1.rounds?.gateway ?? [results.s1.gateway]).map((g, i) => `${g.requestsPerSecond} / ${results.s1.rounds?.floor[i]?.requestsPerSecond ?? results.s1.floor.requestsPerSecond}`).join(", ")}; the suggestion cache's hit ratio during S1: ${results.s1CacheHitRatio ?? "unknown"} (answers live 10 ms there, so a uniform draw does not meet them again). S9: a gateway with the cache as shipped (1 s, 10,000 answers), cache hit ratio ${results.s9.gateway.cacheHitRatio ?? "unknown"}; ${results.s9.gateway.stale} of ${results.s9.gateway.checked} answers stale (each compared with an uncached read; the changed article's title with the versions current up to 1 s before the answer).`,
    "",
    "| target | wanted | measured | met |",
    "| --- | --- | --- | --- |",
    ...targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${t.met ? "yes" : "**no**"} |`),
    END,
  ].join("\n");
  const file = projectPath("BENCHMARKS.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const next = current.includes(BEGIN)
    ? current.replace(new RegExp(`${BEGIN}[\\s\\S]*?${END}`), section)
    : `${current}\n${section}\n`;
  writeFileSync(file, next);
}

function dependencyVersions(): Record<string, string> {
  const names = ["@apollo/server", "@neo4j/graphql", "neo4j-driver", "graphql", "undici", "autocannon"];
  return Object.fromEntries(
    names.map((name) => {
      try {
        return [
          name,
          (JSON.parse(readFileSync(projectPath("node_modules", name, "package.json"), "utf8")) as { version: string })
            .version,
        ];
      } catch {
        return [name, "unknown"];
      }
    }),
  );
}
