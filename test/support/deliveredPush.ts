import { randomUUID } from "node:crypto";
import type { Driver } from "neo4j-driver";
import { PushLedger } from "../../src/features/push/PushLedger";
import type { CxoneCard } from "../../src/integrations/cxone/cards";
import type { GraphFixture } from "./fixtures";
import { testConnection } from "./neo4j";

/** A card for `url`, as the ledger stores it (title = url). */
export const card = (url: string): CxoneCard => ({
  title: url,
  url,
  description: "",
  type: "article",
  displayType: "card",
  metadata: { source: "neo4j_knowledge_graph", priority: 1 },
});

/** Records a delivered push of `urls` into a fresh interaction of the fixture; returns its id. */
export async function deliveredPush(
  driver: Driver,
  f: GraphFixture,
  urls: string[],
  query = `${f.tag} printer`,
): Promise<string> {
  const ledger = new PushLedger(driver, {
    database: testConnection().database,
    timeoutMs: 10_000,
    ttlMs: 120_000,
    firstLeaseMs: 15_000,
    target: `test@${f.tag}`,
    adoptUnbound: false,
  });
  const [row] = await ledger.record(
    [
      {
        interactionId: `${f.tag}-${randomUUID()}`,
        agentId: "agent-7",
        query,
        requestedBy: "alice",
        caller: "alice",
        requestId: "r",
        limit: urls.length,
        includeShown: false,
        candidates: urls.map(card),
      },
    ],
    randomUUID(),
  );
  await driver.executeQuery(
    "MATCH (p:Push {id: $id}) SET p.status = 'DELIVERED', p.deliveredAt = $now",
    { id: row?.id, now: Date.now() },
    { database: testConnection().database },
  );
  return row?.id as string;
}
