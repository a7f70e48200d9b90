import type { Driver } from "neo4j-driver";
import { importKnowledgeBase } from "../../src/features/kb/importKnowledgeBase";
import type { KnowledgeBase } from "../../src/features/kb/kbFormat";
import { testConnection } from "./neo4j";

type ArticleSpec = {
  slug: string;
  priority: number;
  title?: string;
  summary?: string;
  status?: "published" | "draft" | "deprecated";
  updatedAt?: string;
};

/** Builds tagged fixture data: article urls and keywords embed the tag so tests never share nodes. */
export class GraphFixture {
  private readonly kb: KnowledgeBase = { version: 1, articles: [], searchTerms: [], links: [] };

  constructor(readonly tag: string) {}

  /** A url unique to this fixture. */
  url(slug: string): string {
    return `https://kb.test/${this.tag}/${slug}`;
  }

  /** A keyword unique to this fixture: every word carries the tag, so full-text hits stay local. */
  keyword(...words: string[]): string {
    return words.map((w) => `${this.tag}${w}`).join(" ");
  }

  article(spec: ArticleSpec): this {
    this.kb.articles.push({
      url: this.url(spec.slug),
      title: spec.title ?? `Article ${spec.slug}`,
      summary: spec.summary ?? `Summary of ${spec.slug}`,
      status: spec.status ?? "published",
      priority: spec.priority,
      ...(spec.updatedAt ? { updatedAt: spec.updatedAt } : {}),
    });
    return this;
  }

  term(keyword: string): this {
    this.kb.searchTerms.push({ keyword });
    return this;
  }

  link(
    from: { term: string } | { article: string },
    type: "RELATED_TO" | "SIMILAR_TO" | "RESOLVES",
    to: { term: string } | { article: string },
  ): this {
    this.kb.links.push({ from, type, to });
    return this;
  }

  async save(driver: Driver): Promise<void> {
    await importKnowledgeBase(driver, testConnection().database, this.kb);
  }
}
