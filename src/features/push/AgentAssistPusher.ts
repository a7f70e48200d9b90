import type { Logger } from "pino";
import type { AgentAssistBatchItem } from "../../generated/graphql";
import { lazyChild } from "../../platform/observability/lazyLogger";
import { ErrorCode } from "../../platform/errors/codes";
import { GatewayError } from "../../platform/errors/GatewayError";
import { translateNeo4jError } from "../../platform/errors/neo4jErrors";
import type { OutageLog } from "../../platform/observability/outageLog";
import { logError } from "../../platform/graphql/errorLoggingPlugin";
import { MAX_SUGGESTION_LIMIT, relevanceSuggestions, type RankDefaults, type SuggestionLoader } from "../suggestions";
import { deliverAndRecord, type DeliveryDeps } from "./pushDelivery";
import type { PushFeed } from "./PushFeed";
import { logPushChange } from "./pushLog";
import type { PushToRecord } from "./PushLedger";
import type { RecordWriter } from "./RecordWriter";
import type { Admission, PushShares } from "./PushShares";
import { toPushResult, type PushResult, type PushRow } from "./pushRecord";
import { suggestedArticle, toCard, type CxoneCard } from "../../integrations/cxone/cards";
import { mapWithConcurrency } from "../../platform/resilience/mapWithConcurrency";
import type { KnowledgeRequestScope } from "../knowledge";
import { validateBatchSize, validatePushInput, type DeliveryMode, type PushInput, type ValidPush } from "./pushInput";

/** One batch item's outcome: the GraphQL type AgentAssistBatchItem. */
export type BatchItem = AgentAssistBatchItem;

/** Per-request collaborators: the request's DataLoader and logger. */
export interface PushScope {
  loader: SuggestionLoader;
  logger: Logger;
  requestId: string;
  /** The caller's token subject, or `anonymous`. */
  requestedBy?: string;
  /** Whose fair share a push counts against: the token's subject, else the client's address. */
  caller?: string;
  /** Where batch items' dependency failures are counted (absent in schema-only tests). */
  outages?: OutageLog;
  /** Search terms in text, paths for card reasons, knowledge-gap counts (absent in schema-only tests). */
  knowledge?: KnowledgeRequestScope;
  /** The configured default ranks of searches and text (KB_SEARCH_RANK, KB_TEXT_RANK). */
  ranks?: RankDefaults;
}

/** Where pushes are recorded and delivered (absent only where CXone is not configured). */
export interface PushRecording {
  /** Group commit for push records (through the admission queue): a batch's pushes go in one write. */
  records: RecordWriter;
  delivery: DeliveryDeps;
  feed: PushFeed;
  /** Each caller's share of the push rate and of the backlog (absent: no shares). */
  shares?: PushShares;
}

/**
 * The push use case: validate, run the suggestion traversal (through the request's DataLoader, so a batch is one
 * Neo4j round trip), record the push in the ledger (one more round trip: the articles already shown to the
 * interaction are left out there), then deliver through the CXone data source. A retryable CXone failure leaves
 * the push QUEUED for the background deliverer; the caller gets QUEUED, not an error.
 */
export class AgentAssistPusher {
  constructor(
    private readonly deliveryMode: DeliveryMode,
    private readonly batchConcurrency: number,
    private readonly recording?: PushRecording,
  ) {}

  /** One push; throws a coded GatewayError on failure. */
  async push(input: PushInput, scope: PushScope): Promise<PushResult> {
    const valid = validatePushInput(input, this.deliveryMode, "", scope.ranks);
    this.assertConfigured(valid);
    const admission = this.admit(valid, scope);
    try {
      const candidates = await this.cardsFor(valid, scope);
      if (valid.dryRun) return dryRun(valid, candidates);
      const [row] = await this.record([{ push: valid, candidates, admission }], scope);
      const result = await this.deliver(row as PushRow, scope);
      admission.settle(result.status === "QUEUED");
      return result;
    } catch (error) {
      admission.settle(false);
      throw error;
    }
  }

  /** Up to 50 pushes; each item gets its own outcome and one failure does not fail the others. */
  async pushBatch(inputs: PushInput[], scope: PushScope): Promise<BatchItem[]> {
    validateBatchSize(inputs.length);
    // Validation and the traversals first: every load() in this tick joins one DataLoader batch.
    type Searched = { valid: ValidPush; cards: CxoneCard[]; admission: Admission } | { error: unknown };
    const searched: Searched[] = await Promise.all(
      inputs.map(async (input, index): Promise<Searched> => {
        try {
          const valid = validatePushInput(input, this.deliveryMode, `inputs[${index}].`, scope.ranks);
          this.assertConfigured(valid);
          const admission = this.admit(valid, scope);
          try {
            return { valid, cards: await this.cardsFor(valid, scope), admission };
          } catch (error) {
            admission.settle(false);
            throw error;
          }
        } catch (error) {
          return { error };
        }
      }),
    );
    // Then one ledger write for every item that is not a dry run.
    const toRecord = searched.flatMap((item, index) =>
      "valid" in item && !item.valid.dryRun
        ? [{ index, push: item.valid, candidates: item.cards, admission: item.admission }]
        : [],
    );
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
        try {
          if ("error" in recorded) throw recorded.error;
          const push = await this.deliver(recorded.get(index) as PushRow, scope);
          item.admission.settle(push.status === "QUEUED");
          return { index, interactionId, push, error: null };
        } catch (error) {
          item.admission.settle(false);
          throw error;
        }
      } catch (error) {
        return { index, interactionId, push: null, error: describe(error, scope) };
      }
    });
  }

  private assertConfigured(push: ValidPush): void {
    if (!push.dryRun && !this.recording) {
      throw new GatewayError(
        ErrorCode.CXONE_NOT_CONFIGURED,
        "CXone is not configured on this gateway: set CXONE_* credentials to push (queries and dryRun work without them).",
      );
    }
  }

  /**
   * A real push counts against its caller's share (refused with OVERLOADED over it); a dry run does not. Returns
   * the admission to settle when its first attempt settled.
   */
  private admit(push: ValidPush, scope: PushScope): Admission {
    const shares = push.dryRun ? undefined : this.recording?.shares;
    return shares ? shares.admit(callerOf(scope)) : NOT_COUNTED;
  }

  /**
   * The traversal's articles as cards: for a real push up to 20, so that articles already shown can be replaced. A
   * push with `text` searches the known terms in it. With CARD_REASON=true each card also says why (one more read).
   */
  private async cardsFor(push: ValidPush, scope: PushScope): Promise<CxoneCard[]> {
    const limit = push.dryRun || push.includeShown ? push.limit : MAX_SUGGESTION_LIMIT;
    const knowledge = scope.knowledge;
    try {
      const relevance = push.source === "text" && push.rank === "RELEVANCE";
      const terms =
        push.source === "text" && !relevance
          ? (knowledge?.loop.terms.current.spot(push.query).map((t) => t.keyword) ?? [])
          : null;
      const articles = relevance
        ? await scope.loader.load({ text: push.query, limit, rank: "RELEVANCE" })
        : terms === null
          ? await scope.loader.load({ query: push.query, limit, rank: push.rank })
          : terms.length > 0
            ? await scope.loader.load({ terms, limit, rank: push.rank })
            : [];
      const cards = articles.map((properties) => toCard(suggestedArticle(properties)));
      knowledge?.noteSearch(push.query, articles, push.source === "text");
      if (!knowledge?.loop.settings.cardReason || cards.length === 0) return cards;
      const explained =
        push.rank === "RELEVANCE"
          ? relevanceSuggestions(
              knowledge.loop.terms.relevance.search(push.query, push.source === "text" ? "sentence" : "search", limit),
              articles,
            )
          : await knowledge.explainer.load({
              query: terms === null ? push.query : null,
              terms,
              urls: cards.map((c) => c.url),
            });
      const reasons = new Map(explained.map((s) => [String(s.article.url), s.reason]));
      return cards.map((card) => {
        const reason = reasons.get(card.url);
        return reason ? { ...card, metadata: { ...card.metadata, reason } } : card;
      });
    } catch (error) {
      throw translateNeo4jError(error) ?? error;
    }
  }

  private async record(
    items: { push: ValidPush; candidates: CxoneCard[]; admission: Admission }[],
    scope: PushScope,
  ): Promise<PushRow[]> {
    const { records, feed, shares } = this.recording as PushRecording;
    const toRecord: PushToRecord[] = items.map(({ push, candidates }) => ({
      interactionId: push.interactionId,
      agentId: push.agentId,
      query: push.query,
      requestedBy: scope.requestedBy ?? "anonymous",
      caller: callerOf(scope),
      requestId: scope.requestId,
      limit: push.limit,
      includeShown: push.includeShown,
      candidates,
    }));
    try {
      // Every push of a batch joins the same group commit: one write, one admission slot.
      const write = () => Promise.all(toRecord.map((push) => records.record(push)));
      const admissions = items.map((item) => item.admission);
      const rows = shares ? await shares.recording(admissions, write) : await write();
      scope.outages?.graphAnswered();
      feed.publish(rows);
      return rows;
    } catch (error) {
      throw translateNeo4jError(error) ?? error;
    }
  }

  /** The first attempt of a recorded push, within the push deadline (already shown or nothing to show: no attempt). */
  private async deliver(row: PushRow, scope: PushScope): Promise<PushResult> {
    const { delivery } = this.recording as PushRecording;
    const logger = lazyChild(scope.logger, { interactionId: row.interactionId, agentId: row.agentId, pushId: row.id });
    if (row.status !== "PENDING") {
      logPushChange(row, logger, delivery.metrics);
      return toPushResult(row);
    }
    const settled = await deliverAndRecord(row, delivery, logger);
    if (settled.row.status === "FAILED") throw settled.error;
    if (settled.row.status === "QUEUED") {
      scope.outages?.failure("cxone", { err: settled.error, requestId: scope.requestId });
      return toPushResult(settled.row);
    }
    scope.outages?.success("cxone");
    const sent = settled.delivery;
    logger.info({ cards: sent?.cards.length, attempts: sent?.attempts, contentId: sent?.contentId }, "cards delivered");
    const result = toPushResult(settled.row);
    return sent ? { ...result, cards: sent.cards } : result;
  }
}

/** A push no share counts (a dry run, or no shares on this gateway). */
const NOT_COUNTED: Admission = { settle: () => undefined };

/** Whose fair share a push counts against (PushShares), as recorded on the push. */
function callerOf(scope: PushScope): string {
  return scope.caller ?? scope.requestedBy ?? "anonymous";
}

function dryRun(push: ValidPush, candidates: CxoneCard[]): PushResult {
  return {
    status: candidates.length === 0 ? "NO_RESULTS" : "DRY_RUN",
    id: null,
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
