import { readFileSync } from "node:fs";
import type { Driver } from "neo4j-driver";
import { importKnowledgeBase } from "../../src/features/kb/importKnowledgeBase";
import type { KnowledgeBase } from "../../src/features/kb/kbFormat";
import { projectPath } from "../../src/platform/paths";
import { testConnection } from "./neo4j";

/**
 * The demo knowledge base with every keyword word and url carrying `tag` (so it shares no node, and no full-text
 * hit, with other tests' data), imported into the test database. Returns the tagged form of a demo keyword.
 */
export async function importTaggedDemoKb(
  driver: Driver,
  tag: string,
): Promise<{ kb: KnowledgeBase; term: (keyword: string) => string }> {
  const demo = JSON.parse(readFileSync(projectPath("data", "demo-kb.json"), "utf8")) as KnowledgeBase;
  const term = (k: string) =>
    k
      .split(" ")
      .map((w) => `${tag}${w}`)
      .join(" ");
  const url = (u: string) => u.replace("https://kb.example.com/", `https://kb.test/${tag}/`);
  const end = (e: { term: string } | { article: string }) =>
    "term" in e ? { term: term(e.term) } : { article: url(e.article) };
  const kb: KnowledgeBase = {
    version: 1,
    articles: demo.articles.map((a) => ({ ...a, url: url(a.url) })),
    searchTerms: demo.searchTerms.map((s) => ({ keyword: term(s.keyword) })),
    links: demo.links.map((l) => ({ ...l, from: end(l.from), to: end(l.to) })),
  };
  await importKnowledgeBase(driver, testConnection().database, kb);
  return { kb, term };
}
