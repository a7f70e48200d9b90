import autocannon from "autocannon";
import type { Driver } from "neo4j-driver";
import { importKnowledgeBase } from "../src/features/kb/importKnowledgeBase";
import { prng, termKeyword } from "./kbGenerator";
import { loadResult, type LoadResult } from "./load";

/** S9: what one side did with the realistic mix, and (the gateway) how many of its answers were stale. */
export interface MixResult extends LoadResult {
  searches: number;
  pushes: number;
  /** Imports of one changed article during the measured run. */
  imports: number;
  /** Answers compared with a fresh uncached read (searches and pushes' cards), and those that matched none. */
  checked?: number;
  stale?: number;
  /** The gateway's suggestion cache during the run: share of lookups answered from memory. */
  cacheHitRatio?: number;
}

export interface MixOptions {
  connections: number;
  seconds: number;
  /** Zipf exponent over the terms (1.1). */
  s: number;
  terms: number;
  pushShare: number;
  importEveryMs: number;
  cpuMs?: () => number;
}

/**
 * Ranks 0..n-1 drawn with probability proportional to 1/(rank+1)^s (a few intents dominate a contact centre's
 * searches), mapped to terms through a fixed shuffle so the popular ones are not the generator's first terms.
 */
export function zipfTerms(n: number, s: number, seed: number): { next: () => string; top: string } {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cdf[i] = total += 1 / Math.pow(i + 1, s);
  const order = Array.from({ length: n }, (_, i) => i);
  const shuffle = prng(seed + 1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const random = prng(seed);
  const next = () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return termKeyword(order[lo] as number);
  };
  return { next, top: termKeyword(order[0] as number) };
}

/** One import of the changed article: its title at that version, and when the import began and committed. */
interface Revision {
  title: string;
  startedAt: number;
  committedAt: number;
}

/**
 * The article the imports change: the first answer to the most searched term (so many answers carry it), re-imported
 * with a new title every `importEveryMs` through the importer (`npm run kb:import`'s code path: MERGE by url, the
 * KB version bumped in the same transaction).
 */
export class ArticleReviser {
  readonly revisions: Revision[];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  private constructor(
    private readonly driver: Driver,
    readonly url: string,
    private readonly base: { title: string; summary: string; priority: number; status: string },
  ) {
    this.revisions = [{ title: base.title, startedAt: 0, committedAt: 0 }];
  }

  static async forTerm(driver: Driver, floorUrl: string, keyword: string): Promise<ArticleReviser> {
    const response = await fetch(`${floorUrl}/suggest`, { method: "POST", body: JSON.stringify({ query: keyword }) });
    const [first] = (await response.json()) as { url: string }[];
    if (!first) throw new Error(`S9: the most searched term "${keyword}" has no article`);
    const { records } = await driver.executeQuery("MATCH (a:Article {url: $url}) RETURN properties(a) AS p", {
      url: first.url,
    });
    const p = records[0]?.get("p") as Record<string, unknown>;
    return new ArticleReviser(driver, first.url, {
      title: String(p.title),
      summary: String(p.summary),
      priority: Number(p.priority),
      status: String(p.status),
    });
  }

  start(everyMs: number): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.importOnce());
    }, everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** The titles an answer given between `start` and `end` may carry: any version current then, or up to 1 s before. */
  allowedTitles(start: number, end: number, boundMs: number): Set<string> {
    const allowed = new Set<string>();
    this.revisions.forEach((revision, i) => {
      const next = this.revisions[i + 1];
      const from = revision.startedAt;
      const until = next ? next.committedAt + boundMs : Infinity;
      if (from <= end && until >= start) allowed.add(revision.title);
    });
    return allowed;
  }

  private async importOnce(): Promise<void> {
    const title = `${this.base.title} (revision ${this.revisions.length})`;
    const startedAt = Date.now();
    await importKnowledgeBase(this.driver, "neo4j", {
      version: 1,
      articles: [{ url: this.url, ...this.base, status: this.base.status as "published", title }],
      searchTerms: [],
      links: [],
    });
    this.revisions.push({ title, startedAt, committedAt: Date.now() });
  }
}

/** An answer the gateway gave, kept to be checked after the run. */
interface Answer {
  query: string;
  start: number;
  end: number;
  articles: { url: string; title: string }[] | undefined;
}

const SUGGEST = "query S($q: String!) { suggestArticles(query: $q) { title url summary priority } }";
const PUSH =
  "mutation P($i: PushToAgentAssistInput!) { pushToAgentAssist(input: $i) { status contentId cards { title url } } }";

/**
 * Drives one side with the mix: Zipf searches, a share of pushes (each into a new interaction), while the reviser
 * imports the changed article. For the gateway every answer is kept and checked afterwards against the floor's
 * uncached read of the same search (urls and titles; the changed article's title against the versions of the moment).
 */
export async function driveMix(
  side: "gateway" | "floor",
  url: string,
  nextTerm: () => string,
  reviser: ArticleReviser,
  options: MixOptions,
  seq: { next: number },
): Promise<{ result: MixResult; answers: Answer[] }> {
  const answers: Answer[] = [];
  let searches = 0;
  let pushes = 0;
  const mixRandom = prng(99);
  const importsBefore = reviser.revisions.length;
  reviser.start(options.importEveryMs);
  const cpuBefore = options.cpuMs?.();
  const result = await autocannon({
    url,
    method: "POST",
    connections: options.connections,
    duration: options.seconds,
    headers: { "content-type": "application/json" },
    requests: [
      {
        method: "POST",
        setupRequest: (req, ctx) => {
          const context = ctx as Record<string, unknown>;
          const query = nextTerm();
          const push = mixRandom() < options.pushShare;
          const interactionId = `S9-${side}-${seq.next++}`;
          context.query = query;
          context.push = push;
          context.start = Date.now();
          if (push) pushes++;
          else searches++;
          if (side === "floor")
            return { ...req, path: push ? "/push" : "/suggest", body: JSON.stringify({ query, interactionId }) };
          return {
            ...req,
            body: JSON.stringify(
              push
                ? { query: PUSH, variables: { i: { interactionId, query, agentId: "bench" } } }
                : { query: SUGGEST, variables: { q: query } },
            ),
          };
        },
        onResponse: (status, body, ctx) => {
          const context = ctx as Record<string, unknown>;
          if (side !== "gateway") return;
          answers.push({
            query: String(context.query),
            start: Number(context.start),
            end: Date.now(),
            articles: status === 200 ? articlesOf(body, context.push === true) : undefined,
          });
        },
      },
    ],
  });
  const cpuAfter = options.cpuMs?.();
  await reviser.stop();
  return {
    answers,
    result: {
      ...loadResult(result, cpuBefore, cpuAfter),
      searches,
      pushes,
      imports: reviser.revisions.length - importsBefore,
    },
  };
}

function articlesOf(body: string, push: boolean): { url: string; title: string }[] | undefined {
  try {
    const json = JSON.parse(body) as {
      data?: {
        suggestArticles?: { url: string; title: string }[];
        pushToAgentAssist?: { cards?: { url: string; title: string }[] };
      };
    };
    const list = push ? json.data?.pushToAgentAssist?.cards : json.data?.suggestArticles;
    return list?.map((a) => ({ url: a.url, title: a.title }));
  } catch {
    return undefined;
  }
}

/**
 * Compares every kept answer with a fresh read of the same search through the floor (no cache; after the run, so at
 * the last version): the same urls in the same order and the same titles, except the changed article's, which must
 * be one of the titles current while the answer was given (or up to `boundMs` before: the coherence bound).
 * Returns how many were checked and how many were stale; an answer that failed (not 200) counts as stale.
 */
export async function checkAnswers(
  answers: Answer[],
  floorUrl: string,
  reviser: ArticleReviser,
  boundMs: number,
): Promise<{ checked: number; stale: number; examples: string[] }> {
  const fresh = new Map<string, { url: string; title: string }[]>();
  const queries = [...new Set(answers.map((a) => a.query))];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < queries.length) {
        const query = queries[next++] as string;
        const response = await fetch(`${floorUrl}/suggest`, { method: "POST", body: JSON.stringify({ query }) });
        fresh.set(query, ((await response.json()) as { url: string; title: string }[]).slice(0, 5));
      }
    }),
  );
  let stale = 0;
  const examples: string[] = [];
  for (const answer of answers) {
    const expected = fresh.get(answer.query) ?? [];
    const got = answer.articles;
    const allowed = reviser.allowedTitles(answer.start, answer.end, boundMs);
    const ok =
      got !== undefined &&
      got.length === expected.length &&
      got.every((a, i) => {
        const e = expected[i];
        if (!e || a.url !== e.url) return false;
        return a.url === reviser.url ? allowed.has(a.title) : a.title === e.title;
      });
    if (!ok) {
      stale++;
      if (examples.length < 3) examples.push(`${answer.query}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
    }
  }
  return { checked: answers.length, stale, examples };
}
