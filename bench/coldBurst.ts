import { freePort } from "../src/dev/neo4j/freePort";
import { ServerProcess } from "./processes";

/** One fresh start: the burst fired the moment /readyz said 200, and the same burst once the process is warm. */
export interface ColdBurstRun {
  coldP99Ms: number;
  warmP99Ms: number;
  errors: number;
}

export interface ColdBurstResult {
  starts: number;
  runs: ColdBurstRun[];
  /** Worst cold p99 over all starts, and the median warm p99. */
  worstColdP99Ms: number;
  warmP99Ms: number;
  errors: number;
}

const PUSH = "mutation P($i: PushToAgentAssistInput!) { pushToAgentAssist(input: $i) { status } }";
const SUGGEST = "query S($q: String!) { suggestArticles(query: $q) { title url } }";

/**
 * S7: starts the built gateway `starts` times; each time, at the first 200 of /readyz, sends 40 pushes and 40
 * searches at once and times each; then repeats the burst five times on the now-warm process for comparison.
 */
export async function coldBurst(
  env: Record<string, string>,
  keyword: () => string,
  starts: number,
): Promise<ColdBurstResult> {
  const runs: ColdBurstRun[] = [];
  for (let i = 0; i < starts; i++) {
    const port = await freePort();
    const gateway = ServerProcess.gateway({ ...env, PORT: String(port) });
    try {
      await gateway.waitUntilReady(`http://127.0.0.1:${port}/readyz`);
      const url = `http://127.0.0.1:${port}/graphql`;
      const cold = await burst(url, keyword, `cold${i}`);
      let warm = cold;
      for (let round = 0; round < 5; round++) warm = await burst(url, keyword, `warm${i}-${round}`);
      runs.push({ coldP99Ms: cold.p99Ms, warmP99Ms: warm.p99Ms, errors: cold.errors + warm.errors });
    } finally {
      await gateway.stop();
    }
  }
  const warm = runs.map((r) => r.warmP99Ms).sort((a, b) => a - b);
  return {
    starts,
    runs,
    worstColdP99Ms: Math.max(...runs.map((r) => r.coldP99Ms)),
    warmP99Ms: warm[Math.floor(warm.length / 2)] ?? 0,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

async function burst(url: string, keyword: () => string, label: string): Promise<{ p99Ms: number; errors: number }> {
  const send = async (body: unknown) => {
    const started = performance.now();
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { errors?: unknown[] };
    return { ms: performance.now() - started, ok: response.status === 200 && !json.errors };
  };
  const results = await Promise.all([
    ...Array.from({ length: 40 }, (_, i) =>
      send({
        query: PUSH,
        variables: { i: { interactionId: `S7-${label}-${i}`, query: keyword(), agentId: "bench" } },
      }),
    ),
    ...Array.from({ length: 40 }, () => send({ query: SUGGEST, variables: { q: keyword() } })),
  ]);
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    p99Ms: Math.round(times[Math.ceil(times.length * 0.99) - 1] ?? 0),
    errors: results.filter((r) => !r.ok).length,
  };
}
