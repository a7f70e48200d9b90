import type { AgentAssistPush, AgentAssistPushError, PushRecord, PushRecordStatus } from "../../generated/graphql";
import type { CxoneCard } from "../../integrations/cxone/cards";

/** Where a recorded push stands (the GraphQL enum PushRecordStatus). */
export type PushStatus = PushRecordStatus;

/** The latest failure of a push (the GraphQL type AgentAssistPushError). */
export type PushError = AgentAssistPushError;

/** A :Push node's properties as the ledger stores them (times are epoch milliseconds). */
export interface PushRow {
  id: string;
  interactionId: string;
  agentId: string;
  query: string;
  requestedBy: string;
  requestId: string;
  status: PushStatus;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  contentId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorRetryAfter: number | null;
  /** The cards as JSON text, best first. */
  cards: string[];
  /** Bumped on every change: (id, version) names one event. */
  version: number;
  /** The status of every version, oldest first (history[version - 1] is `status`). */
  history: PushStatus[];
  leaseToken: string | null;
  leaseUntil: number;
  /** The CXone target the push was accepted for; null for a push recorded before pushes named one. */
  target: string | null;
  /** Whose fair share it counted against (the token's subject, else the client's address); null before shares. */
  caller: string | null;
}

/** A push as the GraphQL type PushRecord shows it. */
export type PushRecordView = PushRecord;

/** An epoch-millisecond time as ISO-8601 (null stays null). */
export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms == null ? null : new Date(ms).toISOString();
}

/** The cards a push stores as JSON text. */
export function cardsOf(row: PushRow): CxoneCard[] {
  return row.cards.map((text) => JSON.parse(text) as CxoneCard);
}

/** Reads a node's properties (Neo4j integers arrive as numbers: the driver is configured so). */
export function toRow(properties: Record<string, unknown>): PushRow {
  const p = properties;
  const num = (v: unknown) => (v == null ? null : Number(v));
  const str = (v: unknown) => (v == null ? null : String(v));
  return {
    id: String(p.id),
    interactionId: String(p.interactionId),
    agentId: String(p.agentId),
    query: String(p.query),
    requestedBy: String(p.requestedBy),
    requestId: String(p.requestId ?? ""),
    status: String(p.status) as PushStatus,
    attempts: Number(p.attempts ?? 0),
    createdAt: Number(p.createdAt),
    updatedAt: Number(p.updatedAt),
    expiresAt: Number(p.expiresAt),
    nextAttemptAt: num(p.nextAttemptAt),
    deliveredAt: num(p.deliveredAt),
    contentId: str(p.contentId),
    errorCode: str(p.errorCode),
    errorMessage: str(p.errorMessage),
    errorRetryAfter: num(p.errorRetryAfter),
    cards: Array.isArray(p.cards) ? p.cards.map(String) : [],
    version: Number(p.version ?? 0),
    history: Array.isArray(p.history) ? (p.history.map(String) as PushStatus[]) : [],
    leaseToken: str(p.leaseToken),
    leaseUntil: Number(p.leaseUntil ?? 0),
    target: str(p.target),
    caller: str(p.caller),
  };
}

export function lastErrorOf(row: PushRow): PushError | null {
  if (!row.errorCode) return null;
  return {
    code: row.errorCode,
    message: row.errorMessage ?? "",
    ...(row.errorRetryAfter != null ? { retryAfterSeconds: row.errorRetryAfter } : {}),
  };
}

export function toView(row: PushRow): PushRecordView {
  return {
    id: row.id,
    interactionId: row.interactionId,
    agentId: row.agentId,
    query: row.query,
    requestedBy: row.requestedBy,
    status: row.status,
    attempts: row.attempts,
    createdAt: iso(row.createdAt),
    deliveredAt: iso(row.deliveredAt),
    expiresAt: iso(row.expiresAt),
    nextAttemptAt: row.status === "QUEUED" && row.nextAttemptAt != null ? iso(row.nextAttemptAt) : null,
    contentId: row.contentId,
    lastError: lastErrorOf(row),
    cards: cardsOf(row),
    target: row.target,
  };
}

/** The result of one push: the GraphQL type AgentAssistPush. */
export type PushResult = AgentAssistPush;

/**
 * A recorded push as the push mutations answer it (AgentAssistPush): the PushRecord view, where a push not yet
 * settled (PENDING) or settled in the background later (EXPIRED, FAILED) reads as QUEUED to the caller.
 */
export function toPushResult(row: PushRow): PushResult {
  const view = toView(row);
  const status =
    row.status === "PENDING" || row.status === "EXPIRED" || row.status === "FAILED" ? "QUEUED" : row.status;
  return {
    status,
    id: view.id,
    pushId: view.id,
    interactionId: view.interactionId,
    contentId: view.contentId,
    deliveredAt: view.deliveredAt,
    nextAttemptAt: status === "QUEUED" ? iso(row.nextAttemptAt) : null,
    lastError: view.lastError,
    cards: view.cards,
  };
}

/**
 * The row as it was at `version`, from its status history: the status of that version; delivery facts only on a
 * DELIVERED version, the next attempt only on a QUEUED one (what else changed in between is not kept).
 */
export function atVersion(row: PushRow, version: number): PushRow {
  if (version === row.version) return row;
  const status = row.history[version - 1] ?? row.status;
  return {
    ...row,
    version,
    status,
    deliveredAt: status === "DELIVERED" ? row.deliveredAt : null,
    contentId: status === "DELIVERED" ? row.contentId : null,
    nextAttemptAt: status === "QUEUED" ? row.nextAttemptAt : null,
  };
}
