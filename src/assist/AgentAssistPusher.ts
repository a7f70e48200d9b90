import type { Logger } from "pino";
import { lazyChild } from "../logging/lazyLogger";
import type { CxoneClient } from "../cxone/CxoneClient";
import { ErrorCode } from "../errors/codes";
import { GatewayError } from "../errors/GatewayError";
import { translateNeo4jError } from "../errors/neo4jErrors";
import type { OutageLog } from "../logging/outageLog";
import { logError } from "../observability/errorLoggingPlugin";
import type { SuggestionLoader } from "../graph/suggestionLoader";
import { suggestedArticle, toCard, type CxoneCard } from "./cards";
import { mapWithConcurrency } from "./mapWithConcurrency";
import { validateBatchSize, validatePushInput, type DeliveryMode, type PushInput, type ValidPush } from "./pushInput";

/** The result of one push, as the GraphQL type AgentAssistPush. */
export interface PushResult {
  status: "DELIVERED" | "NO_RESULTS" | "DRY_RUN";
  interactionId: string;
  contentId: string | null;
  deliveredAt: string | null;
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
  /** Where batch items' dependency failures are counted (absent in schema-only tests). */
  outages?: OutageLog;
}

/**
 * The push use case: validate, run the suggestion traversal (through the request's DataLoader, so a batch
 * is one Neo4j round trip), format cards, deliver them through the CXone data source.
 */
export class AgentAssistPusher {
  constructor(
    private readonly cxone: CxoneClient | undefined,
    private readonly delivery: DeliveryMode,
    private readonly batchConcurrency: number,
  ) {}

  /** One push; throws a coded GatewayError on failure. */
  async push(input: PushInput, scope: PushScope): Promise<PushResult> {
    const valid = validatePushInput(input, this.delivery);
    this.assertConfigured(valid);
    return this.run(valid, await this.cardsFor(valid, scope), scope);
  }

  /** Up to 50 pushes; each item gets its own outcome and one failure does not fail the others. */
  async pushBatch(inputs: PushInput[], scope: PushScope): Promise<BatchItem[]> {
    validateBatchSize(inputs.length);
    // Validation and the traversals first: every load() in this tick joins one DataLoader batch.
    const prepared = inputs.map((input, index) => {
      try {
        const valid = validatePushInput(input, this.delivery, `inputs[${index}].`);
        this.assertConfigured(valid);
        return { valid, cards: this.cardsFor(valid, scope) };
      } catch (error) {
        return { error };
      }
    });
    return mapWithConcurrency(prepared, this.batchConcurrency, async (item, index) => {
      const interactionId = String(inputs[index]?.interactionId ?? "");
      try {
        if ("error" in item) throw item.error;
        const push = await this.run(item.valid, await item.cards, scope);
        return { index, interactionId, push, error: null };
      } catch (error) {
        return { index, interactionId, push: null, error: describe(error, scope) };
      }
    });
  }

  private assertConfigured(push: ValidPush): void {
    if (!push.dryRun && !this.cxone) {
      throw new GatewayError(
        ErrorCode.CXONE_NOT_CONFIGURED,
        "CXone is not configured on this gateway: set CXONE_* credentials to push (queries and dryRun work without them).",
      );
    }
  }

  private async cardsFor(push: ValidPush, scope: PushScope): Promise<CxoneCard[]> {
    try {
      const articles = await scope.loader.load({ query: push.query, limit: push.limit });
      return articles.map((properties) => toCard(suggestedArticle(properties)));
    } catch (error) {
      throw translateNeo4jError(error) ?? error;
    }
  }

  private async run(push: ValidPush, cards: CxoneCard[], scope: PushScope): Promise<PushResult> {
    const base = { interactionId: push.interactionId, contentId: null, deliveredAt: null, cards };
    if (cards.length === 0) return { ...base, status: "NO_RESULTS" };
    if (push.dryRun) return { ...base, status: "DRY_RUN" };
    const logger = lazyChild(scope.logger, { interactionId: push.interactionId, agentId: push.agentId });
    const delivery = await (this.cxone as CxoneClient).deliver(push.interactionId, cards, logger, scope.requestId);
    scope.outages?.success("cxone");
    logger.info({ cards: delivery.cards.length, attempts: delivery.attempts, contentId: delivery.contentId }, "cards delivered");
    return { ...base, status: "DELIVERED", contentId: delivery.contentId, deliveredAt: delivery.deliveredAt, cards: delivery.cards };
  }
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
