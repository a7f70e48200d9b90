import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** One ```graphql block of the docs, where it is. */
export interface DocExample {
  file: string;
  line: number;
  source: string;
}

/** Every ```graphql block of README.md and docs/*.md, in reading order. */
export function docExamples(root: string): DocExample[] {
  const files = [
    "README.md",
    ...readdirSync(path.join(root, "docs"))
      .filter((f) => f.endsWith(".md"))
      .sort()
      .map((f) => `docs/${f}`),
  ];
  return files.flatMap((file) => graphqlBlocks(file, readFileSync(path.join(root, file), "utf8")));
}

/** The ```graphql blocks of one Markdown text. */
export function graphqlBlocks(file: string, markdown: string): DocExample[] {
  const blocks: DocExample[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== "```graphql") continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === "```");
    if (end < 0) throw new Error(`${file}:${i + 1}: a graphql block is not closed`);
    blocks.push({ file, line: i + 1, source: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return blocks;
}
