import type { KnowledgeGap } from "../../generated/graphql";

/** The columns of a gap in the CSV report. */
type GapRow = Pick<KnowledgeGap, "text" | "kind" | "searches" | "lastSearchedAt" | "terms">;

/**
 * The knowledge-gap report as CSV (RFC 4180 quoting; terms joined with "; "): what `kb:gaps --format csv` prints
 * and the console's "Download CSV" saves. No I/O, so the console's bundle can use it too.
 */
export function gapsAsCsv(gaps: readonly GapRow[]): string {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = gaps.map((g) => [g.text, g.kind, g.searches, g.lastSearchedAt, g.terms.join("; ")].map(cell).join(","));
  return [["text", "kind", "searches", "lastSearchedAt", "terms"].join(","), ...rows].join("\n");
}
