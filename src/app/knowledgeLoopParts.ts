import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import type { AdmissionQueue } from "../platform/resilience/AdmissionQueue";
import type { GatewayConfig } from "../platform/config/config";
import type { GatewayMetrics } from "../platform/observability/metrics";
import { GapRecorder, KnowledgeLoop } from "../features/knowledge";
import { KnowledgeTerms } from "../features/suggestions";

export interface KnowledgeLoopParts {
  loop: KnowledgeLoop;
  /** Loads the search-term index (before ready). */
  warmUp(): Promise<void>;
  /** The gap flusher and the term index's refresher. */
  startBackgroundWork(): void;
  /** Stops both and writes the gap counts still in memory. */
  stop(): Promise<void>;
}

/** The knowledge loop of one process, from the configuration. */
export function createKnowledgeLoop(deps: {
  config: Pick<GatewayConfig, "knowledge" | "pushes" | "neo4jPool">;
  driver: Driver;
  database: string;
  logger: Logger;
  admission?: AdmissionQueue;
  metrics?: GatewayMetrics;
}): KnowledgeLoopParts {
  const { config, driver, database } = deps;
  const logger = deps.logger.child({ component: "knowledge" });
  const terms = new KnowledgeTerms(driver, database, logger, {
    refreshMs: config.knowledge.termRefreshMs,
    learnedMinHelpful: config.knowledge.learnedMinHelpful,
    ...(deps.metrics ? { onLoaded: (seconds: number) => deps.metrics?.knowledgeIndexBuild.observe(seconds) } : {}),
  });
  const gaps = new GapRecorder(driver, database, logger, {
    flushMs: config.knowledge.gapFlushMs,
    retentionMs: config.pushes.retentionMs,
  });
  const loop = new KnowledgeLoop(driver, database, terms, gaps, config.knowledge, {
    timeoutMs: config.neo4jPool.queryTimeoutMs,
    logger,
    ...(deps.admission ? { admission: deps.admission } : {}),
  });
  return {
    loop,
    warmUp: () => terms.load(),
    startBackgroundWork: () => {
      terms.start();
      gaps.start();
    },
    stop: async () => {
      await terms.stop();
      await gaps.stop();
    },
  };
}
