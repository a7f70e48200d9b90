import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { KbFormatError, parseKnowledgeBase } from "../../src/features/kb/kbFormat";
import { importKnowledgeBaseFile, seedWhenEmpty } from "../../src/features/kb/loadKnowledgeBaseFile";
import { projectPath } from "../../src/platform/paths";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";

let driver: Driver;
const tags: string[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), "aag-kb-"));

beforeAll(async () => {
  driver = await openTestDriver();
});
afterAll(async () => {
  for (const tag of tags) await deleteTagged(driver, tag);
  await driver.close();
});

type KbDraft = { articles: Record<string, unknown>[]; searchTerms: unknown[]; links: unknown[] };

function kbFile(tag: string, mutate: (kb: KbDraft) => void = () => undefined): string {
  const kb: KbDraft = {
    articles: [
      {
        url: `https://kb.test/${tag}/a`,
        title: "A",
        summary: "first",
        status: "published",
        priority: 5,
        updatedAt: "2026-03-04T05:06:07Z",
      },
      { url: `https://kb.test/${tag}/b`, title: "B", summary: "second", status: "draft", priority: 1 },
    ],
    searchTerms: [{ keyword: `${tag} Term` }, { keyword: `${tag} other` }],
    links: [
      { from: { term: `${tag} term` }, type: "RESOLVES", to: { article: `https://kb.test/${tag}/a` } },
      { from: { term: `${tag} term` }, type: "SIMILAR_TO", to: { term: `${tag} other` } },
      {
        from: { article: `https://kb.test/${tag}/a` },
        type: "RELATED_TO",
        to: { article: `https://kb.test/${tag}/b` },
      },
    ],
  };
  mutate(kb);
  const file = path.join(dir, `${tag}.json`);
  writeFileSync(file, JSON.stringify({ version: 1, ...kb }, null, 2));
  return file;
}

/** Everything the import wrote for a tag, in a stable textual form. */
async function snapshot(tag: string): Promise<string> {
  const { records } = await driver.executeQuery(
    `MATCH (n) WHERE (n:Query AND n.keyword STARTS WITH $tag) OR (n:Article AND n.url CONTAINS $tag)
     OPTIONAL MATCH (n)-[r]->(m)
     WITH n, r, m ORDER BY coalesce(n.url, n.keyword), type(r), coalesce(m.url, m.keyword)
     RETURN collect([labels(n), properties(n), type(r), coalesce(m.url, m.keyword)]) AS rows`,
    { tag },
    { database: testConnection().database },
  );
  return JSON.stringify(records[0]?.get("rows"));
}

describe("kb:import", () => {
  it("loads articles, normalized search terms and typed links", async () => {
    const tag = uniqueTag();
    tags.push(tag);
    const summary = await importKnowledgeBaseFile(driver, testConnection().database, kbFile(tag));
    expect(summary).toMatchObject({ articles: 2, searchTerms: 2, links: 3, nodesCreated: 4, relationshipsCreated: 3 });
    const { records } = await driver.executeQuery(
      "MATCH (q:Query {keyword: $kw})-[:RESOLVES]->(a:Article) RETURN a.priority AS p, toString(a.updatedAt) AS at",
      { kw: `${tag} term` },
    );
    expect(records.map((r) => [r.get("p"), r.get("at")])).toEqual([[5, "2026-03-04T05:06:07Z"]]);
  });

  it("is idempotent: a re-import creates nothing and changes nothing", async () => {
    const tag = uniqueTag();
    tags.push(tag);
    const file = kbFile(tag);
    await importKnowledgeBaseFile(driver, testConnection().database, file);
    const before = await snapshot(tag);
    const again = await importKnowledgeBaseFile(driver, testConnection().database, file);
    expect(again).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0 });
    expect(await snapshot(tag)).toBe(before);
  });

  it("rejects a broken file naming the field and writes nothing", async () => {
    const tag = uniqueTag();
    tags.push(tag);
    const file = kbFile(tag, (kb) => {
      (kb.articles[1] as Record<string, unknown>).status = "archived";
    });
    await expect(importKnowledgeBaseFile(driver, testConnection().database, file)).rejects.toThrow(KbFormatError);
    await expect(importKnowledgeBaseFile(driver, testConnection().database, file)).rejects.toThrow(
      /articles\[1\]\.status/,
    );
    expect(await snapshot(tag)).toBe("[]");
  });

  it("writes nothing when the database refuses part of the import", async () => {
    const tag = uniqueTag();
    tags.push(tag);
    // 30 February has the shape the file format checks, so only Neo4j's datetime() refuses it, mid-transaction.
    const file = kbFile(tag, (kb) => {
      (kb.articles[1] as Record<string, unknown>).updatedAt = "2026-02-30T00:00:00Z";
    });
    await expect(importKnowledgeBaseFile(driver, testConnection().database, file)).rejects.toThrow();
    expect(await snapshot(tag)).toBe("[]");
  });

  it("ships a demo knowledge base that passes its own format", async () => {
    const kb = parseKnowledgeBase(readFileSync(projectPath("data", "demo-kb.json"), "utf8"));
    expect(kb.articles.length).toBeGreaterThanOrEqual(60);
    expect(kb.searchTerms.length).toBeGreaterThanOrEqual(40);
    expect(new Set(kb.links.map((l) => l.type))).toEqual(new Set(["RELATED_TO", "SIMILAR_TO", "RESOLVES"]));
    expect(new Set(kb.articles.map((a) => a.status))).toEqual(new Set(["published", "draft", "deprecated"]));
  });

  it("seeds only an empty graph", async () => {
    const tag = uniqueTag();
    tags.push(tag);
    await importKnowledgeBaseFile(driver, testConnection().database, kbFile(tag));
    await expect(
      seedWhenEmpty(driver, testConnection().database, projectPath("data", "demo-kb.json")),
    ).resolves.toBeUndefined();
  });
});
