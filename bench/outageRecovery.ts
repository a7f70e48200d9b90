import type { CxoneSimulator } from "../src/dev/cxone-simulator/CxoneSimulator";

export interface OutageRecoveryResult {
  outageSeconds: number;
  pushesPerSecond: number;
  /** Answers by status or error code. */
  answers: Record<string, number>;
  accepted: number;
  /** From CXone's recovery to the last accepted push arriving. */
  drainMs: number | null;
  lost: number;
  duplicates: number;
}

const PUSH = "mutation P($i: PushToAgentAssistInput!) { pushToAgentAssist(input: $i) { status } }";

/**
 * S6: CXone answers 503 to every delivery for `outageSeconds` while pushes arrive at `pushesPerSecond`, each
 * into an interaction of its own; then CXone recovers. Measures how long the gateway takes to deliver every
 * accepted (DELIVERED or QUEUED) push, and counts pushes lost and delivered twice.
 */
export async function outageRecovery(
  url: string,
  simulator: CxoneSimulator,
  keyword: () => string,
  options: { outageSeconds: number; pushesPerSecond: number; drainLimitMs: number },
): Promise<OutageRecoveryResult> {
  simulator.reset();
  simulator.injectFault("content", { status: 503, times: "always" });
  const run = `S6-${Date.now()}`;
  const total = options.outageSeconds * options.pushesPerSecond;
  const started = Date.now();
  const answers: Promise<{ interactionId: string; outcome: string }>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.pushesPerSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    const interactionId = `${run}-${i}`;
    answers.push(
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: PUSH, variables: { i: { interactionId, query: keyword(), agentId: "bench" } } }),
      }).then(
        async (response) => {
          const body = (await response.json()) as {
            data?: { pushToAgentAssist?: { status: string } };
            errors?: { extensions?: { code?: string } }[];
          };
          return {
            interactionId,
            outcome: body.data?.pushToAgentAssist?.status ?? String(body.errors?.[0]?.extensions?.code),
          };
        },
        () => ({ interactionId, outcome: "transport error" }),
      ),
    );
  }
  const settled = await Promise.all(answers);
  const recovered = Date.now();
  simulator.faults.clear();
  const accepted = new Set(
    settled.filter((a) => a.outcome === "DELIVERED" || a.outcome === "QUEUED").map((a) => a.interactionId),
  );
  const delivered = () => simulator.state().deliveries.filter((d) => d.interactionId.startsWith(`${run}-`));
  let drainMs: number | null = null;
  while (Date.now() - recovered < options.drainLimitMs) {
    if (delivered().length >= accepted.size) {
      drainMs = Date.now() - recovered;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // time for a duplicate to show up
  const ids = delivered().map((d) => d.interactionId);
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const outcomes: Record<string, number> = {};
  for (const a of settled) outcomes[a.outcome] = (outcomes[a.outcome] ?? 0) + 1;
  return {
    outageSeconds: options.outageSeconds,
    pushesPerSecond: options.pushesPerSecond,
    answers: outcomes,
    accepted: accepted.size,
    drainMs,
    lost: [...accepted].filter((id) => !counts.has(id)).length,
    duplicates: [...counts.values()].reduce((sum, n) => sum + n - 1, 0),
  };
}
