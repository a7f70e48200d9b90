import type { Driver } from "neo4j-driver";
import type { ReadinessCheck } from "../http/httpServer";

const PROBE_TIMEOUT_MS = 2_000;

/** Ready when Neo4j answers a trivial read within two seconds. */
export function createReadinessCheck(driver: Driver, database: string): ReadinessCheck {
  return async () => {
    try {
      await withTimeout(driver.executeQuery("RETURN 1", {}, { database }), PROBE_TIMEOUT_MS);
      return { ready: true, checks: { neo4j: "ok" } };
    } catch {
      return { ready: false, checks: { neo4j: "unreachable" } };
    }
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
