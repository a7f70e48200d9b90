import { existsSync } from "node:fs";
import path from "node:path";

/** The project root (the folder holding package.json), whether running from src/ or dist/src/. */
export const PROJECT_ROOT = findRoot(__dirname);

/** A path inside the project, for files shipped with it (schema, demo data, the Neo4j launcher). */
export function projectPath(...segments: string[]): string {
  return path.join(PROJECT_ROOT, ...segments);
}

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}
