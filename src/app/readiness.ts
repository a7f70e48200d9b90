import type { Driver } from "neo4j-driver";
import type { CxoneClient } from "../integrations/cxone/CxoneClient";
import type { ReadinessCheck } from "../platform/http/httpServer";
import type { OutageLog } from "../platform/observability/outageLog";
import { graphRead } from "../platform/neo4j/graphAccess";

const PROBE_TIMEOUT_MS = 2_000;

/** Whether the gateway has warmed its statements since Neo4j (re)started; see warmUp.ts. */
export interface WarmState {
  warmed: boolean;
  /** Why it is not warm yet, for the readiness report. */
  detail: string;
}

/**
 * Ready when the gateway has planned and run its statements once (warm) and Neo4j answers a trivial read within
 * two seconds. When CXone is configured, the report also says whether a CXone token can be obtained, without
 * failing readiness: queries work without CXone, and names the CXone target pushes go to, with any other target's
 * open pushes in the shared ledger that this gateway leaves alone.
 */
export function createReadinessCheck(deps: {
  driver: Driver;
  database: string;
  warm: WarmState;
  outages: OutageLog;
  cxone?: CxoneClient;
  /** This gateway's CXone target and other targets' open pushes it leaves alone (detail only). */
  pushTargets?: { status(): Record<string, string> };
}): ReadinessCheck {
  return async () => {
    const [neo4j, token] = await Promise.all([
      withTimeout(
        graphRead(deps.driver, "RETURN 1", {}, { database: deps.database, op: "readiness" }),
        PROBE_TIMEOUT_MS,
      ).then(
        () => (deps.outages.success("neo4j"), "ok"),
        () => "unreachable",
      ),
      deps.cxone
        ? deps.cxone.canAuthenticate(PROBE_TIMEOUT_MS).then((ok) => (ok ? "ok" : "token unavailable"))
        : Promise.resolve("not configured"),
    ]);
    const warmup = deps.warm.warmed ? "done" : deps.warm.detail;
    return {
      ready: neo4j === "ok" && deps.warm.warmed,
      checks: { neo4j, warmup, cxone: token, ...deps.pushTargets?.status() },
    };
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
