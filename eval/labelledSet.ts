import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { readKnowledgeBaseFile, type KnowledgeBase } from "../src/features/kb";

/** The kinds of labelled question: an exact search term (control), an agent's search, a customer's sentence, and a question the knowledge base cannot answer (`via` says which entry point asks it). */
export const KINDS = ["exact", "search", "sentence", "none"] as const;
export type Kind = (typeof KINDS)[number];

const setSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    knowledgeBase: z.string().min(1),
    queries: z
      .array(
        z
          .object({
            kind: z.enum(KINDS),
            via: z.enum(["search", "sentence"]).optional(),
            text: z.string().min(1),
            relevant: z.array(z.string().min(1)),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** A labelled question with its relevant articles as urls. */
export interface LabelledQuery {
  kind: Kind;
  /** Which entry point asks it: searches go to suggestArticles, sentences to suggestFromText. */
  via: "search" | "sentence";
  text: string;
  relevant: string[];
}

export interface LabelledSet {
  name: string;
  kbFile: string;
  kb: KnowledgeBase;
  queries: LabelledQuery[];
}

/**
 * Reads a labelled set (eval/README.md): its knowledge base (path relative to the set file; JSON, CSV or JSON
 * Lines) and its questions. A relevant article is named by its url or any part of it that names exactly one article.
 */
export async function loadLabelledSet(file: string): Promise<LabelledSet> {
  const parsed = setSchema.parse(JSON.parse(await readFile(file, "utf8")));
  const kbFile = path.resolve(path.dirname(file), parsed.knowledgeBase);
  const kb = await readKnowledgeBaseFile(kbFile);
  const urls = kb.articles.map((a) => a.url);
  const resolve = (id: string): string => {
    if (urls.includes(id)) return id;
    const found = urls.filter((u) => u.includes(id));
    if (found.length !== 1) throw new Error(`${file}: "${id}" names ${found.length} articles, not one`);
    return found[0] as string;
  };
  return {
    name: parsed.name,
    kbFile,
    kb,
    queries: parsed.queries.map((q) => {
      if (q.kind === "none" && q.relevant.length > 0)
        throw new Error(`${file}: "${q.text}" is kind none but has relevant articles`);
      if (q.kind !== "none" && q.relevant.length === 0) throw new Error(`${file}: "${q.text}" has no relevant article`);
      return {
        kind: q.kind,
        via: q.via ?? (q.kind === "sentence" ? "sentence" : "search"),
        text: q.text,
        relevant: q.relevant.map(resolve),
      };
    }),
  };
}
