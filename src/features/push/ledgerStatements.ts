/**
 * The ledger's Cypher, in one place. Times are epoch milliseconds. A push is
 * `(:Interaction {id})-[:RECEIVED]->(:Push {...})-[:SHOWED {rank}]->(:Article)`.
 */

/** Statuses whose articles count as shown to the interaction (delivered, or on their way). */
const SHOWN = "['PENDING', 'QUEUED', 'DELIVERED']";

/**
 * Records pushes, one row each, in one round trip. Setting `lastPushAt` takes the interaction's write lock first,
 * so two pushes into one interaction are recorded one after the other and the second sees the first's articles.
 * Each row's `candidates` are the traversal's articles in rank order ({url, card}); the articles already shown to
 * the interaction are left out unless `includeShown`, then the first `limit` are kept.
 */
export const RECORD_PUSHES = `
UNWIND $pushes AS row
MERGE (i:Interaction {id: row.interactionId})
SET i.lastPushAt = row.now
WITH i, row
CALL (i, row) {
  OPTIONAL MATCH (i)-[:RECEIVED]->(earlier:Push)-[:SHOWED]->(seen:Article)
  WHERE earlier.status IN ${SHOWN}
  RETURN collect(DISTINCT seen.url) AS shown
}
WITH i, row, CASE WHEN row.includeShown THEN row.candidates ELSE [c IN row.candidates WHERE NOT c.url IN shown] END AS open
WITH i, row, open[0..row.limit] AS chosen
CREATE (i)-[:RECEIVED]->(p:Push {
  id: row.id, interactionId: row.interactionId, agentId: row.agentId, query: row.query,
  requestedBy: row.requestedBy, caller: row.caller, requestId: row.requestId, target: row.target,
  status: CASE WHEN size(row.candidates) = 0 THEN 'NO_RESULTS' WHEN size(chosen) = 0 THEN 'ALREADY_SHOWN' ELSE 'PENDING' END,
  attempts: 0, createdAt: row.now, updatedAt: row.now, expiresAt: row.expiresAt, nextAttemptAt: row.now,
  cards: [c IN chosen | c.card], version: 1,
  history: [CASE WHEN size(row.candidates) = 0 THEN 'NO_RESULTS' WHEN size(chosen) = 0 THEN 'ALREADY_SHOWN' ELSE 'PENDING' END],
  leaseToken: CASE WHEN size(chosen) = 0 THEN null ELSE row.leaseToken END,
  leaseUntil: CASE WHEN size(chosen) = 0 THEN 0 ELSE row.leaseUntil END
})
WITH row, p, chosen
CALL (p, chosen) {
  UNWIND range(0, size(chosen) - 1) AS position
  MATCH (a:Article {url: chosen[position].url})
  CREATE (p)-[:SHOWED {rank: position + 1}]->(a)
}
// The cards are not sent back: the caller has them (urls name the chosen ones), which halves what Bolt carries.
RETURN row.index AS index, p {.*, cards: null} AS push, [c IN chosen | c.url] AS urls
`;

/**
 * Writes attempt outcomes, many in one transaction (see OutcomeWriter). `history` keeps every status the push
 * had, one per version, so the live feed of another process can tell each change even when it reads only the last. Only the holder of the push's lease may
 * write: a process whose lease was taken over (it stalled past its lease) changes nothing.
 */
export const WRITE_OUTCOMES = `
UNWIND $outcomes AS o
MATCH (p:Push {id: o.id})
WHERE p.leaseToken = o.leaseToken
SET p += o.changes, p.version = p.version + 1, p.history = p.history + o.changes.status,
    p.updatedAt = o.now, p.leaseToken = null, p.leaseUntil = 0
RETURN p {.*} AS push
`;

/** Open pushes recorded before pushes named their target may be adopted by a gateway with a real CXone. */
const OWN_TARGET = "(p.target = $target OR (p.target IS NULL AND $adoptUnbound))";

/**
 * Claims due pushes of one CXone target for one deliverer. Setting `claiming` takes each push's write lock before
 * the lease is checked again, so when two processes race for a push the second one sees the first's lease and skips
 * it. A push of another target is never claimed; an unbound one (recorded by an older version) is bound on claim.
 */
export const CLAIM_DUE = `
MATCH (p:Push)
WHERE p.status IN ['PENDING', 'QUEUED'] AND ${OWN_TARGET} AND p.leaseUntil < $now
  AND (p.nextAttemptAt <= $now OR p.expiresAt <= $now)
WITH p ORDER BY p.nextAttemptAt ASC LIMIT $max
SET p.claiming = $token
WITH p
WHERE p.leaseUntil < $now AND p.status IN ['PENDING', 'QUEUED'] AND ${OWN_TARGET}
SET p.leaseToken = $token, p.leaseUntil = $leaseUntil, p.target = $target
REMOVE p.claiming
RETURN p {.*} AS push
`;

/** Open pushes of this target per caller (most first, the top 1,000) and in all: the backlog's fair shares. */
export const OPEN_BY_CALLER = `
MATCH (p:Push)
WHERE p.status IN ['PENDING', 'QUEUED'] AND p.target = $target
WITH coalesce(p.caller, p.requestedBy) AS caller, count(p) AS open
ORDER BY open DESC
WITH collect({caller: caller, open: open}) AS callers, sum(open) AS total
RETURN total, callers[0..1000] AS callers
`;

/** Open pushes that belong to other CXone targets, per target (the deliverer leaves them alone and says so). */
export const OTHER_TARGETS = `
MATCH (p:Push)
WHERE p.status IN ['PENDING', 'QUEUED'] AND p.target IS NOT NULL AND p.target <> $target
RETURN p.target AS target, count(p) AS open
ORDER BY open DESC, target ASC
LIMIT 20
`;

/**
 * Migration: binds pushes recorded before pushes named their target (any status), a bounded batch at a time, until
 * the ledger's marker says it is done. Only a gateway with a real CXone runs it (the simulator never adopts).
 */
export const UNBOUND_DONE = `OPTIONAL MATCH (m:LedgerMeta {id: $marker}) RETURN m.targetsBoundAt IS NOT NULL AS done`;

export const BIND_UNBOUND = `
MATCH (p:Push) WHERE p.target IS NULL
WITH p LIMIT $batch
SET p.target = $target
RETURN count(p) AS bound
`;

export const MARK_UNBOUND_DONE = `
MERGE (m:LedgerMeta {id: $marker})
SET m.targetsBoundAt = coalesce(m.targetsBoundAt, $now), m.targetsBoundTo = coalesce(m.targetsBoundTo, $target)
`;

/** Status changes since an instant, oldest first (the live feed polls this). */
export const CHANGED_SINCE = `
MATCH (p:Push) WHERE p.updatedAt >= $since
RETURN p {.*} AS push ORDER BY p.updatedAt ASC LIMIT $max
`;

export const PUSH_BY_ID = `MATCH (p:Push {id: $id}) RETURN p {.*} AS push`;

/** Push history newest first; `$first + 1` rows tell whether there is a next page. */
export const PAGE_PUSHES = `
MATCH (p:Push)
WHERE ($interactionId IS NULL OR p.interactionId = $interactionId)
  AND ($agentId IS NULL OR p.agentId = $agentId)
  AND ($status IS NULL OR p.status = $status)
  AND ($since IS NULL OR p.createdAt >= $since)
  AND ($until IS NULL OR p.createdAt < $until)
  AND ($afterAt IS NULL OR p.createdAt < $afterAt OR (p.createdAt = $afterAt AND p.id < $afterId))
RETURN p {.*} AS push
ORDER BY p.createdAt DESC, p.id DESC
LIMIT $limit
`;

export const INTERACTION_EXISTS = `MATCH (i:Interaction {id: $id}) RETURN i.id AS id`;

export const INTERACTION_PUSHES = `
MATCH (:Interaction {id: $id})-[:RECEIVED]->(p:Push)
RETURN p {.*} AS push ORDER BY p.createdAt DESC, p.id DESC LIMIT 100
`;

/** Articles delivered to an interaction, each once, in the order first delivered. */
export const SHOWN_ARTICLES = `
MATCH (:Interaction {id: $id})-[:RECEIVED]->(p:Push {status: 'DELIVERED'})-[:SHOWED]->(a:Article)
WITH a, p ORDER BY p.deliveredAt ASC
WITH a, collect(p)[0] AS first
RETURN a.url AS url, a.title AS title, a.priority AS priority, first.id AS pushId, first.deliveredAt AS shownAt
ORDER BY shownAt ASC, url ASC
`;

/** Queue length and the oldest open push (metrics). */
export const QUEUE_STATS = `
MATCH (p:Push) WHERE p.status IN ['PENDING', 'QUEUED']
RETURN count(p) AS length, min(p.createdAt) AS oldest
`;

/** Retention: a bounded batch of old pushes, then interactions left without any. */
export const DELETE_OLD_PUSHES = `
MATCH (p:Push) WHERE p.createdAt < $cutoff
WITH p LIMIT $batch
DETACH DELETE p
RETURN count(*) AS deleted
`;

export const DELETE_EMPTY_INTERACTIONS = `
MATCH (i:Interaction) WHERE i.lastPushAt < $cutoff AND NOT (i)-[:RECEIVED]->()
WITH i LIMIT $batch
DELETE i
RETURN count(*) AS deleted
`;
