import { parse as parseCsv } from "csv-parse/sync";
import { normalizeSearch } from "../suggestions";
import { articleSchema, KbFormatError, rowProblem, type KbProblem, type KnowledgeBase } from "./kbFormat";

/** The formats `kb:import` reads: our JSON knowledge base, or an articles-only export as CSV or JSON Lines. */
export type KbFileFormat = "json" | "csv" | "jsonl";

/** The format of a file by its name: `.csv`, `.jsonl` / `.ndjson`, else JSON. */
export function formatOf(file: string): KbFileFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  return "json";
}

/** Columns of an export; `tags` and `keywords` hold search terms separated by `;` or `|` (a JSON array in JSON Lines). */
const COLUMNS = ["url", "title", "summary", "status", "priority", "updatedAt", "tags", "keywords"] as const;

/**
 * An articles-only export (what every knowledge-base system can produce) as a knowledge base: each row an article
 * (url, title, summary, status, priority, updatedAt), its tags and keywords search terms that RESOLVE it. Every
 * row is checked; all problems are reported at once with their line, and nothing is imported when there is one.
 */
export function parseArticleExport(text: string, format: "csv" | "jsonl"): KnowledgeBase {
  const rows = format === "csv" ? csvRows(text) : jsonlRows(text);
  const problems: KbProblem[] = [];
  const kb: KnowledgeBase = { version: 1, articles: [], searchTerms: [], links: [] };
  const keywords = new Set<string>();
  const urls = new Set<string>();
  for (const { line, row } of rows) {
    if ("problem" in row) {
      problems.push(rowProblem(line, "", row.problem as string));
      continue;
    }
    const unknown = Object.keys(row).filter((k) => !(COLUMNS as readonly string[]).includes(k));
    if (unknown.length > 0) problems.push(rowProblem(line, unknown[0] as string, `unknown column "${unknown[0]}"`));
    const priority =
      typeof row.priority === "string" && row.priority.trim() !== "" ? Number(row.priority) : row.priority;
    const article = articleSchema.safeParse({
      url: row.url,
      title: row.title,
      summary: row.summary ?? "",
      status: typeof row.status === "string" ? row.status.trim().toLowerCase() : row.status,
      priority,
      ...(row.updatedAt ? { updatedAt: row.updatedAt } : {}),
    });
    if (!article.success) {
      for (const issue of article.error.issues) problems.push(rowProblem(line, issue.path.join("."), issue.message));
      continue;
    }
    if (urls.has(article.data.url)) {
      problems.push(rowProblem(line, "url", `duplicate article url ${article.data.url}`));
      continue;
    }
    urls.add(article.data.url);
    kb.articles.push(article.data);
    for (const keyword of [...termsOf(row.tags), ...termsOf(row.keywords)]) {
      if (keyword.length > 256) {
        problems.push(rowProblem(line, "tags", `a tag is longer than 256 characters`));
        continue;
      }
      if (!keywords.has(keyword)) kb.searchTerms.push({ keyword });
      keywords.add(keyword);
      kb.links.push({ from: { term: keyword }, type: "RESOLVES", to: { article: article.data.url } });
    }
  }
  if (rows.length === 0) problems.push(rowProblem(1, "", "no articles in the file"));
  if (problems.length > 0) throw new KbFormatError(problems);
  return kb;
}

type Row = Record<string, unknown>;

function csvRows(text: string): { line: number; row: Row }[] {
  try {
    const records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as {
      record: Row;
      info: { lines: number };
    }[];
    return records.map(({ record, info }) => ({ line: info.lines, row: record }));
  } catch (error) {
    const line = Number((error as { lines?: number }).lines ?? 1);
    return [{ line, row: { problem: `invalid CSV: ${(error as Error).message}` } }];
  }
}

function jsonlRows(text: string): { line: number; row: Row }[] {
  return text.split("\n").flatMap((raw, i) => {
    if (raw.trim() === "") return [];
    try {
      const row = JSON.parse(raw) as unknown;
      if (typeof row !== "object" || row === null || Array.isArray(row))
        return [{ line: i + 1, row: { problem: "each line must be a JSON object" } }];
      return [{ line: i + 1, row: row as Row }];
    } catch {
      return [{ line: i + 1, row: { problem: "invalid JSON on this line" } }];
    }
  });
}

/** Tags as search terms: a JSON array, or text separated by `;` or `|`; normalised, blanks dropped. */
function termsOf(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === "string" ? value.split(/[;|]/) : [];
  return [...new Set(parts.map(normalizeSearch).filter((k) => k !== ""))];
}
