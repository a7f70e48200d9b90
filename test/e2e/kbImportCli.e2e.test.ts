import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectPath } from "../../src/paths";

/** Runs `npm run kb:import -- FILE` as a person would (tsx, the script), with `env`; no inherited Neo4j settings. */
function kbImport(file: string, env: Record<string, string>) {
  const inherited = { ...process.env };
  for (const key of Object.keys(inherited)) if (/^(NEO4J_|CXONE_|AUTH_|KB_)/.test(key)) delete inherited[key];
  const result = spawnSync(process.execPath, ["--import", "tsx", projectPath("scripts/kbImport.ts"), file], {
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

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

describe("npm run kb:import", () => {
  jest.setTimeout(90_000);

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
    const { status, output } = kbImport(file, { NEO4J_LOCAL_DATA_DIR: dataDir, NEO4J_LOCAL_PORT: String(busyPort + 1) });
    expect(status).toBe(1);
    expect(output).toMatch(/5 problems:/);
    for (const field of ["articles[1].priority", "articles[2].url", "articles[2].status", "searchTerms[0].keyword", "links[0].type"]) {
      expect(output).toContain(`(${field})`);
    }
    expect(output).not.toMatch(/starting|Neo4j ready|at .*\.ts:\d+/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("when the local engine is already running, says at once how to import into it instead of a Java lock trace", () => {
    const file = path.join(dir, "good.json");
    writeFileSync(file, JSON.stringify({ version: 1, articles: [], searchTerms: [], links: [] }));
    const { status, output } = kbImport(file, { NEO4J_LOCAL_PORT: String(busyPort) });
    expect(status).toBe(1);
    expect(output).toContain(`NEO4J_URI=bolt://127.0.0.1:${busyPort} NEO4J_PASSWORD=agent-assist-local npm run kb:import -- ${file}`);
    expect(output.split("\n").filter(Boolean).length).toBeLessThanOrEqual(4);
  });
});
