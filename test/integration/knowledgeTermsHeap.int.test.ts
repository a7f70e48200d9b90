import { Writable } from "node:stream";
import type { Driver } from "neo4j-driver";
import pino from "pino";
import { KnowledgeTerms } from "../../src/features/suggestions";
import { GraphFixture } from "../support/fixtures";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";

/** A heap too small for two copies of the knowledge indexes: a change is rebuilt in place, not beside (no crash). */
let driver: Driver;
const tag = uniqueTag();

beforeAll(async () => {
  driver = await openTestDriver();
});

afterAll(async () => {
  await deleteTagged(driver, tag);
  await driver.close();
});

it("rebuilds after a change with the current indexes dropped first, and says so once", async () => {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: "info" },
    new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }),
  );
  const MB = 2 ** 20;
  const terms = new KnowledgeTerms(driver, testConnection().database, logger, {
    refreshMs: 60_000,
    heap: () => ({ used: 900 * MB, limit: 1024 * MB }),
  });
  await terms.load();
  const before = terms.version;
  const f = new GraphFixture(tag);
  const keyword = f.keyword("heap", "room");
  await f
    .term(keyword)
    .article({ slug: "a", priority: 1 })
    .link({ term: keyword }, "RESOLVES", { article: f.url("a") })
    .save(driver);
  expect(terms.current.matchesExactly(keyword)).toBe(false);
  await terms.refresh();
  expect(terms.current.matchesExactly(keyword)).toBe(true);
  expect(terms.version).toBeGreaterThan(before);
  await terms.refresh();
  const warnings = lines.filter(
    (l) => l.level === 40 && l.msg.startsWith("the heap cannot hold the knowledge indexes twice"),
  );
  expect(warnings).toHaveLength(1);
});
