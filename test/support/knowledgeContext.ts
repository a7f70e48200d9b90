import type { Driver } from "neo4j-driver";
import pino from "pino";
import { createKnowledgeLoop, type KnowledgeLoopParts } from "../../src/app/knowledgeLoopParts";
import { PUSH_RETRY_DEFAULT } from "../../src/features/push/pushDelivery";
import { SchemaClient } from "./schemaClient";
import { DEFAULT_RANKS } from "../../src/features/suggestions";
import { testConnection } from "./neo4j";

/** A knowledge loop on the test database (no timers: tests flush and refresh when they choose). */
export async function startKnowledgeLoop(
  driver: Driver,
  settings: { feedbackWeight?: number; staleAfterDays?: number; cardReason?: boolean } = {},
): Promise<{
  parts: KnowledgeLoopParts;
  client: SchemaClient;
}> {
  const parts = createKnowledgeLoop({
    config: {
      knowledge: {
        feedbackWeight: 2,
        staleAfterDays: 365,
        gapFlushMs: 60_000,
        termRefreshMs: 60_000,
        cardReason: false,
        ranks: DEFAULT_RANKS,
        learnedMinHelpful: 3,
        ...settings,
      },
      pushes: {
        ttlMs: 120_000,
        retentionMs: 30 * 86_400_000,
        delivererPollMs: 250,
        delivererBatch: 50,
        retry: PUSH_RETRY_DEFAULT,
        shares: { callerShare: 0.5, queuedTotal: 10_000, queuedPerCaller: 5_000 },
      },
      neo4jPool: { maxConnectionPoolSize: 20, queryTimeoutMs: 10_000 },
    },
    driver,
    database: testConnection().database,
    logger: pino({ level: "silent" }),
  });
  await parts.warmUp();
  return { parts, client: await SchemaClient.create(driver, parts.loop) };
}
