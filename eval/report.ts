import type { Scores } from "./scoring";

const pct = (v: number) => v.toFixed(2);

/** The results of one set as a Markdown table: each system's scores per kind. */
export function table(setName: string, systems: Record<string, Record<string, Scores | undefined>>): string {
  const lines = [
    `### ${setName}`,
    "",
    "| system | kind | queries | hit@1 | hit@5 | MRR@5 | no answer | confidently wrong |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const [system, byKind] of Object.entries(systems)) {
    for (const [kind, s] of Object.entries(byKind)) {
      if (!s) continue;
      const answerable = kind !== "none";
      lines.push(
        `| ${system} | ${kind} | ${s.queries} | ${answerable ? pct(s.hit1) : "-"} | ${answerable ? pct(s.hit5) : "-"} | ${answerable ? pct(s.mrr5) : "-"} | ${pct(s.noAnswer)} | ${pct(s.confidentlyWrong)} |`,
      );
    }
  }
  return lines.join("\n");
}
