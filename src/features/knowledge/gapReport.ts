import neo4j, { type Driver } from "neo4j-driver";
import type { KnowledgeGap } from "../../generated/graphql";
import { GAP_REPORT } from "./gapStatements";
import { dayOf, type GapKind } from "./GapRecorder";
import { graphRead } from "../../platform/neo4j/graphAccess";
import { gapText } from "../suggestions";
export { gapsAsCsv } from "./gapCsv";

/** One line of the report: the GraphQL type KnowledgeGap. */
export type GapView = Omit<KnowledgeGap, "__typename">;

export interface GapFilter {
  /** Epoch ms; counts from this instant's UTC day. Null: everything kept. */
  since: number | null;
  kind: GapKind | null;
  /** Only texts containing this (in normal form, as gap texts are stored). Null: all. */
  containing?: string | null;
  first: number;
  /** Texts with a learned link this strong are left out (KB_LEARNED_MIN_HELPFUL; 3 when not given). */
  learnedMinHelpful?: number;
}

/** The knowledge-gap report, most searched first (the knowledgeGaps query and `npm run kb:gaps`). */
export async function readGapReport(driver: Driver, database: string, filter: GapFilter): Promise<GapView[]> {
  const params = {
    sinceDay: filter.since === null ? "0000-00-00" : dayOf(filter.since),
    kind: filter.kind,
    containing: filter.containing ? gapText(filter.containing) : null,
    first: neo4j.int(filter.first),
    minHelpful: filter.learnedMinHelpful ?? 3,
  };
  const records = await graphRead(driver, GAP_REPORT, params, { database, op: "gapReport" });
  return records.map((r) => ({
    text: String(r.get("text")),
    kind: r.get("kind") as GapKind,
    searches: Number(r.get("searches")),
    lastSearchedAt: new Date(Number(r.get("lastSearchedAt"))).toISOString(),
    terms: (r.get("terms") as string[]) ?? [],
  }));
}

/**
 * A `--since` value: a duration back from `now` (`7d`, `24h`, `30m`) or an ISO-8601 instant. Undefined for
 * anything else.
 */
export function parseSince(value: string, now = Date.now()): number | undefined {
  const duration = /^(\d+)([dhm])$/.exec(value.trim());
  if (duration) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[duration[2] as "d" | "h" | "m"];
    return now - Number(duration[1]) * unit;
  }
  const ms = Date.parse(value);
  return /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(ms) ? ms : undefined;
}
