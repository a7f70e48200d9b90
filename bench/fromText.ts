import type { Driver } from "neo4j-driver";
import { BUMP_KB_VERSION } from "../src/features/suggestions/KnowledgeTerms";
import { prng, termKeyword } from "./kbGenerator";
import { drive, type LoadResult } from "./load";

/** S8: how many search terms the term index holds, and how long a customer's text is. */
export const TEXT_TERMS = 100_000;
export const TEXT_CHARS = 500;

export interface FromTextResult extends LoadResult {
  terms: number;
  textChars: number;
  connections: number;
}

const FROM_TEXT =
  "query T($t: String!) { suggestFromText(text: $t) { rank matchedTerm article { title url priority } } }";
const FILLER =
  "hello thanks for holding so the customer says that since this morning nothing works and they already tried to restart it twice but".split(
    " ",
  );

/**
 * S8 suggestions from text: the knowledge base is given TEXT_TERMS search terms (each resolving one article), the
 * gateway's term index is told through the knowledge base's version, and then `suggestFromText` is driven with
 * 500-character utterances naming three known terms among filler words. One connection: this is the latency one
 * agent sees, which the target is about (throughput under load is S1's business).
 */
export async function fromText(
  driver: Driver,
  gatewayUrl: string,
  linkedTerms: number,
  load: { seconds: number; warmupSeconds: number },
): Promise<FromTextResult> {
  const { records } = await driver.executeQuery("MATCH (q:Query) RETURN count(q) AS terms");
  const have = Number(records[0]?.get("terms"));
  // Each new term resolves one published article, so every term found in a text has an answer.
  const published = (
    await driver.executeQuery("MATCH (a:Article {status: 'published'}) RETURN a.url AS url LIMIT 1000")
  ).records.map((r) => String(r.get("url")));
  const rows = Array.from({ length: Math.max(0, TEXT_TERMS - have) }, (_, i) => ({
    keyword: `bench phrase ${i}`,
    url: published[i % published.length],
  }));
  for (let i = 0; i < rows.length; i += 10_000) {
    await driver.executeQuery(
      "UNWIND $rows AS row MATCH (a:Article {url: row.url}) CREATE (q:Query {keyword: row.keyword})-[:RESOLVES]->(a)",
      { rows: rows.slice(i, i + 10_000) },
    );
  }
  // The gateway reloads its index within KB_TERM_REFRESH_MS of the version change: wait until it finds the last term
  // (nothing to wait for when the graph had enough terms already: the full run's 1,000,000 relationships).
  if (rows.length > 0) await driver.executeQuery(BUMP_KB_VERSION);
  const last = `bench phrase ${rows.length - 1}`;
  for (let tries = 0; rows.length > 0; tries++) {
    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: FROM_TEXT, variables: { t: `about ${last} please` } }),
    });
    const body = (await response.json()) as { data?: { suggestFromText?: unknown[] } };
    if ((body.data?.suggestFromText?.length ?? 0) > 0) break;
    if (tries > 3_000) throw new Error("the gateway's term index never picked up the new search terms");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await indexSettled(gatewayUrl);
  const random = prng(8);
  const utterance = () => {
    const words: string[] = [];
    const terms = [
      termKeyword(Math.floor(random() * linkedTerms)),
      `bench phrase ${Math.floor(random() * Math.max(1, rows.length))}`,
      termKeyword(Math.floor(random() * linkedTerms)),
    ];
    while (words.join(" ").length < TEXT_CHARS) {
      words.push(
        random() < 0.08 && terms.length > 0
          ? (terms.shift() as string)
          : (FILLER[Math.floor(random() * FILLER.length)] as string),
      );
    }
    return words.join(" ").slice(0, TEXT_CHARS);
  };
  const result = await drive(gatewayUrl, () => JSON.stringify({ query: FROM_TEXT, variables: { t: utterance() } }), {
    ...load,
    connections: 1,
  });
  return { ...result, terms: Math.max(have, TEXT_TERMS), textChars: TEXT_CHARS, connections: 1 };
}

/**
 * Waits until the gateway's knowledge indexes stop rebuilding (the build count in /metrics unchanged for 3 s): the
 * terms just written came in 10,000 at a time, and each batch may start a rebuild. S8 measures answering, not
 * rebuilding; what a rebuild costs is in aag_knowledge_index_build_seconds.
 */
async function indexSettled(gatewayUrl: string): Promise<void> {
  const metricsUrl = new URL("/metrics", gatewayUrl).toString();
  const builds = async () => {
    const text = await (await fetch(metricsUrl)).text();
    return /aag_knowledge_index_build_seconds_count (\d+)/.exec(text)?.[1];
  };
  let last = await builds();
  let stableSince = Date.now();
  for (let tries = 0; last !== undefined && Date.now() - stableSince < 3_000 && tries < 600; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await builds();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
}

export interface FallbackResult extends LoadResult {
  terms: number;
  articles: number;
  connections: number;
}

const FALLBACK = "query F($q: String!) { suggestArticles(query: $q, rank: RELEVANCE) { title url priority } }";

/**
 * S10 the RELEVANCE fallback path: searches that are not exactly a term (another word order, a word form, a typo:
 * "phrase bench 812", "bench phrases 812", "bench phrsae 812") and 500-character sentences, through
 * `suggestArticles(rank: RELEVANCE)` and `suggestFromText`, against the knowledge base S8 left (100,000 terms),
 * one connection.
 */
export async function fallbackSearch(
  driver: Driver,
  gatewayUrl: string,
  load: { seconds: number; warmupSeconds: number },
): Promise<FallbackResult> {
  const { records } = await driver.executeQuery(
    "RETURN COUNT { (:Query) } AS terms, COUNT { (a:Article) WHERE a.status = 'published' } AS articles",
  );
  const terms = Number(records[0]?.get("terms"));
  const articles = Number(records[0]?.get("articles"));
  const random = prng(10);
  const phrases = Math.min(TEXT_TERMS, terms);
  const variants = [
    (n: number) => `phrase bench ${n}`,
    (n: number) => `bench phrases ${n}`,
    (n: number) => `bench phrsae ${n}`,
  ];
  const result = await drive(
    gatewayUrl,
    () => {
      const n = Math.floor(random() * phrases);
      const variant = variants[Math.floor(random() * variants.length)] as (n: number) => string;
      return JSON.stringify({ query: FALLBACK, variables: { q: variant(n) } });
    },
    { ...load, connections: 1 },
  );
  return { ...result, terms, articles, connections: 1 };
}
