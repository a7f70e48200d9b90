import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { lazyChild } from "../../platform/observability/lazyLogger";
import type { CxoneClient } from "../../integrations/cxone/CxoneClient";
import { ErrorCode } from "../../platform/errors/codes";
import { GatewayError } from "../../platform/errors/GatewayError";
import { translateNeo4jError } from "../../platform/errors/neo4jErrors";
import type { OutageLog } from "../../platform/observability/outageLog";
import { logError } from "../../platform/graphql/errorLoggingPlugin";
import type { SuggestionLoader } from "../suggestions/suggestionLoader";
import { MAX_SUGGESTION_LIMIT } from "../suggestions/suggestionInput";
import type { AdmissionQueue } from "../../platform/resilience/AdmissionQueue";
import type { GatewayMetrics } from "../../platform/observability/metrics";
import { attemptDelivery } from "./deliveryAttempt";
import type { OutcomeWriter } from "./OutcomeWriter";
import type { PushFeed } from "./PushFeed";
import type { PushLedger, PushToRecord } from "./PushLedger";
import type { RecordWriter } from "./RecordWriter";
import { logPushChange } from "./pushLog";
import { cardsOf, iso, lastErrorOf, type PushError, type PushRow } from "./pushRecord";
import { suggestedArticle, toCard, type CxoneCard } from "../../integrations/cxone/cards";
import { mapWithConcurrency } from "../../platform/resilience/mapWithConcurrency";
import type { KnowledgeRequestScope } from "../knowledge/requestScope";
import { validateBatchSize, validatePushInput, type DeliveryMode, type PushInput, type ValidPush } from "./pushInput";

/** The result of one push, as the GraphQL type AgentAssistPush. */
export interface PushResult {
  status: "DELIVERED" | "QUEUED" | "NO_RESULTS" | "ALREADY_SHOWN" | "DRY_RUN";
  pushId: string | null;
  interactionId: string;
  contentId: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  lastError: PushError | null;
  cards: CxoneCard[];
}

/** One batch item's outcome, as the GraphQL type AgentAssistBatchItem. */
export interface BatchItem {
  index: number;
  interactionId: string;
  push: PushResult | null;
  error: { code: string; message: string; field?: string; retryAfterSeconds?: number } | null;
}

/** Per-request collaborators: the request's DataLoader and logger. */
export interface PushScope {
  loader: SuggestionLoader;
  logger: Logger;
  requestId: string;
  /** The caller's token subject, or `anonymous`. */
  requestedBy?: string;
  /** Where batch items' dependency failures are counted (absent in schema-only tests). */
  outages?: OutageLog;
  /** Search terms in text, paths for card reasons, knowledge-gap counts (absent in schema-only tests). */
  knowledge?: KnowledgeRequestScope;
}

/** The ledger's parts the app wires once (the gateway adds the request-path ones: group commit, admission, metrics). */
export type LedgerParts = Pick<PushRecording, "ledger" | "writer" | "feed">;

/** The ledger and what writes around it (absent only where CXone is not configured). */
export interface PushRecording {
  ledger: PushLedger;
  /** Group commit for single pushes' records (a batch is one write of its own). */
  records: RecordWriter;
  writer: OutcomeWriter;
  feed: PushFeed;
  admission?: AdmissionQueue;
  metrics?: GatewayMetrics;
}

/**
 * The push use case: validate, run the suggestion traversal (through the request's DataLoader, so a batch is one
 * Neo4j round trip), record the push in the ledger (one more round trip: the articles already shown to the
 * interaction are left out there), then deliver through the CXone data source. A retryable CXone failure leaves
 * the push QUEUED for the background deliverer; the caller gets QUEUED, not an error.
 */
export class AgentAssistPusher {
  constructor(
    private readonly cxone: CxoneClient | undefined,
    private readonly delivery: DeliveryMode,
    private readonly batchConcurrency: number,
    private readonly recording?: PushRecording,
  ) {}

  /** One push; throws a coded GatewayError on failure. */
  async push(input: PushInput, scope: PushScope): Promise<PushResult> {
    const valid = validatePushInput(input, this.delivery);
    this.assertConfigured(valid);
    const candidates = await this.cardsFor(valid, scope);
    if (valid.dryRun) return dryRun(valid, candidates);
    const [row] = await this.record([{ push: valid, candidates }], scope);
    return this.deliver(row as PushRow, scope);
  }

  /** Up to 50 pushes; each item gets its own outcome and one failure does not fail the others. */
  async pushBatch(inputs: PushInput[], scope: PushScope): Promise<BatchItem[]> {
    validateBatchSize(inputs.length);
    // Validation and the traversals first: every load() in this tick joins one DataLoader batch.
    type Searched = { valid: ValidPush; cards: CxoneCard[] } | { error: unknown };
    const searched: Searched[] = await Promise.all(
      inputs.map(async (input, index): Promise<Searched> => {
        try {
          const valid = validatePushInput(input, this.delivery, `inputs[${index}].`);
          this.assertConfigured(valid);
          return { valid, cards: await this.cardsFor(valid, scope) };
        } catch (error) {
          return { error };
        }
      }),
    );
    // Then one ledger write for every item that is not a dry run.
    const toRecord = searched.flatMap((item, index) => ("valid" in item && !item.valid.dryRun ? [{ index, push: item.valid, candidates: item.cards }] : []));
    let recorded: Map<number, PushRow> | { error: unknown };
    try {
      const rows = toRecord.length > 0 ? await this.record(toRecord, scope) : [];
      recorded = new Map(toRecord.map((item, i) => [item.index, rows[i] as PushRow]));
    } catch (error) {
      recorded = { error };
    }
    return mapWithConcurrency(searched, this.batchConcurrency, async (item, index) => {
      const interactionId = String(inputs[index]?.interactionId ?? "");
      try {
        if ("error" in item) throw item.error;
        if (item.valid.dryRun) return { index, interactionId, push: dryRun(item.valid, item.cards), error: null };
        if ("error" in recorded) throw recorded.error;
        return { index, interactionId, push: await this.deliver(recorded.get(index) as PushRow, scope), error: null };
      } catch (error) {
        return { index, interactionId, push: null, error: describe(error, scope) };
      }
    });
  }

  private assertConfigured(push: ValidPush): void {
    if (!push.dryRun && (!this.cxone || !this.recording)) {
      throw new GatewayError(
        ErrorCode.CXONE_NOT_CONFIGURED,
        "CXone is not configured on this gateway: set CXONE_* credentials to push (queries and dryRun work without them).",
      );
    }
  }

  /**
   * The traversal's articles as cards: for a real push up to 20, so that articles already shown can be replaced. A
   * push with `text` searches the known terms in it. With CARD_REASON=true each card also says why (one more read).
   */
  private async cardsFor(push: ValidPush, scope: PushScope): Promise<CxoneCard[]> {
    const limit = push.dryRun || push.includeShown ? push.limit : MAX_SUGGESTION_LIMIT;
    const knowledge = scope.knowledge;
    try {
      const terms = push.source === "text" ? (knowledge?.loop.terms.current.spot(push.query).map((t) => t.keyword) ?? []) : null;
      const articles =
        terms === null
          ? await scope.loader.load({ query: push.query, limit, rank: push.rank })
          : terms.length > 0
            ? await scope.loader.load({ terms, limit, rank: push.rank })
            : [];
      const cards = articles.map((properties) => toCard(suggestedArticle(properties)));
      knowledge?.noteSearch(push.query, articles, terms !== null);
      if (!knowledge?.loop.settings.cardReason || cards.length === 0) return cards;
      const explained = await knowledge.explainer.load({ query: terms === null ? push.query : null, terms, urls: cards.map((c) => c.url) });
      const reasons = new Map(explained.map((s) => [String(s.article.url), s.reason]));
      return cards.map((card) => {
        const reason = reasons.get(card.url);
        return reason ? { ...card, metadata: { ...card.metadata, reason } } : card;
      });
    } catch (error) {
      throw translateNeo4jError(error) ?? error;
    }
  }

  private async record(items: { push: ValidPush; candidates: CxoneCard[] }[], scope: PushScope): Promise<PushRow[]> {
    const { ledger, admission, feed, records } = this.recording as PushRecording;
    const toRecord: PushToRecord[] = items.map(({ push, candidates }) => ({
      interactionId: push.interactionId,
      agentId: push.agentId,
      query: push.query,
      requestedBy: scope.requestedBy ?? "anonymous",
      requestId: scope.requestId,
      limit: push.limit,
      includeShown: push.includeShown,
      candidates,
    }));
    const write = () => ledger.record(toRecord, randomUUID());
    const [only] = toRecord;
    try {
      const rows = only && toRecord.length === 1 ? [await records.record(only)] : await (admission ? admission.run(write) : write());
      scope.outages?.graphAnswered();
      feed.publish(rows);
      return rows;
    } catch (error) {
      throw translateNeo4jError(error) ?? error;
    }
  }

  /** The first attempt of a recorded push, within the push deadline; its outcome written through the group commit. */
  private async deliver(row: PushRow, scope: PushScope): Promise<PushResult> {
    const { writer, ledger, metrics } = this.recording as PushRecording;
    const logger = lazyChild(scope.logger, { interactionId: row.interactionId, agentId: row.agentId, pushId: row.id });
    if (row.status !== "PENDING") {
      logPushChange(row, logger, metrics);
      return resultOf(row);
    }
    const attempt = await attemptDelivery(row, this.cxone as CxoneClient, logger, ledger.now);
    const { changes } = attempt;
    let written: PushRow | null = null;
    try {
      written = await writer.write({ id: row.id, leaseToken: row.leaseToken as string, changes });
    } catch (error) {
      // The push keeps its lease until it lapses; then a deliverer retries it under the same Idempotency-Key.
      logger.warn({ err: error, status: changes.status }, "could not record the push's outcome; the deliverer will settle it");
    }
    const now = { ...row, ...changes, updatedAt: ledger.now() } as PushRow;
    logPushChange(written ?? now, logger, metrics);
    if (changes.status === "FAILED") throw attempt.error;
    if (changes.status === "QUEUED") {
      scope.outages?.failure("cxone", { err: attempt.error, requestId: scope.requestId });
      return resultOf(written ?? now);
    }
    scope.outages?.success("cxone");
    const delivery = attempt.delivery;
    logger.info({ cards: delivery?.cards.length, attempts: delivery?.attempts, contentId: delivery?.contentId }, "cards delivered");
    const result = resultOf(written ?? now);
    return delivery ? { ...result, cards: delivery.cards } : result;
  }
}

function resultOf(row: PushRow): PushResult {
  const status = row.status === "PENDING" || row.status === "EXPIRED" || row.status === "FAILED" ? "QUEUED" : row.status;
  return {
    status,
    pushId: row.id,
    interactionId: row.interactionId,
    contentId: row.contentId,
    deliveredAt: iso(row.deliveredAt),
    nextAttemptAt: status === "QUEUED" ? iso(row.nextAttemptAt) : null,
    lastError: lastErrorOf(row),
    cards: cardsOf(row),
  };
}

function dryRun(push: ValidPush, candidates: CxoneCard[]): PushResult {
  return {
    status: candidates.length === 0 ? "NO_RESULTS" : "DRY_RUN",
    pushId: null,
    interactionId: push.interactionId,
    contentId: null,
    deliveredAt: null,
    nextAttemptAt: null,
    lastError: null,
    cards: candidates.slice(0, push.limit),
  };
}

/** A batch item's error: coded errors as they are, anything else masked; logged once, as request errors are. */
function describe(error: unknown, scope: PushScope): NonNullable<BatchItem["error"]> {
  if (scope.outages) logError(error, scope.logger, scope.requestId, scope.outages);
  if (error instanceof GatewayError) {
    const ext = error.extensions as Record<string, unknown>;
    return {
      code: error.code,
      message: error.message,
      ...(typeof ext.field === "string" ? { field: ext.field } : {}),
      ...(typeof ext.retryAfterSeconds === "number" ? { retryAfterSeconds: ext.retryAfterSeconds } : {}),
    };
  }
  return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: "Internal server error" };
}
