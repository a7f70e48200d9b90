import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { z } from "zod";
import { normalizeSearch } from "../suggestions";

/**
 * The knowledge-base file format (documented in docs/knowledge-base-format.md):
 * `{ version: 1, articles: [...], searchTerms: [...], links: [...] }`.
 */
export const RELATIONSHIP_TYPES = ["RELATED_TO", "SIMILAR_TO", "RESOLVES"] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

const endpoint = z.union([
  z.object({ term: z.string().min(1).max(256) }).strict(),
  z.object({ article: z.string().url().max(2048) }).strict(),
]);

/** One article, as every format (JSON, CSV, JSON Lines) gives it. */
export const articleSchema = z
  .object({
    url: z.string().url().max(2048),
    title: z.string().min(1).max(500),
    summary: z.string().max(5000).default(""),
    status: z.enum(["published", "draft", "deprecated"]),
    priority: z.number().int().min(0).max(100),
    updatedAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

/** A group of phrases that mean the same to agents ("dd", "direct debit"): 2-20 phrases of 1-256 characters. */
const synonymGroup = z.array(z.string().trim().min(1).max(256)).min(2).max(20);

const kbSchema = z
  .object({
    version: z.literal(1),
    articles: z.array(articleSchema),
    searchTerms: z.array(z.object({ keyword: z.string().min(1).max(256) }).strict()),
    links: z.array(z.object({ from: endpoint, type: z.enum(RELATIONSHIP_TYPES), to: endpoint }).strict()),
    synonyms: z.array(synonymGroup).max(10_000).optional(),
  })
  .strict();

export type KnowledgeBase = z.infer<typeof kbSchema>;
export type KbEndpoint = z.infer<typeof endpoint>;

/** One problem in a file: the JSON path, and where it is. */
export interface KbProblem {
  field: string;
  line: number;
  column: number;
  problem: string;
}

/** Most problems reported for one file (a file with thousands of mistakes gets the first ones and a count). */
export const MAX_PROBLEMS = 50;

/** A rejected file, with every problem found (in file order); `field`, `line`, `column`, `problem` are the first's. */
export class KbFormatError extends Error {
  readonly field: string;
  readonly line: number;
  readonly column: number;
  readonly problem: string;

  constructor(readonly problems: KbProblem[]) {
    const shown = problems
      .slice(0, MAX_PROBLEMS)
      .map((p) => `line ${p.line}, column ${p.column}${p.field ? ` (${p.field})` : ""}: ${p.problem}`);
    const more = problems.length > MAX_PROBLEMS ? [`... and ${problems.length - MAX_PROBLEMS} more`] : [];
    super(
      problems.length === 1
        ? (shown[0] as string)
        : `${problems.length} problems:\n  ${[...shown, ...more].join("\n  ")}`,
    );
    const first = problems[0] as KbProblem;
    this.field = first.field;
    this.line = first.line;
    this.column = first.column;
    this.problem = first.problem;
    this.name = "KbFormatError";
  }
}

/** A file position for problems found outside JSON (CSV and JSON Lines rows). */
export function rowProblem(line: number, field: string, problem: string): KbProblem {
  return { field, line, column: 1, problem };
}

/** Parses and checks a knowledge-base file; keywords come back normalized. Throws KbFormatError with every problem. */
export function parseKnowledgeBase(text: string): KnowledgeBase {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !tree) {
    const problems = errors.length > 0 ? errors : [{ offset: 0, error: undefined }];
    throw new KbFormatError(
      problems.map((e) => ({
        field: "",
        ...position(text, e.offset),
        problem: `invalid JSON (${e.error !== undefined ? printParseErrorCode(e.error) : "empty"})`,
      })),
    );
  }
  const parsed = kbSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new KbFormatError(sorted(parsed.error.issues.map((issue) => locate(text, tree, issue.path, issue.message))));
  }
  const kb = parsed.data;
  kb.searchTerms = kb.searchTerms.map((t) => ({ keyword: normalizeSearch(t.keyword) }));
  kb.links = kb.links.map((l) => ({ ...l, from: normalizeEndpoint(l.from), to: normalizeEndpoint(l.to) }));
  if (kb.synonyms) kb.synonyms = kb.synonyms.map((group) => [...new Set(group.map(normalizeSearch))]);
  const problems = checkReferences(text, tree, kb);
  if (problems.length > 0) throw new KbFormatError(sorted(problems));
  return kb;
}

function sorted(problems: KbProblem[]): KbProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

function normalizeEndpoint(e: KbEndpoint): KbEndpoint {
  return "term" in e ? { term: normalizeSearch(e.term) } : e;
}

/** Duplicates and dangling link ends are errors too: an import must not silently merge or drop them. */
function checkReferences(text: string, tree: Node, kb: KnowledgeBase): KbProblem[] {
  const problems: KbProblem[] = [];
  const problem = (at: (string | number)[], what: string) => problems.push(locate(text, tree, at, what));
  const urls = new Set<string>();
  kb.articles.forEach((a, i) => {
    if (urls.has(a.url)) problem(["articles", i, "url"], `duplicate article url ${a.url}`);
    urls.add(a.url);
  });
  const keywords = new Set<string>();
  kb.searchTerms.forEach((t, i) => {
    if (keywords.has(t.keyword)) problem(["searchTerms", i, "keyword"], `duplicate search term "${t.keyword}"`);
    keywords.add(t.keyword);
  });
  kb.links.forEach((link, i) => {
    for (const side of ["from", "to"] as const) {
      const end = link[side];
      const known = "term" in end ? keywords.has(end.term) : urls.has(end.article);
      if (!known) {
        const what = "term" in end ? `search term "${end.term}"` : `article ${end.article}`;
        problem(["links", i, side], `${what} is not defined in this file`);
      }
    }
    if ("article" in link.from && link.type !== "RELATED_TO") {
      problem(["links", i, "type"], `an article can only link with RELATED_TO, not ${link.type}`);
    }
    if ("article" in link.to && link.type === "SIMILAR_TO") {
      problem(["links", i, "type"], "SIMILAR_TO links two search terms");
    }
    if ("term" in link.to && link.type !== "SIMILAR_TO") {
      problem(["links", i, "type"], `a link to a search term must be SIMILAR_TO, not ${link.type}`);
    }
  });
  const phrases = new Set<string>();
  kb.synonyms?.forEach((group, i) => {
    if (group.length < 2) problem(["synonyms", i], "a synonym group needs two different phrases");
    for (const phrase of group) {
      if (phrases.has(phrase)) problem(["synonyms", i], `"${phrase}" is in more than one synonym group`);
      phrases.add(phrase);
    }
  });
  return problems;
}

function locate(text: string, tree: Node, pathParts: (string | number)[], problem: string): KbProblem {
  // Walk up to the deepest node that exists (a missing property is reported at its parent object).
  let node: Node | undefined;
  for (let depth = pathParts.length; depth >= 0 && !node; depth--) {
    node = findNodeAtLocation(tree, pathParts.slice(0, depth));
  }
  const { line, column } = position(text, node?.offset ?? 0);
  return { field: formatPath(pathParts), line, column, problem };
}

function formatPath(parts: (string | number)[]): string {
  return parts.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return { line, column };
}
