import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { z } from "zod";
import { normalizeKeyword } from "../graph/suggestionInput";

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

const kbSchema = z
  .object({
    version: z.literal(1),
    articles: z.array(
      z
        .object({
          url: z.string().url().max(2048),
          title: z.string().min(1).max(500),
          summary: z.string().max(5000).default(""),
          status: z.enum(["published", "draft", "deprecated"]),
          priority: z.number().int().min(0).max(100),
          updatedAt: z.string().datetime({ offset: true }).optional(),
        })
        .strict(),
    ),
    searchTerms: z.array(z.object({ keyword: z.string().min(1).max(256) }).strict()),
    links: z.array(z.object({ from: endpoint, type: z.enum(RELATIONSHIP_TYPES), to: endpoint }).strict()),
  })
  .strict();

export type KnowledgeBase = z.infer<typeof kbSchema>;
export type KbEndpoint = z.infer<typeof endpoint>;

/** A rejected file: the JSON path and line/column of the first problem. */
export class KbFormatError extends Error {
  constructor(
    readonly field: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`line ${line}, column ${column}${field ? ` (${field})` : ""}: ${problem}`);
    this.name = "KbFormatError";
  }
}

/** Parses and checks a knowledge-base file; keywords come back normalized. Throws KbFormatError. */
export function parseKnowledgeBase(text: string): KnowledgeBase {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const firstError = errors[0];
  if (firstError || !tree) {
    const offset = firstError?.offset ?? 0;
    const { line, column } = position(text, offset);
    throw new KbFormatError("", line, column, `invalid JSON (${firstError ? printParseErrorCode(firstError.error) : "empty"})`);
  }
  const parsed = kbSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.ZodIssue;
    throw locate(text, tree, issue.path, issue.message);
  }
  const kb = parsed.data;
  kb.searchTerms = kb.searchTerms.map((t) => ({ keyword: normalizeKeyword(t.keyword) }));
  kb.links = kb.links.map((l) => ({ ...l, from: normalizeEndpoint(l.from), to: normalizeEndpoint(l.to) }));
  checkReferences(text, tree, kb);
  return kb;
}

function normalizeEndpoint(e: KbEndpoint): KbEndpoint {
  return "term" in e ? { term: normalizeKeyword(e.term) } : e;
}

/** Duplicates and dangling link ends are errors too: an import must not silently merge or drop them. */
function checkReferences(text: string, tree: Node, kb: KnowledgeBase): void {
  const urls = new Set<string>();
  kb.articles.forEach((a, i) => {
    if (urls.has(a.url)) throw locate(text, tree, ["articles", i, "url"], `duplicate article url ${a.url}`);
    urls.add(a.url);
  });
  const keywords = new Set<string>();
  kb.searchTerms.forEach((t, i) => {
    if (keywords.has(t.keyword)) throw locate(text, tree, ["searchTerms", i, "keyword"], `duplicate search term "${t.keyword}"`);
    keywords.add(t.keyword);
  });
  kb.links.forEach((link, i) => {
    for (const side of ["from", "to"] as const) {
      const end = link[side];
      const known = "term" in end ? keywords.has(end.term) : urls.has(end.article);
      if (!known) {
        const what = "term" in end ? `search term "${end.term}"` : `article ${end.article}`;
        throw locate(text, tree, ["links", i, side], `${what} is not defined in this file`);
      }
    }
    if ("article" in link.from && link.type !== "RELATED_TO") {
      throw locate(text, tree, ["links", i, "type"], `an article can only link with RELATED_TO, not ${link.type}`);
    }
    if ("article" in link.to && link.type === "SIMILAR_TO") {
      throw locate(text, tree, ["links", i, "type"], "SIMILAR_TO links two search terms");
    }
    if ("term" in link.to && link.type !== "SIMILAR_TO") {
      throw locate(text, tree, ["links", i, "type"], `a link to a search term must be SIMILAR_TO, not ${link.type}`);
    }
  });
}

function locate(text: string, tree: Node, pathParts: (string | number)[], problem: string): KbFormatError {
  // Walk up to the deepest node that exists (a missing property is reported at its parent object).
  let node: Node | undefined;
  for (let depth = pathParts.length; depth >= 0 && !node; depth--) {
    node = findNodeAtLocation(tree, pathParts.slice(0, depth));
  }
  const { line, column } = position(text, node?.offset ?? 0);
  return new KbFormatError(formatPath(pathParts), line, column, problem);
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
