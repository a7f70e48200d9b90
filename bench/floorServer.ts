import { createServer, type IncomingMessage } from "node:http";
import { int } from "neo4j-driver";
import { Pool } from "undici";
import { toCard } from "../src/integrations/cxone/cards";
import { cxoneTargetId } from "../src/integrations/cxone/cxoneTarget";
import { loadConfig } from "../src/platform/config/config";
import { randomUUID } from "node:crypto";
import { MAX_SUGGESTION_LIMIT } from "../src/features/suggestions/suggestionInput";
import { pushIdempotencyKey } from "../src/features/push/pushDelivery";
import { PushLedger } from "../src/features/push/PushLedger";
import { createDriver } from "../src/platform/neo4j/driver";
import { graphRead } from "../src/platform/neo4j/graphAccess";
import {
  batchSuggestParams,
  batchSuggestStatement,
  suggestArticlesStatement,
} from "../src/features/suggestions/suggestStatement";

/**
 * The benchmark floor: the least an HTTP service can do for the same work on the same machine. A bare
 * node:http server, the same driver settings, the same Cypher run the same way (graphRead); for pushes the
 * same push record in the ledger before the same undici POST to CXone, and the same outcome written after it
 * (one write per push: the gateway's group commit is its own optimisation, measured against this).
 * Environment: PORT, NEO4J_URI/NEO4J_PASSWORD, and for S2 CXONE_BASE_URL/CXONE_CLIENT_ID/CXONE_CLIENT_SECRET.
 * This is a benchmark tool, not part of the gateway: it reads the environment through the gateway's config.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.neo4j.kind !== "remote") throw new Error("the floor needs NEO4J_URI");
  const driver = createDriver(config.neo4j, config.neo4jPool);
  const single = suggestArticlesStatement();
  const batch = batchSuggestStatement();
  const cxone = config.cxone?.auth.mode === "client-credentials" ? config.cxone.auth : undefined;
  const pool = cxone ? new Pool(cxone.baseUrl, { connections: 32, keepAliveTimeout: 30_000 }) : undefined;
  const token = cxone ? await fetchToken(cxone) : "";
  const ledger = new PushLedger(driver, {
    database: config.neo4j.database,
    timeoutMs: 10_000,
    ttlMs: 120_000,
    firstLeaseMs: 15_000,
    target: config.cxone ? cxoneTargetId(config.cxone) : "none",
    adoptUnbound: false,
  });

  const server = createServer((req, res) => {
    handle(req)
      .then((body) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(body);
      })
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: String(error) }));
      });
  });

  async function handle(req: IncomingMessage): Promise<string> {
    const input = JSON.parse(await read(req)) as { query: string; limit?: number; interactionId?: string };
    const limit = input.limit ?? 5;
    if (req.url === "/suggest") {
      const records = await graphRead(
        driver,
        single,
        { query: input.query, limit: int(limit), rank: "PRIORITY", feedbackWeight: config.knowledge.feedbackWeight },
        { database: config.neo4j.database, op: "suggest" },
      );
      return JSON.stringify(
        records.map((r) => pick((r.get("article") as { properties: Record<string, unknown> }).properties)),
      );
    }
    // /push: the gateway's batched traversal for one request (20 candidates, so shown ones can be replaced), the
    // ledger record, one POST, the outcome.
    const records = await graphRead(
      driver,
      batch,
      batchSuggestParams(
        [{ key: 0, query: input.query, limit: MAX_SUGGESTION_LIMIT, rank: "PRIORITY" as const }],
        config.knowledge.feedbackWeight,
      ),
      { database: config.neo4j.database, op: "suggestBatch" },
    );
    const candidates = records.map((r) => {
      const p = (r.get("article") as { properties: Record<string, unknown> }).properties;
      return toCard({
        title: String(p.title),
        url: String(p.url),
        summary: String(p.summary),
        priority: Number(p.priority),
        updatedAt: String(p.updatedAt),
      });
    });
    const interactionId = input.interactionId ?? "INT-1";
    const lease = randomUUID();
    const [row] = await ledger.record(
      [
        {
          interactionId,
          agentId: "bench",
          query: input.query,
          requestedBy: "anonymous",
          caller: "anonymous",
          requestId: lease,
          limit,
          includeShown: false,
          candidates,
        },
      ],
      lease,
    );
    if (!row || row.status !== "PENDING" || !pool)
      return JSON.stringify({ status: row?.status ?? "NO_RESULTS", cards: [] });
    const cards = row.cards.map((text) => JSON.parse(text) as unknown);
    const response = await pool.request({
      method: "POST",
      path: `/api/v2/agentassist/interactions/${interactionId}/content`,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": pushIdempotencyKey(row.id),
      },
      body: JSON.stringify({ content: cards }),
    });
    const delivered = (await response.body.json()) as { contentId?: string };
    await ledger.writeOutcomes([
      {
        id: row.id,
        leaseToken: lease,
        changes: { status: "DELIVERED", attempts: 1, deliveredAt: Date.now(), contentId: delivered.contentId ?? null },
      },
    ]);
    return JSON.stringify({ status: "DELIVERED", pushId: row.id, contentId: delivered.contentId, cards });
  }

  server.listen(config.port, "127.0.0.1", () => process.stdout.write("FLOOR_READY\n"));
  process.on("SIGTERM", () => server.close(() => driver.close().then(() => process.exit(0))));
}

async function fetchToken(auth: {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
}): Promise<string> {
  const response = await fetch(`${auth.baseUrl}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: auth.clientId,
      client_secret: auth.clientSecret,
      scope: auth.scopes,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

function pick(p: Record<string, unknown>) {
  return { title: p.title, url: p.url, summary: p.summary, priority: p.priority };
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
