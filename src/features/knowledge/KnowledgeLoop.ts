import type { ArticleFeedback, CardFeedback, CardFeedbackInput } from "../../generated/graphql";
import DataLoader from "dataloader";
import { int, type Driver } from "neo4j-driver";
import type { Logger } from "pino";
import type { AdmissionQueue } from "../../platform/resilience/AdmissionQueue";
import { BadUserInputError } from "../../platform/errors/GatewayError";
import { graphRead, graphTransaction, type StatementOptions } from "../../platform/neo4j/graphAccess";
import {
  EXPLAIN_SUGGESTIONS,
  gapText,
  toSuggestions,
  type ArticleProperties,
  type KnowledgeTerms,
  type PathStep,
  type SuggestionView,
} from "../suggestions";
import { ARTICLE_FEEDBACK, PUSH_EXISTS, RECORD_FEEDBACK } from "./feedbackStatements";
import { LIST_LEARNED, REMOVE_LEARNED } from "./learnedStatements";
import { readGapReport, type GapFilter, type GapView } from "./gapReport";
import type { GapRecorder } from "./GapRecorder";
import { MIN_FEEDBACK_ANSWERS } from "./wilson";

export interface KnowledgeSettings {
  feedbackWeight: number;
  staleAfterDays: number;
  cardReason: boolean;
  /** Helpful answers before RELEVANCE follows a learned link (KB_LEARNED_MIN_HELPFUL; 3 when not given). */
  learnedMinHelpful?: number;
}

/** A learned link: the GraphQL type LearnedLink. */
export interface LearnedLinkView {
  text: string;
  url: string;
  helpful: number;
  active: boolean;
  removedAt: string | null;
  lastAnsweredAt: string | null;
}

/** What to explain: a search (query) or known terms spotted in text, and its ranked urls. */
export interface ExplainItem {
  query: string | null;
  terms: readonly string[] | null;
  urls: readonly string[];
}

/** Agents' answers about an article's cards: the GraphQL type ArticleFeedback. */
export type ArticleFeedbackView = Omit<ArticleFeedback, "__typename">;

export type { CardFeedbackInput };

/** One recorded answer: the GraphQL type CardFeedback. */
export type CardFeedbackView = Omit<CardFeedback, "__typename">;

const REASON_MAX = 500;
const ID_MAX = 128;

/**
 * The knowledge loop's reads and writes: paths for suggestions, agent feedback, the knowledge-gap report. One per
 * process; the search-term index and the gap counter are its parts.
 */
export class KnowledgeLoop {
  constructor(
    private readonly driver: Driver,
    private readonly database: string,
    readonly terms: KnowledgeTerms,
    readonly gaps: GapRecorder,
    readonly settings: KnowledgeSettings,
    private readonly options: { timeoutMs: number; admission?: AdmissionQueue; logger: Logger },
  ) {}

  /** Paths for ranked articles, one round trip for every item. */
  async explain(items: readonly ExplainItem[], requestId: string): Promise<SuggestionView[][]> {
    const withUrls = items
      .map((item, key) => ({ key, query: item.query, terms: item.terms, urls: item.urls }))
      .filter((i) => i.urls.length > 0);
    const results: SuggestionView[][] = items.map(() => []);
    if (withUrls.length === 0) return results;
    const records = await graphRead(
      this.driver,
      EXPLAIN_SUGGESTIONS,
      { items: withUrls },
      this.requestPath("explain", requestId),
    );
    const rows = new Map<number, { rank: number; article: ArticleProperties; matchedBy: string; path: PathStep[] }[]>();
    for (const record of records) {
      const key = Number(record.get("key"));
      const list = rows.get(key) ?? [];
      list.push({
        rank: Number(record.get("rank")),
        article: (record.get("article") as { properties: ArticleProperties }).properties,
        matchedBy: String(record.get("matchedBy")),
        path: record.get("path") as PathStep[],
      });
      rows.set(key, list);
    }
    for (const [key, list] of rows) results[key] = toSuggestions(list);
    return results;
  }

  /** A per-request loader of Article.feedback by url (every article of a response in one read). */
  feedbackLoader(requestId: string): DataLoader<string, ArticleFeedbackView> {
    return new DataLoader<string, ArticleFeedbackView>(async (urls) => {
      const records = await graphRead(
        this.driver,
        ARTICLE_FEEDBACK,
        { urls },
        this.requestPath("articleFeedback", requestId),
      );
      const byUrl = new Map(records.map((r) => [String(r.get("url")), r]));
      return urls.map((url) => {
        const r = byUrl.get(url);
        const helpful = Number(r?.get("helpful") ?? 0);
        const notHelpful = Number(r?.get("notHelpful") ?? 0);
        const last = r?.get("lastShownAt") as number | null | undefined;
        return {
          shown: Number(r?.get("shown") ?? 0),
          helpful,
          notHelpful,
          helpfulRate: helpful + notHelpful >= MIN_FEEDBACK_ANSWERS ? helpful / (helpful + notHelpful) : null,
          lastShownAt: last == null ? null : new Date(Number(last)).toISOString(),
        };
      });
    });
  }

  /** Records an agent's answer about a card; a url that was not one of the push's cards is BAD_USER_INPUT. */
  async recordFeedback(input: CardFeedbackInput): Promise<CardFeedbackView> {
    for (const field of ["pushId", "url", "agentId"] as const) {
      const value = input[field];
      if (typeof value !== "string" || value.trim() === "" || value.length > (field === "url" ? 2_048 : ID_MAX)) {
        throw new BadUserInputError(
          `input.${field}`,
          `${field} must be 1-${field === "url" ? 2_048 : ID_MAX} characters`,
        );
      }
    }
    if (input.reason != null && input.reason.length > REASON_MAX)
      throw new BadUserInputError("input.reason", `reason must be at most ${REASON_MAX} characters`);
    const now = Date.now();
    const params = {
      pushId: input.pushId,
      url: input.url,
      agentId: input.agentId,
      helpful: input.helpful,
      reason: input.reason ?? null,
      now,
    };
    const record = await graphTransaction(
      this.driver,
      "WRITE",
      this.requestPath("recordFeedback"),
      async (tx) => (await tx.run(RECORD_FEEDBACK, params)).records[0],
    );
    this.terms.noteWrite(); // LEARNED ranks may have moved: no suggestion cached before this is reused
    if (!record) {
      const [found] = await graphRead(
        this.driver,
        PUSH_EXISTS,
        { pushId: input.pushId },
        this.requestPath("pushExists"),
      );
      const exists = found?.get("exists") === true;
      throw exists
        ? new BadUserInputError("input.url", "url is not one of the push's cards")
        : new BadUserInputError("input.pushId", "no push with this id (unknown, or removed by retention)");
    }
    if (record.get("unhelpful") === true) this.gaps.note(String(record.get("query")), "UNHELPFUL");
    const f = record.get("feedback") as Record<string, unknown>;
    return {
      pushId: String(f.pushId),
      url: String(f.url),
      agentId: String(f.agentId),
      helpful: f.helpful === true,
      reason: typeof f.reason === "string" ? f.reason : null,
      answeredAt: new Date(Number(f.answeredAt)).toISOString(),
    };
  }

  /** The knowledge-gap report (the knowledgeGaps query and `npm run kb:gaps`). */
  gapReport(filter: GapFilter): Promise<GapView[]> {
    return readGapReport(this.driver, this.database, { learnedMinHelpful: this.minHelpful, ...filter });
  }

  private get minHelpful(): number {
    return this.settings.learnedMinHelpful ?? 3;
  }

  /** Learned links, most helpful first (removed ones last). */
  async learnedLinks(first: number): Promise<LearnedLinkView[]> {
    const records = await graphRead(this.driver, LIST_LEARNED, { first: int(first) }, this.requestPath("learnedLinks"));
    return records.map((r) => this.learnedView(r.get("link") as Record<string, unknown>));
  }

  /** Removes a learned link for good (NOT_FOUND-like BAD_USER_INPUT when there is none). */
  async removeLearnedLink(text: string, url: string): Promise<LearnedLinkView> {
    if (typeof text !== "string" || text.trim() === "" || text.length > 256)
      throw new BadUserInputError("text", "text must be 1-256 characters");
    if (typeof url !== "string" || url.trim() === "" || url.length > 2_048)
      throw new BadUserInputError("url", "url must be 1-2048 characters");
    const [record] = await graphTransaction(
      this.driver,
      "WRITE",
      this.requestPath("removeLearnedLink"),
      async (tx) => (await tx.run(REMOVE_LEARNED, { text: gapText(text), url, now: Date.now() })).records,
    );
    this.terms.noteWrite();
    if (!record) throw new BadUserInputError("text", "no learned link for this text and url");
    return this.learnedView(record.get("link") as Record<string, unknown>);
  }

  private learnedView(link: Record<string, unknown>): LearnedLinkView {
    const when = (v: unknown) => (v == null ? null : new Date(Number(v)).toISOString());
    const helpful = Number(link.helpful ?? 0);
    return {
      text: String(link.text),
      url: String(link.url),
      helpful,
      active: link.removedAt == null && helpful >= this.minHelpful,
      removedAt: when(link.removedAt),
      lastAnsweredAt: when(link.lastAnsweredAt),
    };
  }

  /** Request-path Neo4j work goes through the admission queue, as every request's does (backpressure, not timeouts). */
  private requestPath(op: string, requestId?: string): StatementOptions {
    return {
      database: this.database,
      op,
      timeoutMs: this.options.timeoutMs,
      ...(requestId ? { metadata: { requestId } } : {}),
      ...(this.options.admission ? { admission: this.options.admission } : {}),
    };
  }

  /** Whether an article's updatedAt (a Neo4j DateTime or ISO text; null when unknown) is older than KB_STALE_AFTER_DAYS. */
  isStale(updatedAt: unknown, now = Date.now()): boolean {
    const age = ageDays(updatedAt, now);
    return age === null || age > this.settings.staleAfterDays;
  }
}

/** Whole days since `updatedAt`; null when there is none or it cannot be read. */
export function ageDays(updatedAt: unknown, now = Date.now()): number | null {
  if (updatedAt === null || updatedAt === undefined) return null;
  const ms = Date.parse(String(updatedAt));
  if (Number.isNaN(ms)) return null;
  return Math.max(0, Math.floor((now - ms) / 86_400_000));
}
