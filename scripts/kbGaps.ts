import { ConfigError, loadConfig } from "../src/platform/config/config";
import { createDriver } from "../src/platform/neo4j/driver";
import { migrate } from "../src/platform/neo4j/migrations";
import { gapsAsCsv, parseSince, readGapReport, type GapView } from "../src/features/knowledge/gapReport";
import type { GapKind } from "../src/features/knowledge/GapRecorder";
import { readArgs, UsageError } from "./cliArgs";
import { connectForTool } from "./neo4jForTool";

const USAGE =
  "usage: npm run kb:gaps -- [--since 7d|24h|2026-11-01] [--kind NO_RESULTS|FUZZY_ONLY|UNHELPFUL|STALE] [--containing TEXT] [--first 100] [--format table|csv|json]";
const HELP = `${USAGE}

The knowledge-gap report: what agents searched for that the knowledge base answers badly, most searched first.
  --since       7d, 24h, 30m or an ISO-8601 date (default 7d)
  --kind        only this kind of gap
  --containing  only texts that contain this (case and spacing as searches are compared)
  --first       at most this many rows (1-10000, default 100)
  --format      table (default), csv or json: data goes to stdout, progress to stderr, so
                npm run -s kb:gaps -- --format csv > gaps.csv   gives a clean file`;
const KINDS: readonly GapKind[] = ["NO_RESULTS", "FUZZY_ONLY", "UNHELPFUL", "STALE"];
const FORMATS = ["table", "csv", "json"] as const;

/**
 * `npm run kb:gaps`: the knowledge-gap report (what agents searched for that the knowledge base answers badly),
 * most searched first, for knowledge-base authors. The same report as the knowledgeGaps query, from the same Neo4j
 * `kb:import` would use.
 */
async function main(): Promise<void> {
  const { values } = readArgs(
    {
      since: { type: "string" },
      kind: { type: "string" },
      containing: { type: "string" },
      first: { type: "string" },
      format: { type: "string" },
    },
    HELP,
  );
  const since = values.since !== undefined ? parseSince(values.since) : Date.now() - 7 * 86_400_000;
  if (since === undefined)
    throw new UsageError(`--since: "${values.since}" is not a duration (7d, 24h, 30m) or an ISO-8601 date`);
  const kind = (values.kind ?? null) as GapKind | null;
  if (kind !== null && !KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(", ")}`);
  const containing = values.containing ?? null;
  if (containing !== null && (containing.trim() === "" || containing.length > 256))
    throw new UsageError("--containing must be 1-256 characters");
  const first = Number(values.first ?? 100);
  if (!Number.isInteger(first) || first < 1 || first > 10_000)
    throw new UsageError("--first must be between 1 and 10000");
  const format = (values.format ?? "table") as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);

  const config = loadConfig();
  const { connection, local } = await connectForTool(config, "reading from", "npm run kb:gaps");
  const driver = createDriver(connection, config.neo4jPool);
  try {
    await migrate(driver, connection.database);
    const gaps = await readGapReport(driver, connection.database, { since, kind, containing, first });
    if (format === "json") console.log(JSON.stringify(gaps, null, 2));
    else if (format === "csv") console.log(gapsAsCsv(gaps));
    else console.log(table(gaps, since));
  } finally {
    await driver.close();
    await local?.stop();
  }
}

function table(gaps: readonly GapView[], since: number): string {
  const header = `knowledge gaps since ${new Date(since).toISOString().slice(0, 10)} (UTC days), most searched first`;
  if (gaps.length === 0) return `${header}\n  none`;
  const lines = gaps.map(
    (g) =>
      `  ${String(g.searches).padStart(6)}  ${g.kind.padEnd(10)}  ${g.text}${g.terms.length > 0 ? `  (full-text used: ${g.terms.join(", ")})` : ""}`,
  );
  return [header, `  ${"count".padStart(6)}  ${"kind".padEnd(10)}  text`, ...lines].join("\n");
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
  else if (error instanceof ConfigError) console.error(error.message);
  else console.error(`kb:gaps failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
