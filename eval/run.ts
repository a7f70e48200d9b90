import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { setTimeout } from "node:timers/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { readArgs } from "../scripts/cliArgs";
import { startApp } from "../src/app/startApp";
import { loadConfig } from "../src/platform/config/config";
import { createDriver } from "../src/platform/neo4j/driver";
import { migrate } from "../src/platform/neo4j/migrations";
import { importKnowledgeBase } from "../src/features/kb";
import { startLocalNeo4j } from "../src/dev/neo4j/neo4jLocal";
import { freePort } from "../src/dev/neo4j/freePort";
import { RelevanceIndex } from "../src/features/suggestions/relevance/RelevanceIndex";
import { Bm25Baseline } from "./bm25Baseline";
import { loadLabelledSet, type LabelledQuery, type LabelledSet } from "./labelledSet";
import { table } from "./report";
import { scoreByKind, type Answer } from "./scoring";
import { snapshotOf } from "./snapshotOf";

const DEFAULT_SETS = ["eval/sets/demo-telecom.json", "eval/sets/airline.json"];
const SYSTEMS = ["gateway RELEVANCE", "gateway PRIORITY", "bm25 baseline", "RELEVANCE after feedback"] as const;

/**
 * `npm run eval -- [--offline] [--json FILE] [SET...]`: scores labelled sets (eval/README.md). For each set its
 * knowledge base is imported into a fresh graph (a local Neo4j started here, in a temporary directory), the gateway
 * is started on it as `npm start` would start it, and every question is asked over HTTP: searches to
 * suggestArticles (RELEVANCE, then PRIORITY), sentences to suggestFromText. A plain BM25 baseline is scored beside
 * it. `--offline` asks the relevance index in memory instead (no Neo4j; a quick loop while tuning).
 */
async function main(): Promise<void> {
  const { values, positionals } = readArgs(
    { offline: { type: "boolean" }, json: { type: "string" } },
    "usage: npm run -s eval -- [--offline] [--json FILE] [SET...]\n\nScores labelled sets (eval/README.md): recall@5 and MRR per kind of question, the gateway against a BM25 baseline.",
    true,
  );
  const sets = await Promise.all((positionals.length > 0 ? positionals : DEFAULT_SETS).map((f) => loadLabelledSet(f)));
  const results: Record<string, Record<string, ReturnType<typeof scoreByKind>>> = {};
  const ask = values.offline === true ? offlineAsker : await gatewayAsker();
  try {
    for (const set of sets) {
      const bm25 = new Bm25Baseline(set.kb);
      const answers: Record<(typeof SYSTEMS)[number], Answer[]> = {
        "gateway RELEVANCE": [],
        "gateway PRIORITY": [],
        "bm25 baseline": [],
        "RELEVANCE after feedback": [],
      };
      const asker = await ask.load(set);
      for (const query of set.queries) {
        answers["gateway RELEVANCE"].push({ query, urls: await asker(query, "RELEVANCE") });
        answers["gateway PRIORITY"].push({ query, urls: await asker(query, "PRIORITY") });
        answers["bm25 baseline"].push({ query, urls: bm25.search(query.text, 5) });
      }
      let taughtNote = "";
      if (ask.teach) {
        // Agents mark the right card helpful where it was found but not first: three agents each, as the next
        // agents' pushes would; then the same questions again.
        const taught = answers["gateway RELEVANCE"].filter((a) => {
          const rank = a.urls.findIndex((u) => a.query.relevant.includes(u));
          return rank >= 1;
        });
        await ask.teach(taught);
        for (const query of set.queries)
          answers["RELEVANCE after feedback"].push({ query, urls: await asker(query, "RELEVANCE") });
        taughtNote = `\n${taught.length} questions taught by agents' feedback (right card found, not first), then asked again.`;
      }
      const systems = SYSTEMS.filter((s) => answers[s].length > 0);
      results[set.name] = Object.fromEntries(systems.map((s) => [s, scoreByKind(answers[s])]));
      console.log(`\n${table(`${set.name} (${set.queries.length} questions)`, results[set.name] ?? {})}${taughtNote}`);
    }
  } finally {
    await ask.close();
  }
  const out = values.json ?? "eval/results/latest.json";
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), offline: values.offline === true, results }, null, 2)}\n`,
  );
  console.log(`\nscores written to ${out}`);
}

type Ask = (query: LabelledQuery, rank: "RELEVANCE" | "PRIORITY") => Promise<string[]>;
interface Asker {
  load(set: LabelledSet): Promise<Ask>;
  /** Pushes each answer's cards and has three agents mark its first right card helpful (learned links). */
  teach?(answers: readonly Answer[]): Promise<void>;
  close(): Promise<void>;
}

/** The relevance index in memory (PRIORITY is not available offline: it is Cypher; it answers what RELEVANCE does). */
const offlineAsker: Asker = {
  async load(set) {
    const index = new RelevanceIndex(snapshotOf(set.kb));
    return async (query) => index.search(query.text, query.via, 5).map((h) => h.url);
  },
  async close() {},
};

const SEARCH = "query Eval($q: String!, $rank: RankMode) { suggestArticles(query: $q, rank: $rank) { url } }";
const PUSH = "mutation P($input: PushToAgentAssistInput!) { pushToAgentAssist(input: $input) { pushId } }";
const FEEDBACK = "mutation F($input: CardFeedbackInput!) { recordCardFeedback(input: $input) { helpful } }";
const TEXT = "query Eval($t: String!, $rank: RankMode) { suggestFromText(text: $t, rank: $rank) { article { url } } }";

/** A local Neo4j in a temporary directory, wiped and loaded per set, and the gateway started on it per set. */
async function gatewayAsker(): Promise<Asker> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "aag-eval-"));
  const password = "eval-password";
  console.log("starting a fresh local Neo4j for the evaluation...");
  const engine = await startLocalNeo4j({ port: await freePort(), dataDir, password, heap: "512m" });
  const connection = { uri: engine.uri, user: "neo4j", password, database: "neo4j" };
  const simulatorPort = await freePort();
  let askOnce: (query: LabelledQuery, rank?: "RELEVANCE" | "PRIORITY") => Promise<string[]> = async () => [];
  const driver = createDriver(connection, { maxConnectionPoolSize: 4, queryTimeoutMs: 30_000 });
  await migrate(driver, connection.database);
  let stopApp = async () => {};
  let gatewayUrl = "";
  const post = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
    if (body.errors) throw new Error(body.errors.map((e) => e.message).join("; "));
    return body.data ?? {};
  };
  return {
    async teach(answers) {
      for (const [i, answer] of answers.entries()) {
        const url = answer.urls.find((u) => answer.query.relevant.includes(u)) as string;
        const source = answer.query.via === "sentence" ? { text: answer.query.text } : { query: answer.query.text };
        for (let agent = 0; agent < 3; agent++) {
          const data = await post(PUSH, {
            input: { interactionId: `eval-${i}-${agent}`, agentId: `agent-${agent}`, rank: "RELEVANCE", ...source },
          });
          const pushId = (data.pushToAgentAssist as { pushId: string }).pushId;
          await post(FEEDBACK, { input: { pushId, url, agentId: `agent-${agent}`, helpful: true } });
        }
      }
      // The gateway rebuilds its index within about a second of the learned links' change: wait for the last one.
      const last = answers[answers.length - 1];
      for (let tries = 0; last && tries < 100; tries++) {
        const first = await askOnce(last.query);
        if (first[0] && last.query.relevant.includes(first[0])) break;
        await setTimeout(100);
      }
    },
    async load(set) {
      await stopApp();
      await driver.executeQuery("MATCH (n) DETACH DELETE n", {}, { database: "neo4j" });
      await importKnowledgeBase(driver, connection.database, set.kb);
      const config = loadConfig({
        NODE_ENV: "test",
        PORT: "0",
        HOST: "127.0.0.1",
        NEO4J_URI: engine.uri,
        NEO4J_USER: "neo4j",
        NEO4J_PASSWORD: password,
        KB_SEED_WHEN_EMPTY: "false",
        CXONE_SIMULATOR_PORT: String(simulatorPort),
        AUTH_MODE: "none",
        LOG_LEVEL: "warn",
      });
      const app = await startApp(config, { logger: pino({ level: "warn" }), defaultMetrics: false });
      stopApp = () => app.stop();
      const url = `${app.url.replace(/\/$/, "")}`;
      gatewayUrl = url;
      return (askOnce = async (query, rank = "RELEVANCE") => {
        const sentence = query.via === "sentence";
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            query: sentence ? TEXT : SEARCH,
            variables: sentence ? { t: query.text, rank } : { q: query.text, rank },
          }),
        });
        const body = (await response.json()) as {
          data?: { suggestArticles?: { url: string }[]; suggestFromText?: { article: { url: string } }[] };
          errors?: { message: string }[];
        };
        if (body.errors) throw new Error(`"${query.text}": ${body.errors.map((e) => e.message).join("; ")}`);
        return sentence
          ? (body.data?.suggestFromText ?? []).map((s) => s.article.url)
          : (body.data?.suggestArticles ?? []).map((a) => a.url);
      });
    },
    async close() {
      await stopApp();
      await driver.close();
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
