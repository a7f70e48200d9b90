import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../src/dev/neo4j/freePort";
import { startLocalNeo4j } from "../src/dev/neo4j/neo4jLocal";
import { projectPath } from "../src/platform/paths";
import { MUTANTS, type Mutant } from "./mutantSet";

/**
 * `npm run mutants [-- ID...]`: a scripted mutation run. Each mutant is a realistic regression in push, ledger, auth,
 * suggestion or ranking code (scripts/mutantSet.ts): the script applies it, runs the test files that specify that
 * behaviour against one real Neo4j, and restores the file. A mutant is killed when a test fails. Prints the score
 * and the survivors and writes test-results/mutants.json. Run it on a clean work tree: it edits src/ while it runs
 * (and puts every file back, also when interrupted).
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const mutants = only.length > 0 ? MUTANTS.filter((m) => only.includes(m.id)) : MUTANTS;
  for (const mutant of mutants) check(mutant);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "aag-mutants-neo4j-"));
  const neo4j = await startLocalNeo4j({
    port: await freePort(),
    dataDir,
    password: "mutants-password-1",
    heap: "768m",
  });
  const env = {
    ...process.env,
    TEST_NEO4J_URI: neo4j.uri,
    TEST_NEO4J_USER: "neo4j",
    TEST_NEO4J_PASSWORD: "mutants-password-1",
    TEST_NEO4J_DATABASE: "neo4j",
  };
  const restoreAll: (() => void)[] = [];
  const onSignal = () => {
    restoreAll.forEach((restore) => restore());
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const results: { id: string; area: string; what: string; killed: boolean; seconds: number }[] = [];
  try {
    // The tests must pass unmutated, or a "kill" means nothing.
    const files = [...new Set(mutants.flatMap((m) => m.tests))];
    log(`baseline: ${files.length} test files`);
    if (!runTests(files, env)) throw new Error("the tests fail without any mutant: fix them first");
    for (const mutant of mutants) {
      const file = projectPath(mutant.file);
      const original = readFileSync(file, "utf8");
      const restore = () => writeFileSync(file, original);
      restoreAll.push(restore);
      const started = Date.now();
      try {
        writeFileSync(file, original.replace(mutant.from, mutant.to));
        const killed = !runTests(mutant.tests, env);
        results.push({
          id: mutant.id,
          area: mutant.area,
          what: mutant.what,
          killed,
          seconds: Math.round((Date.now() - started) / 1000),
        });
        log(`${killed ? "killed  " : "SURVIVED"} ${mutant.id}: ${mutant.what}`);
      } finally {
        restore();
        restoreAll.pop();
      }
    }
  } finally {
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const killed = results.filter((r) => r.killed).length;
  const score = Math.round((killed / results.length) * 1000) / 10;
  mkdirSync(projectPath("test-results"), { recursive: true });
  writeFileSync(
    projectPath("test-results/mutants.json"),
    `${JSON.stringify({ score, killed, total: results.length, results }, null, 2)}\n`,
  );
  log(`score: ${killed} of ${results.length} killed (${score}%)`);
  for (const r of results.filter((x) => !x.killed)) log(`  survivor ${r.id} (${r.area}): ${r.what}`);
}

/** A mutant whose text is not in its file exactly once is stale (the code moved on): say so before running. */
function check(mutant: Mutant): void {
  const text = readFileSync(projectPath(mutant.file), "utf8");
  const count = text.split(mutant.from).length - 1;
  if (count !== 1) throw new Error(`mutant ${mutant.id}: its text occurs ${count} times in ${mutant.file}`);
}

/** Runs the given test files (each in its tier's Jest project); true when every test passed. */
function runTests(files: string[], env: NodeJS.ProcessEnv): boolean {
  const projects = [
    ...new Set(
      files.map((f) =>
        f.startsWith("test/unit/") ? "unit" : f.startsWith("test/integration/") ? "integration" : "e2e",
      ),
    ),
  ];
  const run = spawnSync(
    "npx",
    ["jest", "--silent", "--bail", "--selectProjects", ...projects, "--runTestsByPath", ...files],
    { cwd: projectPath(), env, stdio: "ignore", timeout: 10 * 60_000 },
  );
  return run.status === 0;
}

function log(message: string): void {
  process.stdout.write(`[mutants ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
