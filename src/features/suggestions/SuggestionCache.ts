import { LRUCache } from "lru-cache";
import type { ArticleProperties } from "./models";

export interface SuggestionCacheOptions {
  /** At most this many answers (SUGGEST_CACHE_ENTRIES; the cache is not made when 0). */
  maxEntries: number;
  /** At most about this many bytes of answers (SUGGEST_CACHE_MAX_MB). */
  maxBytes: number;
  /** An answer is reused for at most this long (SUGGEST_CACHE_TTL_MS, 1 s at most). */
  ttlMs: number;
  /** The knowledge version of the moment (KnowledgeTerms.version): it moves whenever the knowledge may have changed. */
  version: () => number;
  /** Told of each lookup's outcome and of each time the cache is emptied. */
  onLookup?: (hit: boolean) => void;
  onInvalidated?: (entriesDropped: number) => void;
  /** The clock the TTL is measured on, in milliseconds (tests pass their own; default `performance.now`). */
  now?: () => number;
}

/** When a read began: the knowledge version then, and the time its answer's TTL counts from. */
export interface ReadStamp {
  version: number;
  at: number;
}

interface Entry {
  articles: readonly ArticleProperties[];
  /** The relevance index the answer was ranked with (RELEVANCE answers only). */
  index: object | undefined;
}

/**
 * Suggestion answers by request, for the knowledge version they were read at. An answer is never reused across a
 * knowledge change this process has seen (the whole cache is emptied when the version moves: an import, any
 * writer's additions or removals seen by the fingerprint check, a feedback answer here), nor past `ttlMs` (which
 * bounds how long an edit in place by another writer, which moves no count, can go unseen). Only answers are kept:
 * what a request does besides reading (gaps, `shown`, the push ledger) happens on every request as before.
 */
export class SuggestionCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly version: () => number;
  private readonly clock: () => number;
  private seenVersion: number;

  constructor(private readonly options: SuggestionCacheOptions) {
    this.version = options.version;
    this.clock = options.now ?? (() => performance.now());
    this.seenVersion = options.version();
    this.entries = new LRUCache<string, Entry>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (entry, key) => sizeOf(key, entry.articles),
      ttl: options.ttlMs,
      ttlResolution: 0, // the clock is read on every look (no cached "now" that could outlive the TTL)
      // An expired answer is never returned; it is dropped when looked up or pushed out by newer ones.
      allowStale: false,
      updateAgeOnGet: false,
      ...(options.now ? { perf: { now: options.now } } : {}),
    });
  }

  /**
   * Take this before a read is sent: its answer is stored under this version, and its TTL counts from this moment
   * (not from when the answer came back), so no answer outlives a write by more than the TTL.
   */
  current(): ReadStamp {
    this.sync();
    return { version: this.seenVersion, at: this.clock() };
  }

  /**
   * The answer for `key`, when one was stored at the current version and is younger than the TTL (and, for an
   * answer ranked by the relevance index, with the same index). The caller gets its own copy of the list.
   */
  get(key: string, index: object | undefined): ArticleProperties[] | undefined {
    this.sync();
    const entry = this.entries.get(key);
    const hit = entry !== undefined && entry.index === index;
    this.options.onLookup?.(hit);
    return hit ? [...entry.articles] : undefined;
  }

  /** Stores an answer read under `stamp` (from `current()`); an answer from an older version is dropped. */
  set(key: string, stamp: ReadStamp, index: object | undefined, articles: readonly ArticleProperties[]): void {
    this.sync();
    if (stamp.version !== this.seenVersion) return;
    this.entries.set(key, { articles: [...articles], index }, { start: stamp.at });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held, as estimated for the bound. */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  /** Empties the cache when the knowledge version moved since the last look. */
  private sync(): void {
    const version = this.version();
    if (version === this.seenVersion) return;
    this.seenVersion = version;
    const dropped = this.entries.size;
    this.entries.clear();
    this.options.onInvalidated?.(dropped);
  }
}

/** An answer's size in memory, roughly: its strings (two bytes a character) and a fixed cost per object. */
function sizeOf(key: string, articles: readonly ArticleProperties[]): number {
  let bytes = 64 + key.length * 2;
  for (const article of articles) {
    bytes += 96;
    for (const value of Object.values(article)) bytes += typeof value === "string" ? 16 + value.length * 2 : 16;
  }
  return bytes;
}
