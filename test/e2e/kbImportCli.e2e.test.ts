import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectPath } from "../../src/platform/paths";
import { createDriver } from "../../src/platform/neo4j/driver";
import { freePort } from "../../src/dev/neo4j/freePort";
import { startLocalNeo4j } from "../../src/dev/neo4j/neo4jLocal";

/** Runs `npm run kb:import -- FILE` as a person would (tsx, the script), with `env`; no inherited Neo4j settings. */
function kbImport(file: string, env: Record<string, string>) {
  return spawnImport([file], env);
}

function spawnImport(args: string[], env: Record<string, string>) {
  const inherited = { ...process.env };
  for (const key of Object.keys(inherited)) if (/^(NEO4J_|CXONE_|AUTH_|KB_)/.test(key)) delete inherited[key];
  const result = spawnSync(process.execPath, ["--import", "tsx", projectPath("scripts/kbImport.ts"), ...args], {
    cwd: projectPath(),
    env: { ...inherited, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const dir = mkdtempSync(path.join(tmpdir(), "kb-import-"));
let busy: Server;
let busyPort: number;
const sockets = new Set<import("node:net").Socket>();

beforeAll(async () => {
  // Accepts connections and never answers (not a Neo4j); its sockets are destroyed when the file ends.
  busy = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  return new Promise<void>((resolve) => busy.close(() => resolve()));
});

describe("npm run kb:import", () => {
  jest.setTimeout(180_000);

  it("checks the file before starting any engine and reports every problem in one run", () => {
    const file = path.join(dir, "five-mistakes.json");
    const article = { url: "https://kb.test/a", title: "A", status: "published", priority: 1 };
    writeFileSync(
      file,
      JSON.stringify(
        {
          version: 1,
          articles: [article, { ...article, priority: "high" }, { ...article, url: "nope", status: "gone" }],
          searchTerms: [{ keyword: "" }],
          links: [{ from: { term: "x" }, type: "KNOWS", to: { article: "https://kb.test/a" } }],
        },
        null,
        2,
      ),
    );
    // A local data directory that does not exist: had it started an engine, it would have created it.
    const dataDir = path.join(dir, "never-created");
    const { status, output } = kbImport(file, {
      NEO4J_LOCAL_DATA_DIR: dataDir,
      NEO4J_LOCAL_PORT: String(busyPort + 1),
    });
    expect(status).toBe(1);
    expect(output).toMatch(/5 problems:/);
    for (const field of [
      "articles[1].priority",
      "articles[2].url",
      "articles[2].status",
      "searchTerms[0].keyword",
      "links[0].type",
    ]) {
      expect(output).toContain(`(${field})`);
    }
    expect(output).not.toMatch(/starting|Neo4j ready|at .*\.ts:\d+/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("checks a CSV export the same way: every bad row with its line, before starting any engine", () => {
    const file = path.join(dir, "export.csv");
    writeFileSync(
      file,
      [
        "url,title,summary,status,priority,tags",
        "https://kb.test/a,Refunds,,published,5,refund;money back",
        "nope,B,,published,5,",
        "https://kb.test/c,C,,archived,x,",
      ].join("\n"),
    );
    const dataDir = path.join(dir, "never-created-csv");
    const { status, output } = kbImport(file, {
      NEO4J_LOCAL_DATA_DIR: dataDir,
      NEO4J_LOCAL_PORT: String(busyPort + 1),
    });
    expect(status).toBe(1);
    expect(output).toMatch(/3 problems:/);
    expect(output).toMatch(/line 3, column 1 \(url\)/);
    expect(output).toMatch(/line 4, column 1 \(status\)/);
    expect(output).toMatch(/line 4, column 1 \(priority\)/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("when something that is not our engine holds the local port, says how to import with NEO4J_URI, without a Java lock trace", () => {
    const file = path.join(dir, "good.json");
    writeFileSync(file, JSON.stringify({ version: 1, articles: [], searchTerms: [], links: [] }));
    const { status, output } = kbImport(file, { NEO4J_LOCAL_PORT: String(busyPort) });
    expect(status).toBe(1);
    expect(output).toContain(
      `NEO4J_URI=bolt://127.0.0.1:${busyPort} NEO4J_PASSWORD=<its password> npm run kb:import -- FILE`,
    );
    expect(output).not.toMatch(/\tat |Exception/);
  });

  it("imports into the local engine already running (found on its port), shows the changes, --dry-run writes nothing, --prune removes what the file dropped", async () => {
    // An engine of this test's own (what `npm start` would be running): --prune empties everything else.
    const password = "kb-import-test";
    const engine = await startLocalNeo4j({
      port: await freePort(),
      dataDir: path.join(dir, "engine"),
      password,
      heap: "512m",
    });
    const local = {
      NEO4J_LOCAL_PORT: new URL(engine.uri.replace(/^bolt/, "http")).port,
      NEO4J_LOCAL_PASSWORD: password,
    };
    const driver = createDriver(
      { uri: engine.uri, user: "neo4j", password, database: "neo4j" },
      { maxConnectionPoolSize: 2, queryTimeoutMs: 10_000 },
    );
    const urls = async () =>
      (await driver.executeQuery("MATCH (a:Article) RETURN a.url AS url, a.title AS title ORDER BY url")).records.map(
        (r) => `${r.get("url")} ${r.get("title")}`,
      );
    const kb = (articles: { slug: string; title: string }[]) => ({
      version: 1,
      articles: articles.map((a) => ({
        url: `https://kb.test/${a.slug}`,
        title: a.title,
        status: "published",
        priority: 1,
      })),
      searchTerms: [{ keyword: "term" }],
      links: articles.map((a) => ({
        from: { term: "term" },
        type: "RESOLVES",
        to: { article: `https://kb.test/${a.slug}` },
      })),
    });
    try {
      const first = path.join(dir, "first.json");
      writeFileSync(
        first,
        JSON.stringify(
          kb([
            { slug: "a", title: "A" },
            { slug: "b", title: "B" },
          ]),
        ),
      );
      const imported = kbImport(first, local);
      expect(imported.status).toBe(0);
      expect(imported.output).toMatch(/importing into the local Neo4j already running/);
      expect(imported.output).toMatch(/articles: 2 added/);
      expect(await urls()).toEqual(["https://kb.test/a A", "https://kb.test/b B"]);

      const second = path.join(dir, "second.json");
      writeFileSync(
        second,
        JSON.stringify(
          kb([
            { slug: "a", title: "A, renamed" },
            { slug: "c", title: "C" },
          ]),
        ),
      );
      const preview = spawnImport(["--dry-run", "--prune", second], local);
      expect(preview.status).toBe(0);
      expect(preview.output).toMatch(/articles: 1 added: https:\/\/kb.test\/c/);
      expect(preview.output).toMatch(/articles: 1 changed: https:\/\/kb.test\/a/);
      expect(preview.output).toMatch(/articles: 1 removed: https:\/\/kb.test\/b/);
      expect(preview.output).toMatch(/dry run: nothing was written/);
      expect(await urls()).toEqual(["https://kb.test/a A", "https://kb.test/b B"]);

      expect(spawnImport(["--prune", second], local).status).toBe(0);
      expect(await urls()).toEqual(["https://kb.test/a A, renamed", "https://kb.test/c C"]);
      expect(spawnImport(["--dry-run"], local).status).toBe(2); // no file: usage
    } finally {
      await driver.close();
      await engine.stop();
    }
  });
});
