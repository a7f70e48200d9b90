import { setImmediate } from "node:timers/promises";
import { normalizeSearch } from "../searchText";
import type { PathStep } from "../../../generated/graphql";
import { contentTokens, initialsOf, stemOf, tokensOf } from "./analyzer";
import type { KnowledgeSnapshot, LinkType, SnapshotArticle } from "./knowledgeSnapshot";
import { analyzeQuery, type QueryToken } from "./queryAnalysis";
import {
  BM25,
  FEEDBACK_SHARE,
  FIELDS,
  FLOOR,
  LINK_WEIGHT,
  PRIORITY_SHARE,
  SECOND_HOP,
  SECOND_HOP_TEXT,
  TERM_MATCH_WEIGHT,
  type FieldName,
} from "./relevanceWeights";
import { TypoIndex } from "./typoIndex";

/** How a RELEVANCE suggestion was found (the GraphQL enum SuggestionMatch). */
export type RelevanceMatch = "EXACT" | "TERM_VARIANT" | "TEXT" | "FULLTEXT" | "ARTICLE_TEXT" | "LEARNED";

/** One ranked article and why. */
export interface RelevanceHit {
  url: string;
  score: number;
  matchedBy: RelevanceMatch;
  /** The term (or learned search) the path starts from; "" when the article's own text matched. */
  matchedTerm: string;
  path: PathStep[];
  /** The words of the query that matched the article (as typed). */
  matchedWords: string[];
  /** Learned links: how many helpful answers taught it. */
  learnedFrom?: number;
}

/** A search as typed by an agent, or what a customer said. */
export type QueryKind = "search" | "sentence";

const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

/** A word in more than this share of the articles (and more than COMMON_MIN of them) is common: see `scored`. */
const COMMON_SHARE = 0.05;
const COMMON_MIN = 50;

/** BM25's saturated score of one posting, kept when it beats what the token already has for that article. */
function offerPosting(best: Map<number, { score: number; strong: boolean }>, p: Posting, scale: number): void {
  const score = scale * ((p.tf * (BM25.k1 + 1)) / (p.tf + BM25.k1));
  const current = best.get(p.doc);
  if (!current || current.score < score) best.set(p.doc, { score, strong: p.strong });
}

/** The posting of `doc` in a list sorted by article (binary search). */
function postingOf(list: Posting[], doc: number): Posting | undefined {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = list[mid]!.doc;
    if (at === doc) return list[mid];
    if (at < doc) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}

/** Units of build work (an article, a term, a link) between two yields of RelevanceIndex.build. */
const SLICE = 500;

interface Posting {
  doc: number;
  /** The BM25F pseudo-frequency: Σ field weight × length-normalised frequency. */
  tf: number;
  /** Whether the word is in the title, terms or initials (a "strong" place) rather than only the summary. */
  strong: boolean;
}

interface Reach {
  doc: number;
  weight: number;
  path: PathStep[];
}

/** A way into articles: a search term, or a learned search (one link to its article). */
interface Entry {
  keyword: string;
  stems: string[];
  /** The keyword's initials ("direct debit" → "dd"), which match it whole. */
  initials: string[];
  learnedFrom?: number;
  links: { type: LinkType; term?: number; doc?: number }[];
}

/**
 * The knowledge base as RELEVANCE ranking reads it, in memory, built from a snapshot of the graph (rebuilt whenever
 * the graph changes, see KnowledgeTerms): published articles as documents of four fields (title, summary, the
 * keywords of the terms that lead to them, initials), an inverted index of word stems, the search terms with their
 * links, the known words for typo tolerance, and the synonym groups.
 */
export class RelevanceIndex {
  private readonly docs: SnapshotArticle[] = [];
  private readonly docByUrl = new Map<string, number>();
  private readonly postings = new Map<string, Posting[]>();
  private readonly entries: Entry[] = [];
  private readonly entryByKeyword = new Map<string, number>();
  private readonly entriesByStem = new Map<string, number[]>();
  /**
   * Each entry under its rarest part only (the stem, or initials, fewest entries share): a term is matched whole
   * only when all its parts are, so looking it up by its rarest part finds it, and a common word ("bench" in
   * 100,000 terms) does not make every term a candidate.
   */
  private readonly entriesByRarest = new Map<string, number[]>();
  private readonly articleLinks = new Map<number, { type: LinkType; doc: number }[]>();
  readonly typos = new TypoIndex();
  /** Stems of every known word (article text, terms, synonyms). */
  readonly vocabulary = new Set<string>();
  readonly synonyms: string[][][] = [];
  private readonly reachCache = new Map<number, Reach[]>();
  private minPriority = 0;
  private maxPriority = 0;

  /** Builds the index at once (tests, small knowledge bases); `RelevanceIndex.build` yields while it works. */
  constructor(snapshot: KnowledgeSnapshot, now = true) {
    if (now) for (const _ of this.steps(snapshot));
  }

  /**
   * Builds the index a slice at a time, letting requests run in between: at 100,000 terms a build takes a second
   * or two of CPU, which must not stall the event loop.
   */
  static async build(snapshot: KnowledgeSnapshot): Promise<RelevanceIndex> {
    const index = new RelevanceIndex(snapshot, false);
    for (const _ of index.steps(snapshot)) await setImmediate();
    return index;
  }

  /** The build, as steps of bounded work (each `yield` is a point where other work may run). */
  private *steps(snapshot: KnowledgeSnapshot): Generator<void> {
    for (const article of snapshot.articles) {
      if (this.docByUrl.has(article.url)) continue;
      this.docByUrl.set(article.url, this.docs.length);
      this.docs.push(article);
    }
    if (this.docs.length > 0) {
      this.minPriority = this.docs.reduce((min, d) => Math.min(min, d.priority), Number.POSITIVE_INFINITY);
      this.maxPriority = this.docs.reduce((max, d) => Math.max(max, d.priority), Number.NEGATIVE_INFINITY);
    }
    yield;
    yield* this.addEntries(snapshot);
    for (const link of snapshot.articleLinks) {
      const from = this.docByUrl.get(link.from);
      const to = this.docByUrl.get(link.to);
      if (from === undefined || to === undefined || from === to) continue;
      const list = this.articleLinks.get(from) ?? [];
      list.push({ type: link.type, doc: to });
      this.articleLinks.set(from, list);
    }
    for (const group of snapshot.synonyms) {
      const phrases = group.map((p) => contentTokens(p).map((t) => t.stem)).filter((p) => p.length > 0);
      if (phrases.length > 1) this.synonyms.push(phrases);
      for (const phrase of group) this.learnWords(phrase);
    }
    yield* this.buildPostings();
  }

  /** Published articles indexed. */
  get size(): number {
    return this.docs.length;
  }

  /** The articles for `query`, best first (at most `limit`); none when nothing matches well enough. */
  search(query: string, kind: QueryKind, limit: number): RelevanceHit[] {
    const exact = kind === "search" ? this.entryByKeyword.get(normalizeSearch(query)) : undefined;
    const pinned = exact !== undefined && this.entries[exact]?.learnedFrom === undefined ? exact : undefined;
    const tokens = analyzeQuery(query, this);
    const hits = new Map<number, RelevanceHit>();
    const ranked: RelevanceHit[] = [];
    if (pinned !== undefined) {
      const reach = [...this.reach(pinned)].sort(
        (a, b) =>
          b.weight - a.weight || this.docs[b.doc]!.priority - this.docs[a.doc]!.priority || this.urlOrder(a.doc, b.doc),
      );
      for (const r of reach) {
        const hit: RelevanceHit = {
          url: this.docs[r.doc]!.url,
          score: Number.POSITIVE_INFINITY,
          matchedBy: "EXACT",
          matchedTerm: this.entries[pinned]!.keyword,
          path: r.path,
          matchedWords: tokens.flatMap((t) => t.words),
        };
        hits.set(r.doc, hit);
        ranked.push(hit);
      }
    }
    if (ranked.length < limit) {
      for (const hit of this.scored(tokens, kind, hits, limit - ranked.length)) ranked.push(hit);
    }
    return ranked.slice(0, limit);
  }

  /** The text score, the graph score and the floor, for every article a query word reaches. */
  private scored(
    tokens: QueryToken[],
    kind: QueryKind,
    taken: Map<number, RelevanceHit>,
    limit: number,
  ): RelevanceHit[] {
    if (tokens.length === 0) return [];
    const conceptIdf = this.conceptIdf(tokens);
    const unknown = this.unknownConcepts(tokens);
    const totalIdf = conceptIdf.reduce((sum, idf, c) => sum + (unknown.has(c) ? FLOOR.unknownWordShare * idf : idf), 0);
    const maxIdf = this.idf(0);
    const perDoc = new Map<
      number,
      { text: number; concepts: Set<number>; strongConcepts: Set<number>; words: Set<string> }
    >();
    const matchedStems = new Map<string, { weight: number; concepts: number[]; words: string[] }>();
    for (const token of tokens) {
      for (const [stem, weight] of token.alternatives) {
        const known = matchedStems.get(stem);
        if (!known || known.weight < weight)
          matchedStems.set(stem, { weight, concepts: token.concepts, words: token.words });
      }
    }
    // Words in a large share of the articles ("bench" in every one) carry little; they score the articles the
    // other words found, and find articles themselves only when the search has no other word.
    const common = (list: Posting[]) => list.length > Math.max(COMMON_MIN, this.docs.length * COMMON_SHARE);
    const restricted = tokens.some((t) =>
      [...t.alternatives.keys()].some((stem) => {
        const list = this.postings.get(stem);
        return list !== undefined && !common(list);
      }),
    );
    const bestPerToken = tokens.map((token) => {
      const best = new Map<number, { score: number; strong: boolean }>();
      for (const [stem, weight] of token.alternatives) {
        const list = this.postings.get(stem);
        if (!list || (restricted && common(list))) continue;
        const idf = this.idf(list.length);
        for (const p of list) offerPosting(best, p, weight * idf);
      }
      return best;
    });
    if (restricted) {
      const found = new Set<number>();
      for (const best of bestPerToken) for (const doc of best.keys()) found.add(doc);
      tokens.forEach((token, t) => {
        for (const [stem, weight] of token.alternatives) {
          const list = this.postings.get(stem);
          if (!list || !common(list)) continue;
          const idf = this.idf(list.length);
          for (const doc of found) {
            const p = postingOf(list, doc);
            if (p) offerPosting(bestPerToken[t]!, p, weight * idf);
          }
        }
      });
    }
    tokens.forEach((token, t) => {
      for (const [doc, { score, strong }] of bestPerToken[t]!) {
        let entry = perDoc.get(doc);
        if (!entry) {
          entry = { text: 0, concepts: new Set(), strongConcepts: new Set(), words: new Set() };
          perDoc.set(doc, entry);
        }
        entry.text += score;
        for (const c of token.concepts) {
          entry.concepts.add(c);
          if (strong) entry.strongConcepts.add(c);
        }
        for (const w of token.words) entry.words.add(w);
      }
    });
    const graph = this.termMatches(matchedStems, conceptIdf);
    // Articles a whole term reaches count even when none of their own words matched (two hops away, say).
    for (const [doc, via] of graph) {
      if (!perDoc.has(doc))
        perDoc.set(doc, { text: 0, concepts: new Set(via.concepts), strongConcepts: new Set(), words: new Set() });
    }
    const results: {
      doc: number;
      score: number;
      viaTerm: { score: number; entry: number; path: PathStep[]; concepts: number[] } | undefined;
      entry: { text: number; words: Set<string> };
    }[] = [];
    for (const [doc, entry] of perDoc) {
      if (taken.has(doc)) continue;
      const viaTerm = graph.get(doc);
      const concepts = new Set([...entry.concepts, ...(viaTerm?.concepts ?? [])]);
      const covered = [...concepts].reduce((sum, c) => sum + (conceptIdf[c] ?? 0), 0);
      if (kind === "search") {
        if (totalIdf <= 0 || covered / totalIdf < FLOOR.searchCoverage) continue;
      } else {
        const evidence = [...concepts].reduce(
          (sum, c) => sum + (conceptIdf[c] ?? 0) * (entry.strongConcepts.has(c) || viaTerm ? FLOOR.strongPlace : 1),
          0,
        );
        if (evidence < FLOOR.sentenceEvidence * maxIdf) continue;
      }
      const base = entry.text + (viaTerm?.score ?? 0);
      results.push({ doc, score: this.adjusted(doc, base), viaTerm, entry });
    }
    // Explanations only for the articles returned: a common word can reach thousands.
    return results
      .sort((a, b) => b.score - a.score || this.urlOrder(a.doc, b.doc))
      .slice(0, limit)
      .map((r) => this.hit(r.doc, r.score, r.viaTerm, r.entry, kind));
  }

  /**
   * Search terms (and learned searches) every word of which the query has, by stem, typo or synonym: each adds to
   * the articles it reaches TERM_MATCH_WEIGHT × the IDF of the query words it covers × the path's link weight.
   */
  private termMatches(
    matched: Map<string, { weight: number; concepts: number[]; words: string[] }>,
    conceptIdf: number[],
  ): Map<number, { score: number; entry: number; path: PathStep[]; concepts: number[] }> {
    const candidates = new Set<number>();
    for (const stem of matched.keys()) for (const e of this.entriesByRarest.get(stem) ?? []) candidates.add(e);
    const byDoc = new Map<number, { score: number; entry: number; path: PathStep[]; concepts: number[] }>();
    for (const e of candidates) {
      const entry = this.entries[e]!;
      // The term's words all matched, or its initials did ("dd" for "direct debit").
      const byInitials = entry.initials.find((i) => matched.has(i));
      const parts = byInitials !== undefined ? [byInitials] : entry.stems;
      if (parts.length === 0 || !parts.every((s) => matched.has(s))) continue;
      const quality = Math.min(...parts.map((s) => matched.get(s)!.weight));
      const concepts = [...new Set(parts.flatMap((s) => matched.get(s)!.concepts))];
      const idf = concepts.reduce((sum, c) => sum + (conceptIdf[c] ?? 0), 0);
      for (const r of this.reach(e)) {
        const score = TERM_MATCH_WEIGHT * quality * idf * r.weight;
        const current = byDoc.get(r.doc);
        if (!current || current.score < score) byDoc.set(r.doc, { score, entry: e, path: r.path, concepts });
      }
    }
    return byDoc;
  }

  private hit(
    doc: number,
    score: number,
    viaTerm: { score: number; entry: number; path: PathStep[] } | undefined,
    text: { text: number; words: Set<string> },
    kind: QueryKind,
  ): RelevanceHit {
    const article = this.docs[doc]!;
    const words = [...text.words];
    if (viaTerm && viaTerm.score >= text.text * 0.25) {
      const entry = this.entries[viaTerm.entry]!;
      return {
        url: article.url,
        score,
        matchedBy: entry.learnedFrom !== undefined ? "LEARNED" : kind === "sentence" ? "TEXT" : "TERM_VARIANT",
        matchedTerm: entry.keyword,
        path: viaTerm.path,
        matchedWords: words,
        ...(entry.learnedFrom !== undefined ? { learnedFrom: entry.learnedFrom } : {}),
      };
    }
    const term = this.bestLinkedTerm(doc, words);
    if (term) {
      return {
        url: article.url,
        score,
        matchedBy: "FULLTEXT",
        matchedTerm: term.keyword,
        path: term.path,
        matchedWords: words,
      };
    }
    return {
      url: article.url,
      score,
      matchedBy: "ARTICLE_TEXT",
      matchedTerm: "",
      path: [{ kind: "ARTICLE", label: article.title, relationship: null }],
      matchedWords: words,
    };
  }

  /** The term one link from the article sharing most of the matched words' stems, when its words matched at all. */
  private bestLinkedTerm(doc: number, words: string[]): { keyword: string; path: PathStep[] } | undefined {
    const stems = new Set(words.map(stemOf));
    const articleText = new Set(tokensOf(`${this.docs[doc]!.title} ${this.docs[doc]!.summary}`).map((t) => t.stem));
    if ([...stems].every((s) => articleText.has(s))) return undefined;
    let best: { keyword: string; path: PathStep[]; shared: number } | undefined;
    for (const e of this.linkedEntries(doc)) {
      const entry = this.entries[e]!;
      const shared = entry.stems.filter((s) => stems.has(s)).length;
      if (shared === 0 || (best && best.shared >= shared)) continue;
      const reach = this.reach(e).find((r) => r.doc === doc && r.path.length === 2);
      if (reach) best = { keyword: entry.keyword, path: reach.path, shared };
    }
    return best;
  }

  private readonly linkedEntryCache = new Map<number, number[]>();
  private linkedEntries(doc: number): number[] {
    if (this.linkedEntryCache.size === 0) {
      this.entries.forEach((entry, e) => {
        for (const link of entry.links) {
          if (link.doc === undefined) continue;
          const list = this.linkedEntryCache.get(link.doc) ?? [];
          list.push(e);
          this.linkedEntryCache.set(link.doc, list);
        }
      });
      if (this.linkedEntryCache.size === 0) this.linkedEntryCache.set(-1, []);
    }
    return this.linkedEntryCache.get(doc) ?? [];
  }

  /** Priority and feedback as shares of the score, so they order close matches but never rescue a poor one. */
  private adjusted(doc: number, score: number): number {
    const article = this.docs[doc]!;
    const span = this.maxPriority - this.minPriority;
    const priority = span > 0 ? (article.priority - this.minPriority) / span : 0;
    const feedback = article.feedbackAdjustment ?? 0;
    return score * (1 + PRIORITY_SHARE * priority) * (1 + FEEDBACK_SHARE * feedback);
  }

  /**
   * Query concepts no article's words match (not even by a typo, a synonym or a compound): words the knowledge base
   * has never seen, or has only in a learned search.
   */
  private unknownConcepts(tokens: QueryToken[]): Set<number> {
    const known = new Set<number>();
    const all = new Set<number>();
    for (const token of tokens) {
      for (const c of token.concepts) {
        all.add(c);
        if ([...token.alternatives.keys()].some((stem) => this.postings.has(stem))) known.add(c);
      }
    }
    return new Set([...all].filter((c) => !known.has(c)));
  }

  /** The IDF of each query concept: its rarest matching word's, or the rarest possible when no word is known. */
  private conceptIdf(tokens: QueryToken[]): number[] {
    const idf: number[] = [];
    for (const token of tokens) {
      let best = 0;
      for (const stem of token.alternatives.keys())
        best = Math.max(best, this.idf(this.postings.get(stem)?.length ?? 0));
      if (token.alternatives.size === 0) best = this.idf(0);
      for (const c of token.concepts) idf[c] = Math.max(idf[c] ?? 0, best);
    }
    return idf.map((v) => v ?? 0);
  }

  /** BM25's inverse document frequency for a word in `df` of the articles. */
  idf(df: number): number {
    const n = this.docs.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Whether a stem is a known word (of an article, a term or a synonym). */
  knows(stem: string): boolean {
    return this.vocabulary.has(stem);
  }

  /** Articles a term reaches within two hops, each once with its best path weight (see LINK_WEIGHT). */
  reach(e: number): Reach[] {
    const cached = this.reachCache.get(e);
    if (cached) return cached;
    const entry = this.entries[e]!;
    const best = new Map<number, Reach>();
    const offer = (doc: number, weight: number, path: PathStep[]) => {
      const current = best.get(doc);
      if (!current || current.weight < weight || (current.weight === weight && current.path.length > path.length))
        best.set(doc, { doc, weight, path });
    };
    const termStep: PathStep = { kind: "TERM", label: entry.keyword, relationship: null };
    for (const link of entry.links) {
      const w1 = entry.learnedFrom !== undefined ? LINK_WEIGHT.RESOLVES : LINK_WEIGHT[link.type];
      if (link.doc !== undefined) {
        const relationship = entry.learnedFrom !== undefined ? "LEARNED" : link.type;
        const mid: PathStep = { kind: "ARTICLE", label: this.docs[link.doc]!.title, relationship };
        offer(link.doc, w1, [termStep, mid]);
        for (const next of this.articleLinks.get(link.doc) ?? []) {
          offer(next.doc, w1 * LINK_WEIGHT[next.type] * SECOND_HOP, [
            termStep,
            mid,
            { kind: "ARTICLE", label: this.docs[next.doc]!.title, relationship: next.type },
          ]);
        }
      } else if (link.term !== undefined) {
        const other = this.entries[link.term]!;
        const mid: PathStep = { kind: "TERM", label: other.keyword, relationship: link.type };
        for (const next of other.links) {
          if (next.doc === undefined) continue;
          offer(next.doc, w1 * LINK_WEIGHT[next.type] * SECOND_HOP, [
            termStep,
            mid,
            { kind: "ARTICLE", label: this.docs[next.doc]!.title, relationship: next.type },
          ]);
        }
      }
    }
    const reach = [...best.values()];
    if (this.reachCache.size > 10_000) this.reachCache.clear();
    this.reachCache.set(e, reach);
    return reach;
  }

  private urlOrder(a: number, b: number): number {
    const x = this.docs[a]!.url;
    const y = this.docs[b]!.url;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  private learnWords(text: string): void {
    for (const t of tokensOf(text)) {
      this.vocabulary.add(t.stem);
      this.typos.add(t.word);
    }
  }

  private *addEntries(snapshot: KnowledgeSnapshot): Generator<void> {
    let work = 0;
    const add = (keyword: string, learnedFrom?: number): number => {
      const existing = this.entryByKeyword.get(keyword);
      if (existing !== undefined && learnedFrom === undefined) return existing;
      const index = this.entries.length;
      const stems = [...new Set(contentTokens(keyword).map((t) => t.stem))];
      const initials = learnedFrom === undefined ? initialsOf(keyword) : [];
      this.entries.push({ keyword, stems, initials, links: [], ...(learnedFrom !== undefined ? { learnedFrom } : {}) });
      if (existing === undefined) this.entryByKeyword.set(keyword, index);
      for (const stem of [...stems, ...initials]) {
        const list = this.entriesByStem.get(stem) ?? [];
        list.push(index);
        this.entriesByStem.set(stem, list);
      }
      this.learnWords(keyword);
      return index;
    };
    for (const term of snapshot.terms) {
      add(normalizeSearch(term.keyword));
      if (++work % SLICE === 0) yield;
    }
    for (const term of snapshot.terms) {
      if (++work % SLICE === 0) yield;
      const entry = this.entries[this.entryByKeyword.get(normalizeSearch(term.keyword))!]!;
      for (const link of term.links) {
        if (link.article !== undefined) {
          const doc = this.docByUrl.get(link.article);
          if (doc !== undefined) entry.links.push({ type: link.type, doc });
        } else if (link.term !== undefined) {
          const other = this.entryByKeyword.get(normalizeSearch(link.term));
          if (other !== undefined) entry.links.push({ type: link.type, term: other });
        }
      }
    }
    for (const learned of snapshot.learned) {
      const doc = this.docByUrl.get(learned.url);
      if (doc === undefined) continue;
      const e = add(normalizeSearch(learned.text), learned.helpful);
      this.entries[e]!.links.push({ type: "RESOLVES", doc });
    }
    const shared = (part: string) => this.entriesByStem.get(part)?.length ?? 0;
    for (const [e, entry] of this.entries.entries()) {
      if (++work % SLICE === 0) yield;
      // Whole by its words: the rarest word; whole by its initials: the initials (each a way in of its own).
      const keys = [...entry.initials];
      const rarest = entry.stems.reduce<string | undefined>(
        (best, stem) => (best === undefined || shared(stem) < shared(best) ? stem : best),
        undefined,
      );
      if (rarest !== undefined) keys.push(rarest);
      for (const key of new Set(keys)) {
        const list = this.entriesByRarest.get(key) ?? [];
        list.push(e);
        this.entriesByRarest.set(key, list);
      }
    }
  }

  /** Builds each article's four fields and the inverted index (BM25F frequencies precomputed per posting). */
  private *buildPostings(): Generator<void> {
    let work = 0;
    const fields: Record<FieldName, Map<string, number>>[] = this.docs.map(() => ({
      title: new Map(),
      summary: new Map(),
      terms: new Map(),
      initials: new Map(),
    }));
    const lengths: Record<FieldName, number>[] = this.docs.map(() => ({ title: 0, summary: 0, terms: 0, initials: 0 }));
    /** A text's words (with hyphenated words also joined) and initials, read once however many articles get it. */
    const read = (text: string) => {
      const joined = (text.match(/\p{L}+-\p{L}+/gu) ?? []).map((w) => w.replace("-", "").toLowerCase());
      const words = [...contentTokens(text), ...joined.map((word) => ({ word, stem: stemOf(word) }))];
      for (const t of words) {
        this.vocabulary.add(t.stem);
        this.typos.add(t.word);
      }
      const initials = initialsOf(text);
      for (const i of initials) this.vocabulary.add(i);
      return { stems: words.map((t) => t.stem), initials };
    };
    const put = (doc: number, field: FieldName, text: { stems: string[]; initials: string[] }, weight = 1) => {
      const map = fields[doc]![field];
      for (const stem of text.stems) map.set(stem, (map.get(stem) ?? 0) + weight);
      lengths[doc]![field] += weight * text.stems.length;
      const initials = fields[doc]!.initials;
      for (const i of text.initials) {
        initials.set(i, Math.max(initials.get(i) ?? 0, weight));
        lengths[doc]!.initials += weight;
      }
    };
    for (const [doc, article] of this.docs.entries()) {
      if (++work % SLICE === 0) yield;
      put(doc, "title", read(article.title));
      put(doc, "summary", read(article.summary));
    }
    for (const entry of this.entries) {
      // A learned search leads to its article only whole (all its words), never word by word: a customer's
      // sentence taught once must not lend "day" or "week" to the article's text.
      if (entry.learnedFrom !== undefined) continue;
      const text = read(entry.keyword);
      for (const link of entry.links) {
        if (++work % SLICE === 0) yield;
        const weight = LINK_WEIGHT[link.type];
        if (link.doc !== undefined) put(link.doc, "terms", text, weight);
        else if (link.term !== undefined) {
          for (const next of this.entries[link.term]!.links) {
            if (next.doc !== undefined) put(next.doc, "terms", text, weight * SECOND_HOP_TEXT);
          }
        }
      }
    }
    const average = {} as Record<FieldName, number>;
    for (const f of FIELD_NAMES) {
      const total = lengths.reduce((sum, l) => sum + l[f], 0);
      average[f] = this.docs.length > 0 ? Math.max(total / this.docs.length, 1e-9) : 1;
    }
    for (const [doc, byField] of fields.entries()) {
      if (++work % SLICE === 0) yield;
      const perStem = new Map<string, { tf: number; strong: boolean }>();
      for (const f of FIELD_NAMES) {
        const { weight, b } = FIELDS[f];
        const norm = 1 - b + (b * lengths[doc]![f]) / average[f];
        for (const [stem, tf] of byField[f]) {
          const current = perStem.get(stem) ?? { tf: 0, strong: false };
          current.tf += (weight * tf) / norm;
          if (f !== "summary") current.strong = true;
          perStem.set(stem, current);
        }
      }
      for (const [stem, { tf, strong }] of perStem) {
        const list = this.postings.get(stem) ?? [];
        list.push({ doc, tf, strong });
        this.postings.set(stem, list);
      }
    }
  }
}
