import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { projectPath } from "../src/platform/paths";

/**
 * `npm run lint` runs this: the import rules that keep src/ layered. Layers, lowest first: platform (knows no
 * feature), integrations, features, ui (pages), dev (the local Neo4j and the CXone simulator), app (the composition
 * root) and main. A module imports only from
 * its own layer or below; a feature reaches another feature only through that feature's index.ts; nothing
 * imports the CXone simulator statically (the root loads it with import() when it is enabled); no import cycle.
 */
const SRC = projectPath("src");
const LAYERS = ["generated", "platform", "integrations", "features", "ui", "dev", "app", "main.ts"] as const;
const RANK: Record<string, number> = {
  generated: 0,
  platform: 0,
  integrations: 1,
  features: 2,
  ui: 3,
  dev: 4,
  app: 5,
  "main.ts": 6,
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "console" && dir.endsWith("ui") ? [] : filesUnder(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

interface Edge {
  from: string;
  to: string;
  dynamic: boolean;
}

function importsOf(file: string): Edge[] {
  const text = readFileSync(file, "utf8");
  const edges: Edge[] = [];
  for (const match of text.matchAll(/(?:from\s*|import\s*\(\s*|^import\s+)["'](\.{1,2}\/[^"']+)["']/gm)) {
    const spec = match[1] as string;
    const base = path.resolve(path.dirname(file), spec);
    const target = [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), base].find((candidate) => {
      try {
        return statSync(candidate).isFile();
      } catch {
        return false;
      }
    });
    if (target)
      edges.push({ from: file, to: target, dynamic: match[0].startsWith("import") && match[0].includes("(") });
  }
  return edges;
}

const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0] as string;
const featureOf = (file: string) => {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts[0] === "features" ? parts[1] : undefined;
};
const rel = (file: string) => path.relative(projectPath(), file);

const files = filesUnder(SRC);
const edges = files.flatMap(importsOf);
const problems: string[] = [];
for (const { from, to, dynamic } of edges) {
  const [a, b] = [layerOf(from), layerOf(to)];
  // Codegen output refers to the model types its mappers name (leaf modules); cycles through it are still checked.
  if (a === "generated") continue;
  if (!LAYERS.includes(a as never) || !LAYERS.includes(b as never))
    problems.push(`${rel(from)}: unknown layer of ${rel(to)}`);
  else if ((RANK[b] as number) > (RANK[a] as number)) problems.push(`${rel(from)} imports ${rel(to)}, a higher layer`);
  else if (a !== b && RANK[a] === RANK[b] && a !== "generated" && b !== "generated")
    problems.push(`${rel(from)} imports ${rel(to)}, a sibling layer`);
  const [fa, fb] = [featureOf(from), featureOf(to)];
  if (fb && fa !== fb && path.basename(to) !== "index.ts")
    problems.push(`${rel(from)} reaches into feature ${fb} (import its index.ts)`);
  if (
    to.includes(`${path.sep}cxone-simulator${path.sep}`) &&
    !from.includes(`${path.sep}cxone-simulator${path.sep}`) &&
    !dynamic
  ) {
    problems.push(`${rel(from)} imports the CXone simulator statically (load it with import() when enabled)`);
  }
}

// Cycles, type-only imports included: a cycle of types is still two modules that cannot be read apart.
const graph = new Map<string, string[]>();
for (const { from, to } of edges) graph.set(from, [...(graph.get(from) ?? []), to]);
const state = new Map<string, "open" | "done">();
const stack: string[] = [];
const visit = (file: string) => {
  state.set(file, "open");
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === "open")
      problems.push(`import cycle: ${[...stack.slice(stack.indexOf(next)), next].map(rel).join(" -> ")}`);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, "done");
};
for (const file of files) if (!state.has(file)) visit(file);

if (problems.length > 0) {
  console.error(`architecture: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(
  `architecture: ${files.length} modules, ${edges.length} imports, layers and feature boundaries respected, no cycle`,
);
