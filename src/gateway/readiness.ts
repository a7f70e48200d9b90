import type { Driver } from "neo4j-driver";
import type { CxoneClient } from "../cxone/CxoneClient";
import type { ReadinessCheck } from "../http/httpServer";

const PROBE_TIMEOUT_MS = 2_000;

/**
 * Ready when Neo4j answers a trivial read within two seconds. When CXone is configured, the report also says
 * whether a CXone token can be obtained, without failing readiness: queries work without CXone.
 */
export function createReadinessCheck(driver: Driver, database: string, cxone?: CxoneClient): ReadinessCheck {
  return async () => {
    const [neo4j, token] = await Promise.all([
      withTimeout(driver.executeQuery("RETURN 1", {}, { database }), PROBE_TIMEOUT_MS).then(
        () => "ok",
        () => "unreachable",
      ),
      cxone
        ? withTimeout(cxone.tokens.get(), PROBE_TIMEOUT_MS).then(
            () => "ok",
            () => "token unavailable",
          )
        : Promise.resolve("not configured"),
    ]);
    return { ready: neo4j === "ok", checks: { neo4j, cxone: token } };
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
