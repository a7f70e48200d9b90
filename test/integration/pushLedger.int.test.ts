import { randomUUID } from "node:crypto";
import type { CxoneCard } from "../../src/integrations/cxone/cards";
import { PushLedger, type PushToRecord } from "../../src/features/push/PushLedger";
import { GraphFixture } from "../support/fixtures";
import { useGraphTestContext } from "../support/graphTestContext";
import { testConnection } from "../support/neo4j";

const graph = useGraphTestContext();

function ledger(
  options: { now?: () => number; ttlMs?: number; target?: string; adoptUnbound?: boolean } = {},
): PushLedger {
  return new PushLedger(graph.driver, {
    database: testConnection().database,
    timeoutMs: 10_000,
    ttlMs: options.ttlMs ?? 120_000,
    firstLeaseMs: 15_000,
    target: "content@ledger.test",
    adoptUnbound: false,
    ...options,
  });
}

function card(url: string, priority = 5): CxoneCard {
  return {
    title: url,
    url,
    description: "",
    type: "article",
    displayType: "card",
    metadata: { source: "neo4j_knowledge_graph", priority },
  };
}

/** Three published articles a, b, c (best first) and a push request for them into a fresh interaction. */
async function setUp(): Promise<{ f: GraphFixture; push: (over?: Partial<PushToRecord>) => PushToRecord }> {
  const f = new GraphFixture(graph.tag());
  for (const [slug, priority] of [
    ["a", 9],
    ["b", 8],
    ["c", 7],
  ] as const)
    f.article({ slug, priority });
  await f.save(graph.driver);
  const interactionId = `${f.tag}-INT`;
  return {
    f,
    push: (over = {}) => ({
      interactionId,
      agentId: "agent-7",
      query: "voip",
      requestedBy: "alice",
      caller: "alice",
      requestId: "req-1",
      limit: 2,
      includeShown: false,
      candidates: ["a", "b", "c"].map((s) => card(f.url(s))),
      ...over,
    }),
  };
}

const urlsOf = (cards: string[]) => cards.map((c) => (JSON.parse(c) as CxoneCard).url);

describe("push ledger (real Neo4j)", () => {
  it("records a push with its cards in rank order and SHOWED links to the articles", async () => {
    const { f, push } = await setUp();
    const [row] = await ledger().record([push()], "lease-1");
    expect(row).toMatchObject({
      status: "PENDING",
      agentId: "agent-7",
      requestedBy: "alice",
      caller: "alice",
      attempts: 0,
      leaseToken: "lease-1",
    });
    expect(urlsOf(row?.cards ?? [])).toEqual([f.url("a"), f.url("b")]);
    const { records } = await graph.driver.executeQuery(
      "MATCH (:Interaction {id: $id})-[:RECEIVED]->(p:Push)-[s:SHOWED]->(a:Article) RETURN a.url AS url, s.rank AS rank ORDER BY rank",
      { id: push().interactionId },
      { database: testConnection().database },
    );
    expect(records.map((r) => [r.get("url"), r.get("rank")])).toEqual([
      [f.url("a"), 1],
      [f.url("b"), 2],
    ]);
  });

  it("leaves out articles already shown to the interaction (the next best take their place); ALREADY_SHOWN when none is left; includeShown sends them again", async () => {
    const { f, push } = await setUp();
    const l = ledger();
    await l.record([push()], "x");
    const [second] = await l.record([push()], "x");
    expect(urlsOf(second?.cards ?? [])).toEqual([f.url("c")]);
    const [third] = await l.record([push()], "x");
    expect(third).toMatchObject({ status: "ALREADY_SHOWN", cards: [], leaseToken: null });
    const [again] = await l.record([push({ includeShown: true })], "x");
    expect(again?.status).toBe("PENDING");
    expect(urlsOf(again?.cards ?? [])).toEqual([f.url("a"), f.url("b")]);
  });

  it("a QUEUED push's articles count as shown (they are on their way): the next push into the interaction gets the others", async () => {
    const { f, push } = await setUp();
    const l = ledger();
    const [first] = await l.record([push()], "lease");
    await l.writeOutcomes([
      { id: first?.id as string, leaseToken: "lease", changes: { status: "QUEUED", attempts: 1, nextAttemptAt: 0 } },
    ]);
    const [second] = await l.record([push()], "lease-2");
    expect(urlsOf(second?.cards ?? [])).toEqual([f.url("c")]);
  });

  it("only articles delivered or on their way count as shown: a FAILED or EXPIRED push's articles may be pushed again", async () => {
    const { f, push } = await setUp();
    const l = ledger();
    const [first] = await l.record([push()], "lease");
    await l.writeOutcomes([{ id: first?.id as string, leaseToken: "lease", changes: { status: "EXPIRED" } }]);
    const [second] = await l.record([push()], "lease");
    expect(urlsOf(second?.cards ?? [])).toEqual([f.url("a"), f.url("b")]);
  });

  it("warm-up runs a push's record and outcome writes in a transaction it rolls back: nothing is left in the graph", async () => {
    const count = async () => {
      const { records } = await graph.driver.executeQuery(
        "OPTIONAL MATCH (i:Interaction {id: 'warm-up'}) OPTIONAL MATCH (p:Push {requestId: 'warm-up'}) RETURN count(DISTINCT i) + count(DISTINCT p) AS n",
        {},
        { database: testConnection().database },
      );
      return Number(records[0]?.get("n"));
    };
    await Promise.all([ledger().warmUp(), ledger().warmUp()]); // two replicas starting at once
    expect(await count()).toBe(0);
  });

  it("records NO_RESULTS when the search found nothing (a knowledge gap), with no lease", async () => {
    const { push } = await setUp();
    const [row] = await ledger().record([push({ candidates: [] })], "lease");
    expect(row).toMatchObject({ status: "NO_RESULTS", leaseToken: null, cards: [] });
  });

  it("concurrent pushes into one interaction never show the same article twice", async () => {
    const { f, push } = await setUp();
    const l = ledger();
    const rows = (await Promise.all([1, 2, 3].map(() => l.record([push({ limit: 1 })], "x")))).flat();
    expect(rows.flatMap((r) => urlsOf(r.cards)).sort()).toEqual([f.url("a"), f.url("b"), f.url("c")]);
  });

  it("two pushes into one interaction in one call (a batch) never show the same article twice", async () => {
    const { f, push } = await setUp();
    const rows = await ledger().record(
      [push({ limit: 1 }), push({ limit: 1 }), push({ limit: 1, interactionId: `${push().interactionId}-other` })],
      "x",
    );
    expect(rows.map((r) => urlsOf(r.cards))).toEqual([[f.url("a")], [f.url("b")], [f.url("a")]]);
  });

  it("an outcome is written only by the lease holder", async () => {
    const { push } = await setUp();
    const l = ledger();
    const [row] = await l.record([push()], "mine");
    expect(
      await l.writeOutcomes([{ id: row?.id as string, leaseToken: "not-mine", changes: { status: "DELIVERED" } }]),
    ).toEqual([]);
    const [written] = await l.writeOutcomes([
      { id: row?.id as string, leaseToken: "mine", changes: { status: "DELIVERED", deliveredAt: 5 } },
    ]);
    expect(written).toMatchObject({ status: "DELIVERED", deliveredAt: 5, version: 2, leaseToken: null });
  });

  it("two deliverers claiming at once never get the same push; a lapsed lease is taken over", async () => {
    const { push } = await setUp();
    let clock = Date.now();
    const l = ledger({ now: () => clock });
    const pushes = Array.from({ length: 30 }, (_, i) => push({ interactionId: `${push().interactionId}-${i}` }));
    const rows = await l.record(pushes, "first-attempt");
    const ids = new Set(rows.map((r) => r.id));
    // The recording process's lease (15 s) lapses: the pushes are due for the deliverers.
    clock += 16_000;
    const claims = await Promise.all([l.claimDue(1_000, 10_000), ledger({ now: () => clock }).claimDue(1_000, 10_000)]);
    const claimed = claims.flat().filter((r) => ids.has(r.id));
    expect(claimed.length).toBe(30);
    expect(new Set(claimed.map((r) => r.id)).size).toBe(30);
    // Held: nobody else gets them until the lease lapses.
    expect((await l.claimDue(1_000, 10_000)).filter((r) => ids.has(r.id))).toEqual([]);
    clock += 11_000;
    expect((await l.claimDue(1_000, 10_000)).filter((r) => ids.has(r.id)).length).toBe(30);
  });

  it("a deliverer claims only pushes of its own CXone target; others are counted, never taken", async () => {
    const { push } = await setUp();
    let clock = Date.now();
    const production = ledger({ now: () => clock, target: `content@prod-${randomUUID()}` });
    const developer = ledger({ now: () => clock, target: `simulator@dev-${randomUUID()}:4010` });
    const base = push().interactionId;
    const mine = await production.record(
      Array.from({ length: 4 }, (_, i) => push({ interactionId: `${base}-p${i}` })),
      "first-attempt",
    );
    expect(mine.map((r) => r.target)).toEqual(Array(4).fill(production.target));
    clock += 16_000; // the recording process's lease lapses: the pushes are due
    const ids = new Set(mine.map((r) => r.id));
    expect((await developer.claimDue(1_000, 10_000)).filter((r) => ids.has(r.id))).toEqual([]);
    expect(await developer.otherTargets()).toContainEqual({ target: production.target, open: 4 });
    expect((await developer.otherTargets()).map((o) => o.target)).not.toContain(developer.target);
    const claimed = (await production.claimDue(1_000, 10_000)).filter((r) => ids.has(r.id));
    expect(claimed.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it("open pushes recorded before pushes named a target are adopted by a real CXone's deliverer, never by the simulator's", async () => {
    const { push } = await setUp();
    let clock = Date.now();
    const real = ledger({ now: () => clock, target: `content@real-${randomUUID()}`, adoptUnbound: true });
    const simulator = ledger({ now: () => clock, target: `simulator@dev-${randomUUID()}:4010` });
    const [row] = await real.record([push()], "first-attempt");
    await graph.driver.executeQuery(
      "MATCH (p:Push {id: $id}) REMOVE p.target",
      { id: row?.id },
      { database: testConnection().database },
    );
    clock += 16_000;
    expect((await simulator.claimDue(1_000, 10_000)).map((r) => r.id)).not.toContain(row?.id);
    const adopted = (await real.claimDue(1_000, 10_000)).find((r) => r.id === row?.id);
    expect(adopted?.target).toBe(real.target);
    expect((await real.get(row?.id as string))?.target).toBe(real.target);
  });

  it("migration: a real CXone's gateway binds every unbound push once per ledger; the simulator's binds none", async () => {
    const { push } = await setUp();
    const marker = `test-${randomUUID()}`;
    const real = ledger({ target: `content@real-${randomUUID()}`, adoptUnbound: true });
    const simulator = ledger({ target: `simulator@dev-${randomUUID()}:4010` });
    const rows = await real.record(
      [
        push({ interactionId: `${push().interactionId}-a` }),
        push({ interactionId: `${push().interactionId}-b`, candidates: [] }),
      ],
      "first-attempt",
    );
    const ids = rows.map((r) => r.id);
    await graph.driver.executeQuery(
      "MATCH (p:Push) WHERE p.id IN $ids REMOVE p.target",
      { ids },
      { database: testConnection().database },
    );
    expect(await simulator.bindUnbound(1_000, marker)).toBe(0);
    expect((await real.get(ids[0] as string))?.target).toBeNull();
    expect(await real.bindUnbound(1, marker)).toBeGreaterThanOrEqual(2); // batches of one: the loop goes on
    for (const id of ids) expect((await real.get(id))?.target).toBe(real.target);
    await graph.driver.executeQuery(
      "MATCH (p:Push) WHERE p.id IN $ids REMOVE p.target",
      { ids },
      { database: testConnection().database },
    );
    expect(await real.bindUnbound(1_000, marker)).toBe(0); // done once: the marker remembers
    await graph.driver.executeQuery(
      "MATCH (m:LedgerMeta {id: $marker}) DELETE m",
      { marker },
      { database: testConnection().database },
    );
  });

  it("pages history newest first with filters, and the cursor continues where the page ended", async () => {
    const { push } = await setUp();
    let clock = 1_700_000_000_000 + Math.floor(Math.random() * 1e9);
    const l = ledger({ now: () => clock++ });
    const agent = `agent-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 5; i++)
      await l.record(
        [push({ agentId: agent, candidates: [], interactionId: `${push().interactionId}-${i % 2}` })],
        "x",
      );
    const first = await l.page({ agentId: agent }, 3, null);
    expect(first.map((r) => r.createdAt)).toEqual([...first.map((r) => r.createdAt)].sort((a, b) => b - a));
    const last = first[2];
    const rest = await l.page({ agentId: agent }, 10, { createdAt: last?.createdAt as number, id: last?.id as string });
    expect([...first, ...rest].map((r) => r.id)).toHaveLength(5);
    expect(new Set([...first, ...rest].map((r) => r.id)).size).toBe(5);
    expect((await l.page({ agentId: agent, interactionId: `${push().interactionId}-1` }, 10, null)).length).toBe(2);
    expect((await l.page({ agentId: agent, status: "DELIVERED" }, 10, null)).length).toBe(0);
    const middle = first[1]?.createdAt as number;
    expect((await l.page({ agentId: agent, until: middle }, 10, null)).length).toBe(3);
    expect((await l.page({ agentId: agent, since: middle }, 10, null)).length).toBe(2);
  });

  it("retention deletes pushes older than the cutoff in bounded batches, keeps newer ones, and removes emptied interactions", async () => {
    const { push } = await setUp();
    const oldClock = Date.now() - 40 * 86_400_000;
    const old = ledger({ now: () => oldClock });
    const base = push().interactionId;
    const oldRows = await old.record(
      Array.from({ length: 5 }, (_, i) => push({ interactionId: `${base}-old${i}`, candidates: [] })),
      "x",
    );
    const [recent] = await ledger().record([push({ interactionId: `${base}-new`, candidates: [] })], "x");
    const deleted = await ledger().deleteOlderThan(Date.now() - 30 * 86_400_000, 2);
    expect(deleted).toBeGreaterThanOrEqual(5);
    for (const row of oldRows) expect(await ledger().get(row.id)).toBeNull();
    expect(await ledger().interactionExists(`${base}-old0`)).toBe(false);
    expect(await ledger().get(recent?.id as string)).not.toBeNull();
  });
});
