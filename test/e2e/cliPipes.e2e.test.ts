import { spawnSync } from "node:child_process";
import { parse } from "csv-parse/sync";
import type { Driver } from "neo4j-driver";
import pino from "pino";
import { GapRecorder } from "../../src/features/knowledge/GapRecorder";
import { Role } from "../../src/platform/auth/roles";
import { projectPath } from "../../src/platform/paths";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";

/**
 * The command-line tools compose: `npm run -s TOOL` puts data on stdout and nothing else (progress and problems go
 * to stderr), `--help` prints usage and exits 0, and `token` says what it needs in its own terms.
 */
function npmRun(args: string[], env: Record<string, string> = {}) {
  const inherited = { ...process.env };
  for (const key of Object.keys(inherited)) if (/^(NEO4J_|CXONE_|AUTH_|KB_|npm_)/.test(key)) delete inherited[key];
  const result = spawnSync("npm", ["run", "-s", ...args], {
    cwd: projectPath(),
    env: { ...inherited, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let driver: Driver;
const tag = uniqueTag();
const neo4jEnv = () => {
  const c = testConnection();
  return { NEO4J_URI: c.uri, NEO4J_USER: c.user, NEO4J_PASSWORD: c.password, NEO4J_DATABASE: c.database };
};

beforeAll(async () => {
  driver = await openTestDriver();
  const recorder = new GapRecorder(driver, testConnection().database, pino({ level: "silent" }), {
    flushMs: 60_000,
    retentionMs: 86_400_000,
  });
  for (let i = 0; i < 3; i++) recorder.note(`${tag} printer, "jammed" again`, "NO_RESULTS");
  recorder.note(`${tag} fax`, "FUZZY_ONLY");
  await recorder.flush();
});

afterAll(async () => {
  await driver.executeQuery(
    "MATCH (g:KnowledgeGap) WHERE g.text CONTAINS $tag DETACH DELETE g",
    { tag },
    { database: testConnection().database },
  );
  await deleteTagged(driver, tag);
  await driver.close();
});

describe("npm run -s kb:gaps", () => {
  jest.setTimeout(180_000);

  it("--format csv writes CSV and nothing else to stdout (a redirect gets a clean file)", () => {
    const { status, stdout } = npmRun(["kb:gaps", "--", "--format", "csv", "--containing", tag], neo4jEnv());
    expect(status).toBe(0);
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.kind, r.text, r.searches])).toEqual([
      ["NO_RESULTS", `${tag} printer, "jammed" again`, "3"],
      ["FUZZY_ONLY", `${tag} fax`, "1"],
    ]);
  });

  it("--format json writes one JSON document to stdout", () => {
    const { status, stdout } = npmRun(["kb:gaps", "--", "--format", "json", "--containing", tag], neo4jEnv());
    expect(status).toBe(0);
    const gaps = JSON.parse(stdout) as { text: string; searches: number }[];
    expect(gaps.map((g) => [g.text, g.searches])).toEqual([
      [`${tag} printer, "jammed" again`, 3],
      [`${tag} fax`, 1],
    ]);
  });

  it("sends a bad option's message to stderr with the usage, exit 2, and nothing to stdout", () => {
    const { status, stdout, stderr } = npmRun(["kb:gaps", "--", "--format", "xml"], neo4jEnv());
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/--format must be one of table, csv, json\nusage: npm run kb:gaps/);
  });
});

describe("--help", () => {
  jest.setTimeout(60_000);

  it.each([["kb:gaps"], ["kb:import"], ["token"]])(
    "npm run -s %s -- --help prints usage on stdout and exits 0",
    (tool) => {
      const { status, stdout, stderr } = npmRun([tool, "--", "--help"]);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^usage: npm run/);
      expect(stderr).toBe("");
    },
  );
});

describe("npm run -s token", () => {
  jest.setTimeout(60_000);

  it("without AUTH_JWT_SECRET says which secret it needs, in its own terms (not AUTH_MODE), and lists every role", () => {
    const { status, stdout, stderr } = npmRun(["token", "--", "--sub", "alice", "--roles", "kb:read"]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("AUTH_JWT_SECRET, the secret the gateway verifies tokens with, and it is not set");
    expect(stderr).not.toContain("required when AUTH_MODE=jwt"); // the user never set AUTH_MODE
    for (const role of Object.values(Role)) expect(stderr).toContain(role);
  });

  it("prints the token alone on stdout", () => {
    const { status, stdout } = npmRun(["token", "--", "--sub", "alice", "--roles", "kb:read,assist:read"], {
      AUTH_JWT_SECRET: "a-cli-test-secret-of-at-least-32-characters",
    });
    expect(status).toBe(0);
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });
});
