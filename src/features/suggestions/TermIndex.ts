import { setImmediate } from "node:timers/promises";
import { normalizeSearch } from "./searchText";
import { wordsOf } from "./termText";

/** Longest search term, in words, that spotting looks for (longer terms are never found in text). */
export const MAX_TERM_WORDS = 8;

/** A known search term found in a text. */
export interface SpottedTerm {
  /** The stored keyword (what the traversal starts from). */
  keyword: string;
  /** Where it was found: the index of its first word in the text's words. */
  position: number;
}

/**
 * Every search term's words, for spotting known terms inside free text (what the customer said). Matching is on
 * words (see wordsOf): leftmost first, and at each position the longest term wins, so "voip gateway password"
 * finds `voip gateway` and `password` but not `gateway`. Lookups are hash probes: at most MAX_TERM_WORDS per
 * word of the text, whatever the number of terms.
 */
export class TermIndex {
  /** Words joined by one space → the keywords with exactly those words (e.g. "wi-fi" and "wi fi"). */
  private readonly byWords = new Map<string, string[]>();
  private readonly keywords = new Set<string>();
  private longest = 0;

  constructor(keywords: Iterable<string> = []) {
    for (const keyword of keywords) this.add(keyword);
  }

  /** Builds the index a slice at a time, letting requests run in between (100,000 terms take a while). */
  static async build(keywords: readonly string[]): Promise<TermIndex> {
    const index = new TermIndex();
    for (let i = 0; i < keywords.length; i++) {
      index.add(keywords[i] as string);
      if (i % 1_000 === 999) await setImmediate();
    }
    return index;
  }

  /** How many search terms the index holds. */
  get size(): number {
    return this.keywords.size;
  }

  private add(keyword: string): void {
    this.keywords.add(keyword);
    const words = wordsOf(keyword);
    if (words.length === 0 || words.length > MAX_TERM_WORDS) return;
    const key = words.join(" ");
    const same = this.byWords.get(key);
    if (same) {
      if (!same.includes(keyword)) same.push(keyword);
    } else {
      this.byWords.set(key, [keyword]);
    }
    this.longest = Math.max(this.longest, words.length);
  }

  /** Whether the traversal matches `query` to a search term exactly (else it falls back to full-text search). */
  matchesExactly(query: string): boolean {
    return this.keywords.has(normalizeSearch(query));
  }

  /** Known terms in `text`, in the order they appear, each keyword once. */
  spot(text: string): SpottedTerm[] {
    const words = wordsOf(text);
    const found: SpottedTerm[] = [];
    const seen = new Set<string>();
    let i = 0;
    while (i < words.length) {
      let matched = 0;
      for (let n = Math.min(this.longest, words.length - i); n >= 1; n--) {
        const keywords = this.byWords.get(words.slice(i, i + n).join(" "));
        if (!keywords) continue;
        for (const keyword of keywords) {
          if (!seen.has(keyword)) found.push({ keyword, position: i });
          seen.add(keyword);
        }
        matched = n;
        break;
      }
      i += Math.max(matched, 1);
    }
    return found;
  }
}
