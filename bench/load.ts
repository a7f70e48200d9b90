import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** CPU time the server spent per request during the measured run, in microseconds (when `cpuMs` was given). */
  cpuUsPerRequest?: number;
}

/**
 * Drives `url` with POST bodies from `nextBody` at fixed concurrency for a fixed time, after a warm-up of the
 * same shape that is not counted.
 */
export async function drive(
  url: string,
  nextBody: () => string,
  options: { connections: number; seconds: number; warmupSeconds: number; cpuMs?: () => number },
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url,
      method: "POST",
      connections: options.connections,
      duration,
      headers: { "content-type": "application/json" },
      requests: [{ method: "POST", setupRequest: (req) => ({ ...req, body: nextBody() }) }],
    });
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  const cpuBefore = options.cpuMs?.();
  const result = await run(options.seconds);
  return loadResult(result, cpuBefore, options.cpuMs?.());
}

/** What a run measured, with the server's CPU per request when its CPU time was read before and after. */
export function loadResult(
  result: autocannon.Result,
  cpuBefore: number | undefined,
  cpuAfter: number | undefined,
): LoadResult {
  return {
    ...(cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total > 0
      ? { cpuUsPerRequest: Math.round(((cpuAfter - cpuBefore) * 1000) / result.requests.total) }
      : {}),
    requestsPerSecond: Math.round(result.requests.average * 10) / 10,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
